"""Booking a review day from several desks at once. Not a test: run it and read the figures.

    .venv/bin/python bench/booking.py [FAMILIES] [CLIENTS] [STAFF]   # 150, 4 and 4 by default

In its own PostgreSQL database (senco_bench_booking; test factories, so it needs requirements-test.txt), the
SENCO sets up a review day with STAFF members of staff and exactly enough 10-minute slots for FAMILIES families.
Then CLIENTS processes (the office's desks) book them at once through booking.rules.book, the code path the
booking page uses (the slot row locked, the meeting, its invitations and its notices): the families are shared
out among the desks, and every desk takes the earliest slot it last saw free, so the desks race for the same
slots. A desk told "that slot has just been taken" takes the next free one, as the page offers. At the end it
checks that every family has exactly one booking, no slot has two, and each booking has its meeting.
"""

import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database, use_database  # noqa: E402

DATABASE = "senco_bench_booking"
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
    offices = [UserFactory(role=Role.OFFICE) for _ in range(8)]
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
    slots = rules.generate_slots(day)
    pupils = [PupilParentFactory().pupil for _ in range(families)]
    return day, offices, pupils, len(slots)


def desk(number: int, day_pk: int, office_pk: int, pupil_pks: list[int], start, results) -> None:
    """One office desk: book each of its families into the earliest slot it believes free."""
    from django.db import connection

    from accounts.models import User
    from booking import rules
    from booking.models import ReviewDay
    from pupils.models import Pupil

    connection.close()  # a connection of its own, never the parent's
    office = User.objects.get(pk=office_pk)
    day = ReviewDay.objects.get(pk=day_pk)
    pupils = list(Pupil.objects.filter(pk__in=pupil_pks).order_by("pk"))
    start.wait()
    timings, taken = [], 0
    free = rules.free_slots(day)
    for pupil in pupils:
        while True:
            if not free:
                free = rules.free_slots(day)
            slot = free.pop(0)
            began = time.perf_counter()
            try:
                rules.book(slot, pupil, office)
            except rules.SlotTaken as refused:
                taken += 1
                free = list(refused.alternatives) or rules.free_slots(day)
                continue
            timings.append(time.perf_counter() - began)
            break
    results.put((number, timings, taken))


def run(families: int = 150, clients: int = 4, staff: int = 4) -> dict:
    fresh_database(DATABASE)
    use_database(DATABASE)
    from django.db import connections
    from django.db.models import Count

    from booking.models import Booking

    day, offices, pupils, slot_count = set_up_day(families, staff)
    connections.close_all()  # the desks are forked: each opens its own connection
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(clients + 1), context.Queue()
    shares = [[p.pk for p in pupils[n::clients]] for n in range(clients)]
    desks = [
        context.Process(target=desk, args=(n, day.pk, offices[n].pk, shares[n], start, results)) for n in range(clients)
    ]
    for process in desks:
        process.start()
    start.wait()
    began = time.perf_counter()
    finished = [results.get(timeout=600) for _ in desks]
    elapsed = time.perf_counter() - began
    for process in desks:
        process.join()
    timings = [t for _, desk_timings, _ in finished for t in desk_timings]
    live = Booking.objects.live().filter(review_day=day)
    slots_twice = live.values("slot").annotate(n=Count("pk")).filter(n__gt=1).count()
    families_twice = live.values("pupil").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {
        "families": families,
        "clients": clients,
        "slots": slot_count,
        "booked": live.count(),
        "with_meeting": live.filter(meeting__isnull=False).count(),
        "seconds": elapsed,
        "per_second": families / elapsed,
        "median_ms": statistics.median(timings) * 1000,
        "slowest_ms": max(timings) * 1000,
        "races_lost": sum(taken for _, _, taken in finished),
        "slots_twice": slots_twice,
        "families_twice": families_twice,
        "ok": live.count() == families and not slots_twice and not families_twice,
    }


def main() -> None:
    args = [int(a) for a in sys.argv[1:4]]
    result = run(*args)
    print(
        f"{result['families']} families booked from {result['clients']} desks at once into {result['slots']} slots "
        f"in {result['seconds']:.2f} s: {result['per_second']:.1f} bookings per second (median "
        f"{result['median_ms']:.0f} ms per booking, slowest {result['slowest_ms']:.0f} ms)"
    )
    print(
        f"{result['booked']} live bookings, {result['with_meeting']} with their meeting; {result['races_lost']} "
        f"races for a slot lost and retried; slots booked twice: {result['slots_twice']}, families booked twice: "
        f"{result['families_twice']}"
    )


if __name__ == "__main__":
    main()
