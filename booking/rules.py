"""Review day rules: the slot grid, which slots are free, and booking, moving and cancelling appointments.

Every booking is a Meeting of type 'review day slot', so notices, reminders, records and the three-a-year count
follow from it. Two office computers booking the same slot at once: the slot row is locked while one books, and
the database constraints (see models.py) refuse whatever gets past the lock.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Role
from common import when
from meetings import scheduling
from meetings.compliance import is_short_notice
from meetings.models import BOOKED_STATUSES, Meeting, MeetingStatus, MeetingType
from meetings.notice_planning import plan_meeting
from pupils.models import Pupil
from school.calendar import is_school_day

from .models import Booking, DayKind, ReviewDay, ReviewDayStaff, Slot, WeeklySeries

SHORT_NOTICE_REASON = "Booked for the review day"
WEEKLY_SHORT_NOTICE_REASON = "Booked as a weekly appointment"
ALTERNATIVES = 3


class BookingRefused(Exception):
    """The booking cannot be made; `message` says why in words for the office."""

    message = "That booking cannot be made."

    def __init__(self, alternatives=()):
        super().__init__(self.message)
        self.alternatives = list(alternatives)


class SlotTaken(BookingRefused):
    message = "That slot has just been taken."


class AlreadyBooked(BookingRefused):
    message = "This pupil already has a booking on this review day."


class NotAdjacent(BookingRefused):
    message = "Siblings' slots must be next to each other, with the same member of staff."


# The slot grid


def slot_times(review_day: ReviewDay) -> list[tuple[datetime, datetime]]:
    """Start and end of each appointment: one slot length after another, none crossing a break or the end."""
    length = timedelta(minutes=review_day.slot_minutes)
    breaks = [(review_day.at(start), review_day.at(end)) for start, end in review_day.break_periods()]
    times, start, day_end = [], review_day.at(review_day.starts_at), review_day.at(review_day.ends_at)
    while start + length <= day_end:
        clash = next((b_end for b_start, b_end in breaks if start < b_end and b_start < start + length), None)
        if clash:
            start = clash
            continue
        times.append((start, start + length))
        start += length
    return times


@transaction.atomic
def generate_slots(review_day: ReviewDay) -> list[Slot]:
    """Create the slots for each member of staff on the day (those not made already)."""
    times = slot_times(review_day)
    slots = []
    for line in review_day.staff_lines.select_related("staff"):
        existing = set(Slot.objects.filter(review_day=review_day, staff=line.staff).values_list("starts_at", flat=True))
        new = [(start, end) for start, end in times if start not in existing]
        if new and elsewhere(line.staff, new[0][0], new[-1][1], review_day).exists():
            raise ValidationError(
                f"{line.staff.get_full_name()} already has appointments at these times on "
                f"{when.day(review_day.date)}, on another review day or weekly appointments."
            )
        slots += [
            Slot(review_day=review_day, staff=line.staff, room=line.room, starts_at=start, ends_at=end)
            for start, end in new
        ]
    return Slot.objects.bulk_create(slots)


@transaction.atomic
def generate_series(series: WeeklySeries) -> list[ReviewDay]:
    """A day of kind 'weekly', its one staff line and its slots, for each week of the series that is a school
    day (weekends, holidays, half terms and closure days skipped), those not made already."""
    made = set(series.days.values_list("date", flat=True))
    days = []
    for on in series.weeks():
        if on in made or not is_school_day(on):
            continue
        day = ReviewDay.objects.create(
            kind=DayKind.WEEKLY,
            series=series,
            date=on,
            starts_at=series.starts_at,
            ends_at=series.ends_at,
            slot_minutes=series.slot_minutes,
            created_by=series.created_by,
        )
        ReviewDayStaff.objects.create(review_day=day, staff=series.staff, room=series.room)
        generate_slots(day)
        days.append(day)
    return days


def elsewhere(staff, starts_at: datetime, ends_at: datetime, review_day: ReviewDay):
    """The member of staff's slots on other review days overlapping this time."""
    return Slot.objects.filter(staff=staff, starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(review_day=review_day)


# Free slots


def live_booking_exists():
    return Exists(Booking.objects.live().filter(slot=OuterRef("pk")))


def free_slots(review_day: ReviewDay, pupil: Pupil | None = None) -> list[Slot]:
    """Slots with no live booking, the pupil's key worker's first, then the SENCO's, then the rest, by time."""
    preferred = [When(staff__role=Role.SENCO, then=Value(1))]
    if pupil and pupil.key_worker_id:
        preferred.insert(0, When(staff=pupil.key_worker_id, then=Value(0)))
    slots = (
        Slot.objects.filter(review_day=review_day, starts_at__gt=timezone.now())
        .exclude(live_booking_exists())
        .annotate(preference=Case(*preferred, default=Value(2), output_field=IntegerField()))
        .select_related("staff")
        .order_by("preference", "starts_at", "pk")
    )
    return list(slots)


def nearest_free(slot: Slot, pupil: Pupil | None = None, count: int = ALTERNATIVES) -> list[Slot]:
    """The free slots on the same day closest in time to `slot`, the same member of staff first on a tie."""
    free = [s for s in free_slots(slot.review_day, pupil) if s.pk != slot.pk]
    free.sort(key=lambda s: (abs(s.starts_at - slot.starts_at), s.staff_id != slot.staff_id, s.starts_at))
    return free[:count]


def free_runs(review_day: ReviewDay, length: int) -> list[list[Slot]]:
    """Runs of `length` free slots back to back with the same member of staff (for siblings), by time."""
    by_staff: dict[int, list[Slot]] = {}
    for slot in sorted(free_slots(review_day), key=lambda s: s.starts_at):
        by_staff.setdefault(slot.staff_id, []).append(slot)
    runs = []
    for slots in by_staff.values():
        for i in range(len(slots) - length + 1):
            run = slots[i : i + length]
            if all(a.ends_at == b.starts_at for a, b in zip(run, run[1:], strict=False)):
                runs.append(run)
    return sorted(runs, key=lambda run: (run[0].starts_at, run[0].staff_id))


def siblings(pupil: Pupil):
    """Other pupils on the register who share a parent or carer with this one."""
    return (
        Pupil.objects.on_register()
        .filter(parent_links__parent__pupil_links__pupil=pupil)
        .exclude(pk=pupil.pk)
        .distinct()
    )


# Booking


def book(slot: Slot, pupil: Pupil, user) -> Booking:
    """Book the pupil's family into the slot: a meeting, its invitations and notices, all or nothing."""
    try:
        with transaction.atomic():
            return _book(slot, pupil, user)
    except IntegrityError:
        raise _refusal(slot, pupil) from None


def book_siblings(slots: list[Slot], pupils: list[Pupil], user) -> list[Booking]:
    """Book brothers and sisters into adjacent slots with the same member of staff, all or none."""
    slots = sorted(slots, key=lambda s: s.starts_at)
    adjacent = all(a.ends_at == b.starts_at for a, b in zip(slots, slots[1:], strict=False))
    if len(slots) != len(pupils) or len({(s.staff_id, s.review_day_id) for s in slots}) != 1 or not adjacent:
        raise NotAdjacent()
    try:
        with transaction.atomic():
            return [_book(slot, pupil, user) for slot, pupil in zip(slots, pupils, strict=True)]
    except IntegrityError:
        raise _refusal(slots[0], pupils[0]) from None


def _book(slot: Slot, pupil: Pupil, user) -> Booking:
    slot = Slot.objects.select_for_update().select_related("staff", "review_day").get(pk=slot.pk)
    _check_free(slot, pupil)
    meeting = _meeting_for(slot, pupil, user)
    booking = Booking.objects.create(
        slot=slot, review_day=slot.review_day, pupil=pupil, meeting=meeting, booked_by=user
    )
    plan_meeting(meeting)
    return booking


def _check_free(slot: Slot, pupil: Pupil, moving: Booking | None = None) -> None:
    if Booking.objects.live().filter(slot=slot).exists():
        raise SlotTaken(nearest_free(slot, pupil))
    others = Booking.objects.live().filter(review_day=slot.review_day_id, pupil=pupil)
    if moving:
        others = others.exclude(pk=moving.pk)
    if others.exists():
        raise AlreadyBooked()


def _refusal(slot: Slot, pupil: Pupil) -> BookingRefused:
    """After the database refused a booking (a race the lock did not cover): say which rule it broke."""
    if Booking.objects.live().filter(review_day=slot.review_day_id, pupil=pupil).exists():
        return AlreadyBooked()
    return SlotTaken(nearest_free(slot, pupil))


def short_notice_reason(review_day: ReviewDay) -> str:
    if not is_short_notice(timezone.localdate(), review_day.date):
        return ""
    return WEEKLY_SHORT_NOTICE_REASON if review_day.is_weekly else SHORT_NOTICE_REASON


def _meeting_for(slot: Slot, pupil: Pupil, user) -> Meeting:
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        pupil=pupil,
        meeting_type=MeetingType.WEEKLY_SLOT if slot.review_day.is_weekly else MeetingType.REVIEW_DAY,
        starts_at=slot.starts_at,
        duration_minutes=slot.minutes,
        place=slot.room,
        purpose=purpose(slot, pupil),
        led_by=slot.staff,
        invited_on=today,
        short_notice_reason=short_notice_reason(slot.review_day),
        interpreter_language=scheduling.interpreter_language_for(pupil),
        created_by=user,
    )
    links = pupil.parent_links.select_related("parent").filter(has_parental_responsibility=True)
    scheduling.invite(meeting, parents=[link.parent for link in links])
    return meeting


