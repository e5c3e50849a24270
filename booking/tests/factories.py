"""A review day three weeks ahead (a weekday), 09:00 to 12:00 with a break 10:20-10:40, and its staff lines.

`ReviewDayFactory()` has no staff; `review_day_with(senco, teacher)` adds each in a room and makes the slots.
`weekly_series(senco)`: every Tuesday 08:40 to 09:20, two 20-minute slots, for five weeks.
"""

import datetime

import factory
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from booking.models import ReviewDay, ReviewDayStaff, WeeklySeries
from booking.rules import generate_slots
from meetings.tests.factories import weekday_from_today


class ReviewDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewDay

    date = factory.LazyFunction(lambda: weekday_from_today(21).date())
    starts_at = datetime.time(9, 0)
    ends_at = datetime.time(12, 0)
    slot_minutes = 20
    breaks = "10:20-10:40"
    created_by = factory.SubFactory(UserFactory, role=Role.SENCO)


def review_day_with(*staff, **fields) -> ReviewDay:
    day = ReviewDayFactory(**fields)
    for n, member in enumerate(staff, start=1):
        ReviewDayStaff.objects.create(review_day=day, staff=member, room=f"Room {n}")
    generate_slots(day)
    return day


def next_weekday(weekday: int, days_ahead: int = 21) -> datetime.date:
    """The first `weekday` (0 is Monday) at least `days_ahead` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def weekly_series(staff, weeks: int = 5, **fields) -> WeeklySeries:
    """Every Tuesday 08:40 to 09:20 in two 20-minute slots, for `weeks` weeks from a Tuesday three weeks ahead;
    no days made yet (call rules.generate_series)."""
    first = fields.pop("first_date", None) or next_weekday(1)
    values = {
        "weekday": 1,
        "starts_at": datetime.time(8, 40),
        "ends_at": datetime.time(9, 20),
        "slot_minutes": 20,
        "staff": staff,
        "room": "SENCO office",
        "first_date": first,
        "last_date": first + datetime.timedelta(weeks=weeks - 1),
        "created_by": staff,
    }
    return WeeklySeries.objects.create(**values | fields)
