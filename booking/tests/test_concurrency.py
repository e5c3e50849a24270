import threading

import pytest
from django.db import connection

from booking import rules
from booking.models import Booking
from booking.tests.factories import review_day_with
from meetings.models import Meeting
from notices.models import Message
from pupils.tests.factories import PupilFactory, PupilParentFactory

OFFICE_COMPUTERS = 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent booking is tested on PostgreSQL (CI)")
def test_many_office_computers_booking_one_slot_at_once_book_it_once(senco, office):
    day = review_day_with(senco)
    slot = day.slots.first()
    pupils = [PupilParentFactory(pupil=PupilFactory()).pupil for _ in range(OFFICE_COMPUTERS)]
    barrier = threading.Barrier(OFFICE_COMPUTERS)
    booked, taken = [], []

    def office_computer(pupil):
        from django.db import connections

        try:
            barrier.wait()
            booked.append(rules.book(slot, pupil, office))
        except rules.SlotTaken as refusal:
            taken.append((pupil, refusal))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=office_computer, args=[pupil]) for pupil in pupils]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(booked) == 1 and len(taken) == OFFICE_COMPUTERS - 1
    assert Booking.objects.filter(slot=slot).count() == 1
    winner = booked[0].pupil
    assert list(Meeting.objects.values_list("pupil", flat=True)) == [winner.pk]
    assert set(Message.objects.values_list("meeting__pupil", flat=True)) == {winner.pk}
    for _, refusal in taken:
        assert str(refusal) == "That slot has just been taken."
        assert len(refusal.alternatives) == 3 and slot not in refusal.alternatives


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint exists on PostgreSQL only")
def test_database_refuses_overlapping_slots_for_one_member_of_staff(senco):
    from django.db import IntegrityError

    day = review_day_with(senco)
    slot = day.slots.first()
    with pytest.raises(IntegrityError, match="booking_slot_staff_never_overlaps"):
        day.slots.create(
            staff=senco,
            room="Hall",
            starts_at=slot.starts_at.replace(minute=10),
            ends_at=slot.ends_at.replace(minute=30),
        )