def purpose(slot: Slot, pupil: Pupil) -> str:
    context = {
        "minutes": slot.minutes,
        "staff": slot.staff.get_full_name(),
        "pupil": pupil.first_name,
        "weekly": slot.review_day.is_weekly,
    }
    return render_to_string("booking/purpose.txt", context).strip()


# Moving and cancelling


def move(booking: Booking, new_slot: Slot, user) -> Booking:
    """Move a booking to another slot: the old booking and meeting are kept, marked moved and rearranged."""
    try:
        with transaction.atomic():
            return _move(booking, new_slot, user)
    except IntegrityError:
        raise _refusal(new_slot, booking.pupil) from None


def _move(booking: Booking, new_slot: Slot, user) -> Booking:
    booking = Booking.objects.select_for_update().select_related("meeting", "pupil").get(pk=booking.pk)
    if not booking.is_live or booking.slot_id == new_slot.pk:
        raise BookingRefused()
    new_slot = Slot.objects.select_for_update().select_related("staff", "review_day").get(pk=new_slot.pk)
    _check_free(new_slot, booking.pupil, moving=booking)
    reason = short_notice_reason(new_slot.review_day)
    meeting = scheduling.rearrange(booking.meeting, new_slot.starts_at, user, short_notice_reason=reason)
    meeting.place, meeting.led_by, meeting.duration_minutes = new_slot.room, new_slot.staff, new_slot.minutes
    meeting.purpose = purpose(new_slot, booking.pupil)
    meeting.save(update_fields=["place", "led_by", "duration_minutes", "purpose"])
    booking.cancelled_at, booking.cancelled_by = timezone.now(), user
    booking.cancellation_reason = f"Moved to {new_slot}."
    booking.save(update_fields=["cancelled_at", "cancelled_by", "cancellation_reason"])
    moved = Booking.objects.create(
        slot=new_slot, review_day=new_slot.review_day, pupil=booking.pupil, meeting=meeting, booked_by=user
    )
    booking.moved_to = moved
    booking.save(update_fields=["moved_to"])
    plan_meeting(booking.meeting)
    plan_meeting(meeting)
    return moved


