"""How fast the office can book a review day. Not a test: run it by hand and read the figures.

    .venv/bin/python bench/booking.py [FAMILIES] [STAFF]

In a throwaway SQLite database (test factories; needs requirements-test.txt), the SENCO sets up a review day
with STAFF members of staff (4 by default) and enough 10-minute slots for FAMILIES families (150 by default),
then the office books every family through booking.rules.book, the code path the booking page uses: the slot
row locked, the meeting, its invitations and its notices. Prints bookings per second and the total time.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senco_portal.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

SLOT_MINUTES = 10


def set_up_day(families: int, staff: int):
    import datetime

    from accounts.models import Role
    from accounts.tests.factories import UserFactory
    from booking import rules
    from booking.models import ReviewDay, ReviewDayStaff
    from meetings.tests.factories import weekday_from_today
    from pupils.tests.factories import PupilParentFactory

    senco = UserFactory(role=Role.SENCO)
    office = UserFactory(role=Role.OFFICE)
    members = [senco] + [UserFactory(role=Role.STAFF) for _ in range(staff - 1)]
    per_member = -(-families // staff)  # enough slots for everyone, rounded up
    start = datetime.datetime.combine(datetime.date.today(), datetime.time(8, 30))
    end = (start + datetime.timedelta(minutes=SLOT_MINUTES * per_member)).time()
    day = ReviewDay.objects.create(
        date=weekday_from_today(21).date(),
        starts_at=start.time(),
        ends_at=end,
        slot_minutes=SLOT_MINUTES,
        created_by=senco,
    )
    ReviewDayStaff.objects.bulk_create(
        ReviewDayStaff(review_day=day, staff=member, room=f"Room {n}") for n, member in enumerate(members, 1)
    )
    begun = time.perf_counter()
    slots = rules.generate_slots(day)
    generated = time.perf_counter() - begun
    pupils = [PupilParentFactory().pupil for _ in range(families)]
    return day, office, pupils, len(slots), generated


def main(families: int, staff: int) -> None:
    from booking import rules
    from booking.models import Booking, Slot

    call_command("migrate", verbosity=0)
    day, office, pupils, slot_count, generated = set_up_day(families, staff)
    print(
        f"Review day: {staff} staff, {slot_count} slots of {SLOT_MINUTES} minutes, generated in "
        f"{generated * 1000:.0f} ms"
    )
    slots = list(Slot.objects.filter(review_day=day).order_by("starts_at", "pk"))
    timings = []
    started = time.perf_counter()
    for slot, pupil in zip(slots, pupils, strict=False):
        begun = time.perf_counter()
        rules.book(slot, pupil, office)
        timings.append(time.perf_counter() - begun)
    elapsed = time.perf_counter() - started
    assert Booking.objects.live().filter(review_day=day).count() == families
    print(f"{families} families booked in {elapsed:.2f} s: {families / elapsed:.1f} bookings per second")
    print(f"median {statistics.median(timings) * 1000:.0f} ms per booking, slowest {max(timings) * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 150, int(sys.argv[2]) if len(sys.argv) > 2 else 4)
