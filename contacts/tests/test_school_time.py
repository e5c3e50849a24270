"""The 24 hours count school days only: weekends, closure days and holidays stop the clock, for the deadline, the
reminder, the words staff read and the term's figures; a change to the calendar moves the open concerns."""

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.urls import reverse

from common.when import by_when as due_in_words
from contacts import concerns, reminders
from contacts.figures import figures_for_year
from contacts.models import Concern, ConcernReminder
from contacts.tests.factories import concern_for
from notices.models import ReminderStatus
from school.models import ClosureDay, TermDates
from school.years import AcademicYear

LONDON = ZoneInfo("Europe/London")
d = dt.date


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def raise_concern(senco, teacher, pupil_a):
    def raise_(when: dt.datetime, now: dt.datetime | None = None) -> Concern:
        return concern_for(pupil_a, recorded_by=senco, assigned_to=teacher, happened_at=when, now=now or when)

    return raise_


@pytest.fixture
def year_2026_27(db):
    TermDates.objects.create(
        term="autumn", starts_on=d(2026, 9, 3), ends_on=d(2026, 12, 18),
        half_term_starts_on=d(2026, 10, 26), half_term_ends_on=d(2026, 10, 30),
    )  # fmt: skip
    TermDates.objects.create(term="spring", starts_on=d(2027, 1, 5), ends_on=d(2027, 3, 26))
    TermDates.objects.create(term="summer", starts_on=d(2027, 4, 12), ends_on=d(2027, 7, 21))


def planned(concern: Concern) -> list[dt.datetime]:
    return list(concern.reminders.filter(status=ReminderStatus.PLANNED).values_list("due_at", flat=True))


def test_a_friday_afternoon_concern_is_due_at_the_same_time_on_monday(raise_concern):
    concern = raise_concern(at(2026, 12, 4, 16, 0))
    assert concern.due_at == at(2026, 12, 7, 16, 0)
    assert not concern.is_overdue(at(2026, 12, 5, 16, 1))  # Saturday: not overdue
    assert planned(concern) == [at(2026, 12, 7, 12, 0)]  # 4 hours before, on Monday
    assert due_in_words(concern.due_at, at(2026, 12, 4, 16, 0)) == "by 4pm on Monday 7 December 2026"
    assert due_in_words(concern.due_at, at(2026, 12, 6, 9, 0)) == "by 4pm tomorrow"
    assert due_in_words(concern.due_at, at(2026, 12, 7, 12, 0)) == "by 4pm today"


def test_a_closure_day_on_monday_moves_the_deadline_to_tuesday(raise_concern):
    ClosureDay.objects.create(date=d(2026, 12, 7), reason="INSET day")
    concern = raise_concern(at(2026, 12, 4, 16, 0))
    assert concern.due_at == at(2026, 12, 8, 16, 0)
    assert planned(concern) == [at(2026, 12, 8, 12, 0)]


def test_the_christmas_holiday_does_not_count(year_2026_27, raise_concern):
    concern = raise_concern(at(2026, 12, 18, 15, 0))  # the last afternoon of the autumn term
    assert concern.due_at == at(2027, 1, 5, 15, 0)  # the first day of the spring term
    assert planned(concern) == [at(2027, 1, 5, 11, 0)]
    assert due_in_words(concern.due_at, at(2026, 12, 18, 15, 0)) == "by 3pm on Tuesday 5 January 2027"


def test_half_term_and_the_october_clock_change(year_2026_27, raise_concern):
    # The clocks go back on Sunday 25 October 2026, in half term: still 3pm, on the Monday after half term.
    concern = raise_concern(at(2026, 10, 23, 15, 0))
    assert concern.due_at == at(2026, 11, 2, 15, 0)
    # Answered at 9am that Monday: 9 hours on Friday and 9 on Monday, whatever the clocks did in between.
    answered = concerns.record_response(concern, "Rang back.", by=concern.assigned_to, now=at(2026, 11, 2, 9, 0))
    assert answered.response_school_hours == 18
    assert answered.answered_in_time


def test_the_clock_change_without_term_dates_keeps_the_time_of_day(raise_concern):
    concern = raise_concern(at(2026, 10, 23, 16, 0))
    assert concern.due_at == at(2026, 10, 26, 16, 0)  # 73 hours later by the clock
    assert planned(concern) == [at(2026, 10, 26, 12, 0)]


