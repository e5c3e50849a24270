"""Events for the demo school's parents this school year: coffee mornings, a workshop, an information evening and a
support group, at different times of day, with who was invited and who came (so the times-of-day report has
something to show), and one coming up with its invitations planned.

Safe to run again: if any event exists, nothing is added.
"""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from demo import content
from events.models import Audience, Event, EventKind, Guest
from events.notices import children_by_parent, plan_invitations
from school.calendar import is_school_day, next_school_day, previous_school_day

SEED = 2026

# (weeks ago, weekday, start, minutes, kind, topic, audience, need, share of parents who came), from
# demo/content/events.json.
PAST = [
    (
        e["weeks_ago"],
        e["weekday"],
        time.fromisoformat(e["starts"]),
        e["minutes"],
        e["kind"],
        e["topic"],
        e["audience"],
        e["need"],
        e["share_who_came"],
    )
    for e in content.words("events")["past"]
]


def on(weeks_ago: int, weekday: int, today: date) -> date:
    """The weekday that many weeks ago (negative: ahead), kept to a school day: an event is not held in a holiday,
    so a past one moves back to the school day before, one to come on to the school day after."""
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks_ago)
    day = monday + timedelta(days=weekday)
    if is_school_day(day):
        return day
    return previous_school_day(day) if day < today else next_school_day(day)


def at(day: date, start: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, start))


def build_demo_events(senco: User, today: date | None = None) -> Counter:
    today = today or timezone.localdate()
    created: Counter[str] = Counter()
    if Event.objects.exists():
        return created
    rng = random.Random(SEED)
    with transaction.atomic():
        for weeks_ago, weekday, start, minutes, kind, topic, audience, need, came in PAST:
            starts_at = at(on(weeks_ago, weekday, today), start)
            event = Event.objects.create(
                kind=kind,
                topic=topic,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=minutes),
                venue="The family room, next to the main office" if start.hour < 17 else "The school hall",
                audience=audience,
                need=need,
                creche_offered=start.hour >= 17,
                notes="Tea, coffee and a chance to meet other parents. Come for as long as you can.",
                created_by=senco,
            )
            guests = _invite_in_the_past(event, starts_at - timedelta(days=14))
            for guest in guests:
                guest.attended = rng.random() < came
                guest.attendance_recorded_by = senco
                guest.attendance_recorded_at = event.ends_at
            Guest.objects.bulk_update(guests, ["attended", "attendance_recorded_by", "attendance_recorded_at"])
            created["events held"] += 1
            created["parents who came to events"] += sum(guest.attended for guest in guests)
        coming = at(on(-2, 4, today), time(9, 0))
        event = Event.objects.create(
            kind=EventKind.COFFEE_MORNING,
            topic="Getting ready for the move to secondary school",
            starts_at=coming,
            ends_at=coming + timedelta(minutes=90),
            venue="The family room, next to the main office",
            audience=Audience.YEAR_GROUP,
            year_group=6,
            creche_offered=True,
            notes="The Year 7 SENCO from the secondary school will be with us.",
            created_by=senco,
        )
        created["events coming up"] += 1
        created["parents invited to an event"] += plan_invitations(event)
    return created


def _invite_in_the_past(event: Event, invited_at: datetime) -> list[Guest]:
    """Guests as if invited two weeks before: no messages (those went long ago in the story)."""
    guests = []
    for parent_id, pupil_ids in children_by_parent(event).items():
        guest = Guest.objects.create(event=event, parent_id=parent_id, invited_at=invited_at)
        guest.children.set(pupil_ids)
        guests.append(guest)
    return guests
