"""Weekly appointment slots: a series makes a day of kind 'weekly' per school week, booked like a review day."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from booking import rules
from booking.models import Booking, DayKind, ReviewDay, Slot, WeeklySeries
from booking.tests.factories import next_weekday, review_day_with, weekly_series
from meetings.models import MeetingType
from meetings.notices import MeetingMessageKind
from notices.models import Message, MessageStatus
from school.models import ClosureDay, TermDates


def local_times(day):
    return [timezone.localtime(s.starts_at).strftime("%H:%M") for s in day.slots.all()]


def test_generation_makes_two_slots_each_week_and_skips_closure_days(senco):
    series = weekly_series(senco, weeks=5)
    closed = series.first_date + datetime.timedelta(weeks=2)
    ClosureDay.objects.create(date=closed, reason="INSET day")
    days = rules.generate_series(series)
    expected = [series.first_date + datetime.timedelta(weeks=n) for n in (0, 1, 3, 4)]
    assert [day.date for day in days] == expected
    for day in days:
        assert day.kind == DayKind.WEEKLY and day.series == series and day.is_weekly
        assert local_times(day) == ["08:40", "09:00"]
        assert {(s.staff, s.room, s.minutes) for s in day.slots.all()} == {(senco, "SENCO office", 20)}
    assert Slot.objects.count() == 8
    assert str(days[0]).startswith("Weekly appointments, Tuesday")
    # Run again (e.g. after a closure day is lifted): only the missing weeks are made.
    ClosureDay.objects.filter(date=closed).delete()
    assert [day.date for day in rules.generate_series(series)] == [closed]
    assert rules.generate_series(series) == []


def test_a_series_skips_half_term_and_the_holidays_between_terms(client, senco):
    TermDates.objects.create(
        term="autumn", starts_on=datetime.date(2026, 9, 3), ends_on=datetime.date(2026, 12, 18),
        half_term_starts_on=datetime.date(2026, 10, 26), half_term_ends_on=datetime.date(2026, 10, 30),
    )  # fmt: skip
    TermDates.objects.create(term="spring", starts_on=datetime.date(2027, 1, 5), ends_on=datetime.date(2027, 3, 25))
    first, last = datetime.date(2026, 10, 20), datetime.date(2027, 1, 12)
    days = [day.date for day in rules.generate_series(weekly_series(senco, first_date=first, last_date=last))]
    assert len(days) == 10 and days[:2] == [first, datetime.date(2026, 11, 3)]  # not Tuesday 27 October
    assert days[-4:] == [datetime.date(2026, 12, 8), datetime.date(2026, 12, 15), datetime.date(2027, 1, 5), last]
    client.force_login(senco)
    christmas = form_data(senco, first_date="2026-12-21", last_date="2027-01-04")
    assert "There are no school days" in client.post(reverse("booking:series_create"), christmas).content.decode()


def test_series_starting_on_a_weekend_begins_on_the_first_chosen_weekday_and_never_at_a_weekend(senco):
    saturday = next_weekday(5)
    series = weekly_series(senco, first_date=saturday, last_date=saturday + datetime.timedelta(days=20))
    days = rules.generate_series(series)
    assert [day.date for day in days] == [saturday + datetime.timedelta(days=n) for n in (3, 10, 17)]
    assert all(day.date.weekday() == 1 for day in days)


def test_a_weekend_weekday_is_refused_by_the_database_and_the_form(client, senco):
    with pytest.raises(IntegrityError), transaction.atomic():
        weekly_series(senco, weekday=5)
    client.force_login(senco)
    response = client.post(reverse("booking:series_create"), form_data(senco, weekday=6))
    assert response.status_code == 200 and response.context["form"].errors["weekday"]
    assert not WeeklySeries.objects.exists()


def test_the_database_keeps_weekly_days_tied_to_their_series(senco):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewDay.objects.create(
            kind=DayKind.WEEKLY,
            date=next_weekday(1),
            starts_at=datetime.time(8, 40),
            ends_at=datetime.time(9, 20),
            created_by=senco,
        )


def test_booking_a_weekly_slot_makes_a_weekly_slot_meeting_with_notices_planned(senco, office, pupil_a, parent_a):
    day = rules.generate_series(weekly_series(senco))[0]
    booking = rules.book(day.slots.first(), pupil_a, office)
    meeting = booking.meeting
    assert meeting.meeting_type == MeetingType.WEEKLY_SLOT
    assert (meeting.place, meeting.led_by, meeting.duration_minutes) == ("SENCO office", senco, 20)
    assert meeting.purpose == "Your SEND appointment: 20 minutes with Sam Senco to talk about how Amelia is getting on."
    notice = Message.objects.get(meeting=meeting, kind=MeetingMessageKind.NOTICE)
    assert notice.parent == parent_a.parent_record and notice.status == MessageStatus.PLANNED
    with pytest.raises(rules.SlotTaken):
        rules.book(day.slots.first(), pupil_a, office)


def test_review_day_bookings_stay_review_day_meetings(senco, office, pupil_a):
    day = review_day_with(senco)
    assert rules.book(day.slots.first(), pupil_a, office).meeting.meeting_type == MeetingType.REVIEW_DAY


def test_a_short_notice_weekly_booking_says_so(senco, office, pupil_a):
    day = rules.generate_series(weekly_series(senco, first_date=next_weekday(1, days_ahead=2)))[0]
    booking = rules.book(day.slots.last(), pupil_a, office)
    assert booking.meeting.short_notice_reason == "Booked as a weekly appointment"


def form_data(staff, **changes):
    first = next_weekday(1)
    data = {
        "weekday": "1",
        "starts_at": "08:40",
        "ends_at": "09:20",
        "slot_minutes": "20",
        "staff": staff.pk,
        "room": "SENCO office",
        "first_date": first.isoformat(),
        "last_date": (first + datetime.timedelta(weeks=3)).isoformat(),
    }
    return data | {key: str(value) for key, value in changes.items()}


def test_senco_sets_up_weekly_appointments_and_the_office_books_one(client, senco, office, pupil_a):
    client.force_login(senco)
    response = client.post(reverse("booking:series_create"), form_data(senco), follow=True)
    page = response.content.decode()
    assert "4 weeks set up, 8 appointments in all" in page
    series = WeeklySeries.objects.get()
    assert series.created_by == senco and series.days.count() == 4

    client.force_login(office)
    listing = client.get(reverse("booking:days"))
    assert "Weekly appointments" in listing.content.decode()
    assert [day.series for day in listing.context["weekly"]] == [series] * 4
    assert list(listing.context["days"]) == []  # weekly days are not listed as review days

    day = series.days.first()
    slot = day.slots.first()
    assert client.get(reverse("booking:pupil_slots", args=[day.pk, pupil_a.pk])).status_code == 200
    response = client.post(reverse("booking:pupil_slots", args=[day.pk, pupil_a.pk]), {"slot": slot.pk})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.slot == slot and booking.meeting.meeting_type == MeetingType.WEEKLY_SLOT
    assert "Weekly appointments" in client.get(reverse("booking:day", args=[day.pk])).content.decode()


def test_weekly_appointments_clashing_with_a_review_day_are_refused_whole(client, senco):
    first = next_weekday(1)
    review_day_with(senco, date=first + datetime.timedelta(weeks=1), starts_at=datetime.time(8, 0))
    client.force_login(senco)
    response = client.post(reverse("booking:series_create"), form_data(senco))
    assert response.status_code == 200 and "already has appointments" in response.content.decode()
    assert not WeeklySeries.objects.exists() and not ReviewDay.objects.filter(kind=DayKind.WEEKLY).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "08:30"}, "ends_at"),
        ({"slot_minutes": "60"}, "slot_minutes"),
        ({"last_date": "2000-01-01"}, "last_date"),
    ],
)
def test_form_refuses_series_that_cannot_hold_an_appointment(client, senco, changes, field):
    client.force_login(senco)
    response = client.post(reverse("booking:series_create"), form_data(senco, **changes))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not WeeklySeries.objects.exists()


def test_a_series_with_no_school_day_is_refused(client, senco):
    first = next_weekday(1)
    ClosureDay.objects.create(date=first, reason="Bank holiday")
    client.force_login(senco)
    response = client.post(reverse("booking:series_create"), form_data(senco, last_date=first.isoformat()))
    assert "There are no school days" in response.content.decode()
    assert not WeeklySeries.objects.exists()