def test_a_concern_raised_on_a_saturday_is_due_by_the_end_of_monday(raise_concern):
    concern = raise_concern(at(2026, 12, 5, 10, 0))
    assert concern.due_at == at(2026, 12, 8, 0, 0)
    assert due_in_words(concern.due_at, at(2026, 12, 5, 10, 0)) == "by the end of Monday 7 December 2026"
    assert due_in_words(concern.due_at, at(2026, 12, 7, 10, 0)) == "by the end of today"
    # The reminder goes in Monday's working day, not at 8pm.
    assert planned(concern) == [at(2026, 12, 7, 14, 0)]


def test_a_reminder_never_falls_at_night_or_on_a_closed_day(raise_concern):
    concern = raise_concern(at(2026, 12, 4, 9, 30))  # due at 9:30am on Monday
    assert concern.due_at == at(2026, 12, 7, 9, 30)
    # 1.5 working hours on Monday morning, 2.5 on Friday afternoon.
    assert planned(concern) == [at(2026, 12, 4, 15, 30)]
    evening = raise_concern(at(2026, 12, 2, 21, 0))  # an email at 9pm on Wednesday, due at 9pm on Thursday
    assert planned(evening) == [at(2026, 12, 3, 14, 0)]


@pytest.mark.parametrize(
    "due, now, words",
    [
        (at(2026, 12, 8, 9, 30), at(2026, 12, 7, 15, 0), "by 9:30am tomorrow"),
        (at(2026, 12, 9, 12, 0), at(2026, 12, 7, 15, 0), "by midday on Wednesday 9 December 2026"),
        (at(2026, 12, 7, 0, 30), at(2026, 12, 7, 15, 0), "by 12:30am today"),
        (at(2026, 12, 4, 16, 0), at(2026, 12, 7, 15, 0), "by 4pm on Friday 4 December 2026"),
        (at(2026, 12, 7, 0, 0), at(2026, 12, 7, 15, 0), "by the end of yesterday"),
        (at(2025, 12, 5, 16, 0), at(2026, 12, 7, 15, 0), "by 4pm on Friday 5 December 2025"),
    ],
)
def test_the_due_time_in_words(due, now, words):
    assert due_in_words(due, now) == words


def test_a_friday_concern_answered_on_monday_morning_counts_as_in_time(senco, pupil_a):
    def answered(raised: dt.datetime, responded: dt.datetime) -> Concern:
        concern = concern_for(pupil_a, recorded_by=senco, assigned_to=senco, happened_at=raised, now=raised)
        return concerns.record_response(concern, "Answered.", by=senco, now=responded)

    answered(at(2026, 12, 4, 16, 0), at(2026, 12, 7, 9, 0))  # 17 hours of school time
    answered(at(2026, 12, 8, 10, 0), at(2026, 12, 8, 13, 0))  # 3 hours
    answered(at(2026, 12, 8, 10, 0), at(2026, 12, 9, 11, 0))  # 25 hours: late
    autumn = figures_for_year(AcademicYear(2026), Concern.objects.all(), now=at(2026, 12, 10, 9, 0))[0]
    assert autumn.median_hours == 17
    assert (autumn.within_24_hours, autumn.decided) == (2, 3)


def test_the_reminder_email_says_when_in_words(raise_concern, teacher):
    concern = raise_concern(at(2026, 12, 4, 16, 0))
    [pk] = reminders.scan(at(2026, 12, 7, 12, 0))
    with time_machine.travel(at(2026, 12, 7, 12, 0), tick=False):
        assert reminders.deliver(pk) == ReminderStatus.SENT
    [email] = mail.outbox
    assert email.subject == f"Please respond by 4pm today: a concern from {concern.contact.pupil.full_name}'s family"
    assert "Please respond by 4pm today." in email.body


def test_my_concerns_say_when_each_is_due_in_words(client, raise_concern, teacher):
    raise_concern(at(2026, 12, 4, 16, 0))
    client.force_login(teacher)
    with time_machine.travel(at(2026, 12, 5, 11, 0), tick=False):
        page = client.get(reverse("contacts:mine")).content.decode()
    assert "Due by 4pm on Monday 7 December" in page
    assert "Overdue" not in page  # a Saturday


