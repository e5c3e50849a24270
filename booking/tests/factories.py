"""A review day three weeks ahead (a weekday), 09:00 to 12:00 with a break 10:20-10:40, and its staff lines.

`ReviewDayFactory()` has no staff; `review_day_with(senco, teacher)` adds each in a room and makes the slots.
"""

import datetime

import factory

from accounts.models import Role
from accounts.tests.factories import UserFactory
from booking.models import ReviewDay, ReviewDayStaff
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
