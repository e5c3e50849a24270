"""The school's own calendar: term dates with half terms and closure days decide school days and terms."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from school.calendar import is_school_day, next_school_day, previous_school_day, school_time_after
from school.models import ClosureDay, School, TermDates
from school.signals import calendar_changed
from school.years import AcademicYear, academic_year_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
d = dt.date


@pytest.fixture
def year_2026_27():
    TermDates.objects.create(
        term="autumn", starts_on=d(2026, 9, 3), ends_on=d(2026, 12, 18),
        half_term_starts_on=d(2026, 10, 26), half_term_ends_on=d(2026, 10, 30),
    )  # fmt: skip
    TermDates.objects.create(
        term="spring", starts_on=d(2027, 1, 5), ends_on=d(2027, 3, 26),
        half_term_starts_on=d(2027, 2, 15), half_term_ends_on=d(2027, 2, 19),
    )  # fmt: skip
    TermDates.objects.create(term="summer", starts_on=d(2027, 4, 12), ends_on=d(2027, 7, 21))


def test_holidays_and_half_terms_are_not_school_days(year_2026_27):
    assert is_school_day(d(2026, 12, 18))  # the last day of term
    assert not is_school_day(d(2026, 12, 21))  # Christmas holiday
    assert not is_school_day(d(2027, 1, 4))
    assert is_school_day(d(2027, 1, 5))  # back
    assert not is_school_day(d(2026, 10, 28))  # half term
    assert not is_school_day(d(2026, 9, 2))  # before the autumn term starts
    assert not is_school_day(d(2027, 7, 22))  # summer holiday
    assert previous_school_day(d(2027, 1, 5)) == d(2026, 12, 18)
    assert next_school_day(d(2026, 12, 18)) == d(2027, 1, 5)
    assert next_school_day(d(2026, 10, 23)) == d(2026, 11, 2)


def test_a_term_not_entered_yet_keeps_its_weekdays():
    TermDates.objects.create(term="autumn", starts_on=d(2026, 9, 3), ends_on=d(2026, 12, 18))
    assert not is_school_day(d(2026, 9, 2))
    # Spring not entered: the days after autumn are weekdays as before, not a holiday to Easter.
    assert is_school_day(d(2026, 12, 21))
    assert is_school_day(d(2027, 2, 1))


def test_no_dates_entered_every_weekday_but_closure_days():
    ClosureDay.objects.create(date=d(2026, 12, 4), reason="INSET day")
    assert is_school_day(d(2026, 12, 3))
    assert not is_school_day(d(2026, 12, 4))
    assert not is_school_day(d(2026, 12, 5))
    assert previous_school_day(d(2026, 12, 7)) == d(2026, 12, 3)


def test_terms_come_from_the_entered_dates(year_2026_27):
    year = AcademicYear(2026)
    autumn, spring, summer = year.terms
    assert (autumn.first_day, autumn.last_day) == (d(2026, 9, 3), d(2026, 12, 18))
    assert autumn.end == d(2027, 1, 4)  # the Christmas holiday counts with the autumn term
    assert spring.start == d(2027, 1, 5) and spring.end == d(2027, 4, 11)
    assert summer.start == d(2027, 4, 12) and summer.end == d(2027, 8, 31)
    assert year.term_of(d(2027, 1, 2)).name == "Autumn"
    assert all(term.entered for term in year.terms)
    assert not any(term.entered for term in AcademicYear(2027).terms)
    assert academic_year_of(d(2027, 6, 1)).term_of(d(2027, 6, 1)).name == "Summer"


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def test_school_time_counts_school_days_only(year_2026_27):
    day = dt.timedelta(hours=24)
    assert school_time_after(at(2026, 12, 4, 16, 0), day) == at(2026, 12, 7, 16, 0)  # Friday to Monday
    assert school_time_after(at(2026, 12, 8, 9, 30), day) == at(2026, 12, 9, 9, 30)
    assert school_time_after(at(2026, 12, 5, 10, 0), day) == at(2026, 12, 8, 0, 0)  # Saturday: end of Monday
    assert school_time_after(at(2026, 12, 18, 15, 0), day) == at(2027, 1, 5, 15, 0)  # over Christmas
    ClosureDay.objects.create(date=d(2026, 12, 7), reason="INSET day")
    assert school_time_after(at(2026, 12, 4, 16, 0), day) == at(2026, 12, 8, 16, 0)


def test_school_time_keeps_the_clock_time_across_a_clock_change():
    # The clocks go back on Sunday 25 October 2026: Friday 4pm is due Monday 4pm, 73 hours later.
    assert school_time_after(at(2026, 10, 23, 16, 0), dt.timedelta(hours=24)) == at(2026, 10, 26, 16, 0)


def test_term_dates_are_checked():
    TermDates.objects.create(term="autumn", starts_on=d(2026, 9, 3), ends_on=d(2026, 12, 18))
    with pytest.raises(ValidationError) as overlap:
        TermDates(term="spring", starts_on=d(2026, 12, 1), ends_on=d(2027, 3, 26)).full_clean()
    assert "overlap" in str(overlap.value)
    with pytest.raises(ValidationError) as twice:
        TermDates(term="autumn", starts_on=d(2027, 1, 5), ends_on=d(2027, 3, 26)).full_clean()
    assert "already entered" in str(twice.value)
    with pytest.raises(ValidationError) as order:
        TermDates(term="spring", starts_on=d(2026, 9, 1), ends_on=d(2026, 9, 2)).full_clean()
    assert "autumn, spring, summer" in str(order.value)
    with pytest.raises(ValidationError) as half_term:
        TermDates(
            term="spring", starts_on=d(2027, 1, 5), ends_on=d(2027, 3, 26), half_term_starts_on=d(2027, 4, 1)
        ).full_clean()
    assert "neither" in str(half_term.value)


def test_a_calendar_change_is_announced_once_per_transaction(django_capture_on_commit_callbacks):
    heard = []

    def listener(**kwargs):
        heard.append(kwargs)

    calendar_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ClosureDay.objects.create(date=d(2026, 12, 4), reason="INSET day")
            ClosureDay.objects.create(date=d(2026, 12, 3), reason="INSET day")
            ClosureDay.objects.all().delete()
        assert len(heard) == 1
        school = School.load()
        with django_capture_on_commit_callbacks(execute=True):
            school.phone = "01632 960000"
            school.save()
        assert len(heard) == 1  # not a calendar setting
        with django_capture_on_commit_callbacks(execute=True):
            school.reminder_time = dt.time(16, 0)
            school.save()
        assert len(heard) == 2
    finally:
        calendar_changed.disconnect(listener)
