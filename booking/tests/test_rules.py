import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from booking import rules
from booking.models import Booking, ReviewDayStaff, Slot
from booking.tests.factories import ReviewDayFactory, review_day_with
from meetings.models import InviteeKind, Meeting, MeetingStatus, MeetingType
from meetings.notices import MeetingMessageKind
from notices.models import Message, MessageStatus
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory


@pytest.fixture
def day(senco, teacher):
    return review_day_with(senco, teacher)


@pytest.fixture
def siblings(parent_a, pupil_a):
    """Amelia's brother Arlo: the same mother."""
    arlo = PupilFactory(legal_first_name="Arlo", legal_last_name="Ashworth", year_group=3)
    PupilParentFactory(pupil=arlo, parent=parent_a.parent_record)
    return [pupil_a, arlo]


def slot_at(day, staff, hour, minute):
    return Slot.objects.get(review_day=day, staff=staff, starts_at=day.at(datetime.time(hour, minute)))


def test_generation_makes_a_slot_per_length_for_each_member_of_staff_skipping_the_break(day, senco):
    # 09:00 to 12:00 in 20-minute slots is nine, less the one in the 10:20-10:40 break.
    assert Slot.objects.filter(review_day=day).count() == 16
    times = [timezone.localtime(s.starts_at).strftime("%H:%M") for s in Slot.objects.filter(staff=senco)]
    assert times == ["09:00", "09:20", "09:40", "10:00", "10:40", "11:00", "11:20", "11:40"]
    assert set(Slot.objects.filter(staff=senco).values_list("room", flat=True)) == {"Room 1"}


def test_generation_starts_again_after_a_break_that_does_not_fit_the_grid(senco):
    day = review_day_with(senco, breaks="10:10-10:30", ends_at=datetime.time(11, 0))
    times = [timezone.localtime(s.starts_at).strftime("%H:%M") for s in day.slots.all()]
    assert times == ["09:00", "09:20", "09:40", "10:30"]


def test_generating_twice_adds_nothing(day):
    assert rules.generate_slots(day) == []
    assert day.slots.count() == 16


def test_staff_member_cannot_hold_two_overlapping_review_days(day, senco):
    other = ReviewDayFactory(date=day.date, starts_at=datetime.time(11, 30), ends_at=datetime.time(13, 0))
    ReviewDayStaff.objects.create(review_day=other, staff=senco, room="Hall")
    with pytest.raises(ValidationError, match="already has appointments"):
        rules.generate_slots(other)


def test_slot_for_the_same_member_of_staff_and_time_is_refused_by_the_database(day, senco):
    slot = day.slots.filter(staff=senco).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.create(review_day=day, staff=senco, room="Hall", starts_at=slot.starts_at, ends_at=slot.ends_at)


def test_free_slots_prefer_the_key_worker_then_the_senco(day, senco, teacher, pupil_a):
    pupil_a.key_worker = teacher
    pupil_a.save()
    free = rules.free_slots(day, pupil_a)
    assert [s.staff for s in free[:8]] == [teacher] * 8 and free[8].staff == senco
    assert rules.free_slots(day)[0].staff == senco


def test_booking_makes_the_meeting_invites_the_parents_and_plans_the_notices(day, senco, office, pupil_a, parent_a):
    slot = slot_at(day, senco, 9, 20)
    booking = rules.book(slot, pupil_a, office)
    meeting = booking.meeting
    assert meeting.meeting_type == MeetingType.REVIEW_DAY and meeting.status == MeetingStatus.PROPOSED
    assert (meeting.starts_at, meeting.duration_minutes, meeting.place) == (slot.starts_at, 20, "Room 1")
    assert meeting.led_by == senco and meeting.created_by == office
    assert meeting.purpose == (
        "Your SEND parent review: 20 minutes with Sam Senco to talk about how Amelia is getting on."
    )
    assert meeting.invited_on == timezone.localdate() and meeting.short_notice_reason == ""
    assert [i.parent for i in meeting.invitees.filter(kind=InviteeKind.PARENT)] == [parent_a.parent_record]
    notice = Message.objects.get(meeting=meeting, kind=MeetingMessageKind.NOTICE)
    assert notice.parent == parent_a.parent_record and notice.status == MessageStatus.PLANNED
    assert Message.objects.filter(meeting=meeting, kind=MeetingMessageKind.STAFF_REMINDER, staff=senco).exists()


def test_parent_without_parental_responsibility_is_not_invited(day, senco, office, pupil_a, parent_a):
    PupilParentFactory(pupil=pupil_a, parent=ParentCarerFactory(), has_parental_responsibility=False)
    booking = rules.book(slot_at(day, senco, 9, 0), pupil_a, office)
    assert booking.meeting.invitees.count() == 1


def test_booking_within_two_weeks_gives_the_short_notice_reason(senco, office, pupil_a):
    day = review_day_with(senco, date=timezone.localdate() + datetime.timedelta(days=5))
    booking = rules.book(day.slots.first(), pupil_a, office)
    assert booking.meeting.short_notice_reason == "Booked for the review day"


def test_taken_slot_is_refused_with_the_nearest_free_alternatives(day, senco, teacher, office, pupil_a, pupil_b):
    slot = slot_at(day, senco, 9, 20)
    rules.book(slot, pupil_a, office)
    with pytest.raises(rules.SlotTaken) as refused:
        rules.book(slot, pupil_b, office)
    assert str(refused.value) == "That slot has just been taken."
    assert refused.value.alternatives == [
        slot_at(day, teacher, 9, 20),
        slot_at(day, senco, 9, 0),
        slot_at(day, senco, 9, 40),
    ]
    assert not Meeting.objects.filter(pupil=pupil_b).exists()


