"""Review days for the demo school, built around the review-day appointments the demo meetings already hold.

Each date with 'review day slot' meetings becomes a ReviewDay: the staff who held appointments, each in the room
they used most, a 20-minute grid from 08:40 with lunch at 12:00, and every appointment booked into its slot. The
upcoming day has its invitations out (sent three weeks ago): some families booked, a few declined, the rest
still to book, so the office has a list to work through. And the SENCO's weekly Tuesday slots to the end of term.
"""

import random
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from booking import invitations, rules
from booking.models import Booking, Invitation, ReviewDay, ReviewDayStaff, WeeklySeries
from booking.notices import ReviewDayMessageKind, plan_invitations
from demo import content
from demo.meetings import teaching_window
from meetings.models import BOOKED_STATUSES, Meeting, MeetingStatus, MeetingType
from notices.content import compose
from notices.models import Channel, Message, MessageStatus
from school.years import academic_year_of

SEED = 2026
DAY_STARTS, DAY_ENDS, LUNCH = time(8, 40), time(15, 20), "12:00-13:00"
MIN_APPOINTMENTS = 5
HELD_OR_BOOKED = (*BOOKED_STATUSES, MeetingStatus.HELD, MeetingStatus.DID_NOT_ATTEND)
DECLINE_NOTES = content.words("booking")["decline_notes"]


@transaction.atomic
def build_demo_review_days(senco: User, office: User, today: date) -> Counter:
    created: Counter = Counter()
    if ReviewDay.objects.exists():
        return created
    meetings = Meeting.objects.filter(meeting_type=MeetingType.REVIEW_DAY, status__in=HELD_OR_BOOKED)
    by_date: dict[date, list[Meeting]] = defaultdict(list)
    for meeting in meetings.select_related("led_by").order_by("starts_at"):
        by_date[timezone.localtime(meeting.starts_at).date()].append(meeting)
    for on, held in sorted(by_date.items()):
        if len(held) < MIN_APPOINTMENTS:
            continue  # a review-day appointment moved to another date: a meeting of its own now
        day = _review_day(on, held, senco)
        upcoming = on >= today
        if upcoming:  # in the order it happened: invitations out first, then the families' replies
            created["review-day invitations"] += _invite_everyone(day, senco, today)
        created["review-day bookings"] += _book(day, held, office, upcoming)
        if upcoming:
            _some_decline(day, office, today)
        created["review days"] += 1
    created["weekly appointment days"] += _weekly(senco, today)
    return created


def _review_day(on: date, held: list[Meeting], senco: User) -> ReviewDay:
    """The day, its staff (the SENCO's column first), each in the room they used most, and its slots."""
    day = ReviewDay.objects.create(
        date=on, starts_at=DAY_STARTS, ends_at=DAY_ENDS, slot_minutes=20, breaks=LUNCH, created_by=senco
    )
    rooms: dict[User, Counter] = defaultdict(Counter)
    for meeting in sorted(held, key=lambda m: m.led_by_id != senco.pk):
        rooms[meeting.led_by][meeting.place] += 1
    ReviewDayStaff.objects.bulk_create(
        ReviewDayStaff(review_day=day, staff=staff, room=places.most_common(1)[0][0]) for staff, places in rooms.items()
    )
    rules.generate_slots(day)
    return day


def _book(day: ReviewDay, held: list[Meeting], office: User, upcoming: bool) -> int:
    """Each appointment into its slot (one off the grid, or at a time already taken, stays a meeting of its own)."""
    slots = {(slot.staff_id, slot.starts_at): slot for slot in day.slots.all()}
    booked: set[int] = set()
    for meeting in held:
        slot = slots.pop((meeting.led_by_id, meeting.starts_at), None)
        if slot is None or meeting.pupil_id in booked:
            continue
        booked.add(meeting.pupil_id)
        Booking.objects.create(slot=slot, review_day=day, pupil_id=meeting.pupil_id, meeting=meeting, booked_by=office)
        if upcoming and meeting.place != slot.room:  # not told yet (notices come later): the room on the grid
            Meeting.objects.filter(pk=meeting.pk).update(place=slot.room)
    return len(booked)


def _invite_everyone(day: ReviewDay, senco: User, today: date) -> int:
    """Every family invited three weeks ago: the invitations composed then, sent, and the letters printed."""
    invited_at = timezone.make_aware(datetime.combine(today - timedelta(days=21), time(9, 15)))
    pupils = list(invitations.chosen_pupils(invitations.Choice.EVERYONE).prefetch_related("parent_links__parent"))
    Invitation.objects.bulk_create(
        Invitation(review_day=day, pupil=pupil, invited_by=senco, invited_at=invited_at) for pupil in pupils
    )
    parents = {link.parent for pupil in pupils for link in pupil.parent_links.all() if link.has_parental_responsibility}
    plan_invitations(day, sorted(parents, key=lambda parent: parent.pk), now=invited_at)
    invitations_sent = Message.objects.filter(review_day=day, kind=ReviewDayMessageKind.INVITATION)
    for message in invitations_sent.select_related("parent"):
        compose(message)
        message.status, message.sent_at, message.attempts = MessageStatus.SENT, invited_at, 1
        if message.channel == Channel.LETTER:
            message.printed_at = invited_at
        message.save()
    return len(pupils)


def _some_decline(day: ReviewDay, office: User, today: date) -> None:
    rng = random.Random(SEED)
    waiting = list(Invitation.objects.filter(review_day=day).still_to_book().order_by("pupil__upn"))
    for invitation, note in zip(
        rng.sample(waiting, min(len(DECLINE_NOTES), len(waiting))), DECLINE_NOTES, strict=False
    ):
        invitation.declined_at = timezone.make_aware(
            datetime.combine(today - timedelta(days=rng.randint(2, 15)), time(11))
        )
        invitation.decline_note, invitation.declined_recorded_by = note, office
        invitation.save(update_fields=["declined_at", "decline_note", "declined_recorded_by"])


def _weekly(senco: User, today: date) -> int:
    """The SENCO's Tuesday slots, 08:40 to 09:20, from next week to the end of this term's teaching."""
    _, last = teaching_window(academic_year_of(today).term_of(today))
    first = today + timedelta(days=(1 - today.weekday()) % 7 or 7)  # next Tuesday
    if first > last:
        return 0
    series = WeeklySeries.objects.create(
        weekday=1,
        starts_at=time(8, 40),
        ends_at=time(9, 20),
        slot_minutes=20,
        staff=senco,
        room="SENCO's office, Room S14 (ask at the main reception)",
        first_date=first,
        last_date=last,
        created_by=senco,
    )
    return len(rules.generate_series(series))