def test_a_closure_day_entered_later_moves_open_concerns_and_their_reminders(
    raise_concern, senco, django_capture_on_commit_callbacks
):
    concern = raise_concern(at(2026, 12, 4, 16, 0), now=at(2026, 12, 4, 16, 5))
    answered = raise_concern(at(2026, 12, 4, 9, 0), now=at(2026, 12, 4, 9, 5))
    concerns.record_response(answered, "Rang back.", by=senco, now=at(2026, 12, 4, 11, 0))
    with time_machine.travel(at(2026, 12, 5, 9, 0), tick=False):  # the SENCO enters it on the Saturday
        with django_capture_on_commit_callbacks(execute=True):
            snow = ClosureDay.objects.create(date=d(2026, 12, 7), reason="Snow: the school is closed")
        concern.refresh_from_db()
        assert concern.due_at == at(2026, 12, 8, 16, 0)
        assert planned(concern) == [at(2026, 12, 8, 12, 0)]
        assert concern.reminders.get(due_at=at(2026, 12, 7, 12, 0)).status == ReminderStatus.CANCELLED
        answered.refresh_from_db()
        assert answered.due_at == at(2026, 12, 7, 9, 0)  # an answered concern keeps its deadline

        with django_capture_on_commit_callbacks(execute=True):
            snow.delete()  # entered by mistake: back as it was, one reminder planned
        concern.refresh_from_db()
        assert concern.due_at == at(2026, 12, 7, 16, 0)
        assert planned(concern) == [at(2026, 12, 7, 12, 0)]


def test_a_calendar_change_elsewhere_leaves_a_concern_and_its_sent_reminder_alone(
    raise_concern, django_capture_on_commit_callbacks
):
    concern = raise_concern(at(2026, 12, 4, 16, 0))
    ConcernReminder.objects.update(status=ReminderStatus.SENT)
    with time_machine.travel(at(2026, 12, 5, 9, 0), tick=False), django_capture_on_commit_callbacks(execute=True):
        ClosureDay.objects.create(date=d(2026, 12, 14), reason="INSET day")  # the week after
    concern.refresh_from_db()
    assert concern.due_at == at(2026, 12, 7, 16, 0)
    assert list(concern.reminders.values_list("due_at", "status")) == [(at(2026, 12, 7, 12, 0), ReminderStatus.SENT)]


def test_the_migration_puts_existing_concerns_in_school_time(raise_concern, senco):
    """Concerns saved before issue 20 were due 24 clock hours later, reminded 4 clock hours before."""
    migration = importlib.import_module("contacts.migrations.0005_concerns_due_in_school_time")
    ClosureDay.objects.create(date=d(2026, 12, 7), reason="INSET day")
    friday = raise_concern(at(2026, 12, 4, 16, 0), now=at(2026, 12, 4, 16, 5))
    late_last_year = raise_concern(at(2025, 12, 5, 16, 0))
    concerns.record_response(late_last_year, "Rang back.", by=senco, now=at(2025, 12, 8, 9, 0))
    old_due = at(2026, 12, 5, 16, 0)
    Concern.objects.filter(pk=friday.pk).update(due_at=old_due)
    Concern.objects.filter(pk=late_last_year.pk).update(due_at=at(2025, 12, 6, 16, 0))
    ConcernReminder.objects.filter(concern=friday).update(due_at=old_due - dt.timedelta(hours=4))

    with time_machine.travel(at(2026, 12, 5, 9, 0), tick=False):
        migration.due_in_school_time(apps, None)

    friday.refresh_from_db()
    assert friday.due_at == at(2026, 12, 8, 16, 0)  # Tuesday: Monday is an INSET day
    assert planned(friday) == [at(2026, 12, 8, 12, 0)]
    assert friday.reminders.get(due_at=at(2026, 12, 5, 12, 0)).status == ReminderStatus.CANCELLED
    late_last_year.refresh_from_db()
    assert late_last_year.due_at == at(2025, 12, 8, 16, 0)  # answered on Monday morning: in time after all
    assert late_last_year.answered_in_time