def test_second_live_booking_for_a_slot_is_refused_by_the_database(day, senco, office, pupil_a, pupil_b):
    first = rules.book(slot_at(day, senco, 9, 0), pupil_a, office)
    other = rules.book(slot_at(day, senco, 9, 20), pupil_b, office)
    other.slot = first.slot
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_pupil_cannot_be_booked_twice_on_one_day(day, senco, teacher, office, pupil_a):
    rules.book(slot_at(day, senco, 9, 0), pupil_a, office)
    with pytest.raises(rules.AlreadyBooked, match="already has a booking"):
        rules.book(slot_at(day, teacher, 11, 0), pupil_a, office)
    assert Meeting.objects.filter(pupil=pupil_a).count() == 1


def test_siblings_book_adjacent_slots_with_the_same_member_of_staff(day, senco, office, siblings):
    slots = [slot_at(day, senco, 9, 0), slot_at(day, senco, 9, 20)]
    bookings = rules.book_siblings(slots, siblings, office)
    assert [(b.pupil, b.slot) for b in bookings] == list(zip(siblings, slots, strict=True))
    assert all(b.meeting.led_by == senco for b in bookings)


def test_siblings_are_booked_together_or_not_at_all(day, senco, office, siblings, pupil_b):
    rules.book(slot_at(day, senco, 9, 20), pupil_b, office)
    with pytest.raises(rules.SlotTaken):
        rules.book_siblings([slot_at(day, senco, 9, 0), slot_at(day, senco, 9, 20)], siblings, office)
    assert not Booking.objects.filter(pupil__in=siblings).exists()
    assert not Meeting.objects.filter(pupil__in=siblings).exists()


def test_siblings_slots_must_be_adjacent_and_with_one_member_of_staff(day, senco, teacher, office, siblings):
    with pytest.raises(rules.NotAdjacent):
        rules.book_siblings([slot_at(day, senco, 9, 0), slot_at(day, senco, 9, 40)], siblings, office)
    with pytest.raises(rules.NotAdjacent):
        rules.book_siblings([slot_at(day, senco, 9, 0), slot_at(day, teacher, 9, 20)], siblings, office)
    assert not Booking.objects.exists()


def test_free_runs_offer_back_to_back_slots_with_one_member_of_staff(day, senco, office, pupil_b):
    rules.book(slot_at(day, senco, 9, 20), pupil_b, office)
    runs = rules.free_runs(day, 2)
    first = [timezone.localtime(s.starts_at).strftime("%H:%M") for s in runs[0]]
    assert first == ["09:00", "09:20"] and runs[0][0].staff != senco
    senco_runs = [[timezone.localtime(s.starts_at).strftime("%H:%M") for s in r] for r in runs if r[0].staff == senco]
    assert senco_runs[0] == ["09:40", "10:00"]  # 10:00 and 10:40 are split by the break


def test_siblings_are_found_through_a_shared_parent(siblings, pupil_b):
    assert list(rules.siblings(siblings[0])) == [siblings[1]]


def test_move_keeps_the_old_booking_and_meeting_and_the_family_is_told(day, senco, teacher, office, pupil_a, parent_a):
    booking = rules.book(slot_at(day, senco, 9, 0), pupil_a, office)
    Message.objects.filter(meeting=booking.meeting, kind=MeetingMessageKind.NOTICE).update(status=MessageStatus.SENT)
    moved = rules.move(booking, slot_at(day, teacher, 11, 0), office)
    booking.refresh_from_db()
    assert booking.cancelled_at and booking.moved_to == moved and booking.meeting.status == MeetingStatus.REARRANGED
    assert moved.meeting.led_by == teacher and moved.meeting.place == "Room 2"
    assert moved.meeting.starts_at == slot_at(day, teacher, 11, 0).starts_at
    assert Message.objects.filter(meeting=moved.meeting, kind=MeetingMessageKind.CHANGE).exists()
    assert not Message.objects.filter(meeting=booking.meeting, status=MessageStatus.PLANNED).exists()
    assert rules.free_slots(day)[0] == slot_at(day, senco, 9, 0)


def test_move_to_a_taken_slot_is_refused_and_changes_nothing(day, senco, office, pupil_a, pupil_b):
    booking = rules.book(slot_at(day, senco, 9, 0), pupil_a, office)
    rules.book(slot_at(day, senco, 9, 20), pupil_b, office)
    with pytest.raises(rules.SlotTaken):
        rules.move(booking, slot_at(day, senco, 9, 20), office)
    booking.refresh_from_db()
    assert booking.is_live and booking.meeting.status == MeetingStatus.PROPOSED


def test_cancel_keeps_the_booking_frees_the_slot_and_tells_the_family(day, senco, office, pupil_a, parent_a, pupil_b):
    booking = rules.book(slot_at(day, senco, 9, 0), pupil_a, office)
    Message.objects.filter(meeting=booking.meeting, kind=MeetingMessageKind.NOTICE).update(status=MessageStatus.SENT)
    rules.cancel(booking, office, "Mum is working that day.")
    booking.refresh_from_db()
    assert booking.cancelled_at and booking.cancellation_reason == "Mum is working that day."
    assert booking.meeting.status == MeetingStatus.CANCELLED
    planned = Message.objects.filter(meeting=booking.meeting, status=MessageStatus.PLANNED)
    assert list(planned.values_list("kind", flat=True)) == [MeetingMessageKind.CANCELLATION]
    again = rules.book(slot_at(day, senco, 9, 0), pupil_b, office)
    assert again.slot == booking.slot and Booking.objects.filter(slot=booking.slot).count() == 2