@transaction.atomic
def cancel(booking: Booking, user, reason: str) -> None:
    """Cancel a booking: the slot is free again; the meeting is kept, cancelled, and the family told."""
    booking = Booking.objects.select_for_update().select_related("meeting").get(pk=booking.pk)
    if not booking.is_live:
        return
    booking.cancelled_at, booking.cancelled_by, booking.cancellation_reason = timezone.now(), user, reason
    booking.save(update_fields=["cancelled_at", "cancelled_by", "cancellation_reason"])
    scheduling.cancel(booking.meeting, reason)
    plan_meeting(booking.meeting)


# The day itself

ATTENDANCE = (MeetingStatus.HELD, MeetingStatus.DID_NOT_ATTEND)


@transaction.atomic
def mark_attendance(booking: Booking, status: str) -> bool:
    """Mark a booked appointment held or not attended; False if it is no longer booked, has not started yet,
    or the status is wrong (a future appointment must not count towards the three meetings)."""
    if status not in ATTENDANCE:
        return False
    meeting = Meeting.objects.select_for_update().get(pk=booking.meeting_id)
    if meeting.status not in BOOKED_STATUSES or meeting.starts_at > timezone.now():
        return False
    meeting.status = status
    meeting.save(update_fields=["status"])
    plan_meeting(meeting)
    return True
