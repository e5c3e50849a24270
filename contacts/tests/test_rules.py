"""The 24-hour rule, closing a concern, the reminder sent once, and the figures per term (school time: see
test_school_time.py)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from contacts import concerns, reminders
from contacts.figures import figures_for_term, figures_for_year
from contacts.models import Concern, ConcernReminder
from contacts.tests.factories import concern_for
from notices.models import ReminderStatus
from school.years import AcademicYear

RAISED = datetime(2025, 10, 6, 14, 0, tzinfo=ZoneInfo("Europe/London"))  # a Monday afternoon


@pytest.fixture
def concern(senco, teacher, pupil_a):
    return concern_for(pupil_a, recorded_by=senco, assigned_to=teacher, happened_at=RAISED, now=RAISED)


def test_response_on_a_weekday_is_due_exactly_24_hours_after_the_concern_was_raised(concern):
    assert concern.due_at == RAISED + timedelta(hours=24)


def test_concern_is_overdue_one_second_after_the_deadline_and_not_at_it(concern):
    assert not concern.is_overdue(concern.due_at)
    assert concern.is_overdue(concern.due_at + timedelta(seconds=1))
    assert list(Concern.objects.overdue(concern.due_at)) == []
    assert list(Concern.objects.overdue(concern.due_at + timedelta(seconds=1))) == [concern]


def test_default_assignee_is_the_key_worker_else_the_senco(senco, teacher, pupil_a):
    assert concerns.default_assignee(pupil_a) == senco
    pupil_a.key_worker = teacher
    pupil_a.save()
    assert concerns.default_assignee(pupil_a) == teacher


def test_reminder_is_planned_4_hours_before_the_deadline_for_the_assignee(concern, teacher):
    reminder = ConcernReminder.objects.get(concern=concern)
    assert reminder.recipient == teacher
    assert reminder.due_at == concern.due_at - timedelta(hours=4)


def test_recording_the_response_closes_the_concern_and_cancels_the_reminder(concern, teacher):
    concerns.record_response(concern, "Called back; agreed a meeting.", by=teacher, now=RAISED + timedelta(hours=3))
    concern.refresh_from_db()
    assert not concern.is_open
    assert not concern.is_overdue(RAISED + timedelta(days=3))
    assert concern.response_school_hours == 3
    assert concern.answered_in_time
    assert ConcernReminder.objects.get(concern=concern).status == ReminderStatus.CANCELLED
    assert reminders.scan(concern.due_at - timedelta(hours=1)) == []


def test_a_response_needs_its_author(concern):
    concern.responded_at = RAISED
    with pytest.raises(IntegrityError):
        concern.save()


def test_a_redelivered_scan_sends_the_reminder_once(concern, teacher):
    now = concern.due_at - timedelta(hours=3)
    due = reminders.scan(now)
    assert len(due) == 1
    assert reminders.deliver(due[0], now) == ReminderStatus.SENT
    assert reminders.deliver(due[0], now) == "not claimed"
    assert reminders.scan(now) == []
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [f"{teacher.get_full_name()} <{teacher.email}>"]
    assert "Please respond by" in email.body
    assert f"/contacts/concerns/{concern.pk}/respond/" in email.body
    assert "change of class" not in email.body  # what the family said stays in the portal


def test_reminder_not_yet_due_is_not_sent(concern):
    assert reminders.scan(concern.due_at - timedelta(hours=4, seconds=1)) == []


def test_a_concern_answered_after_the_claim_is_not_reminded(concern, teacher):
    reminder = ConcernReminder.objects.get(concern=concern)
    Concern.objects.filter(pk=concern.pk).update(responded_at=RAISED, responded_by=teacher)
    assert reminders.deliver(reminder.pk, reminder.due_at) == ReminderStatus.CANCELLED
    assert mail.outbox == []


def test_no_reminder_when_logged_after_the_reminder_time(senco, teacher, pupil_a):
    late = concern_for(
        pupil_a, recorded_by=senco, assigned_to=teacher, happened_at=RAISED, now=RAISED + timedelta(hours=21)
    )
    assert not late.reminders.exists()


def answered_after(pupil, senco, raised: datetime, hours: float) -> Concern:
    concern = concern_for(pupil, recorded_by=senco, assigned_to=senco, happened_at=raised, now=raised)
    return concerns.record_response(concern, "Answered.", by=senco, now=raised + timedelta(hours=hours))


def test_figures_median_and_share_within_24_hours(senco, pupil_a):
    for hours in (2, 10, 30):
        answered_after(pupil_a, senco, RAISED, hours)
    autumn = figures_for_year(AcademicYear(2025), Concern.objects.all(), now=RAISED + timedelta(days=5))[0]
    assert autumn.term.name == "Autumn"
    assert autumn.concerns == 3
    assert autumn.median_hours == 10
    assert autumn.share_within_24_hours == pytest.approx(2 / 3)


def test_figures_count_an_overdue_open_concern_as_missed_and_ignore_one_not_yet_due(senco, pupil_a):
    answered_after(pupil_a, senco, RAISED, 2)
    concern_for(pupil_a, recorded_by=senco, assigned_to=senco, happened_at=RAISED, now=RAISED)
    now = RAISED + timedelta(days=2)
    concern_for(pupil_a, recorded_by=senco, assigned_to=senco, happened_at=now - timedelta(hours=1), now=now)
    autumn = figures_for_year(AcademicYear(2025), Concern.objects.all(), now=now)[0]
    assert (autumn.concerns, autumn.answered, autumn.decided, autumn.within_24_hours) == (3, 1, 2, 1)


def local(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def test_figures_put_a_concern_in_the_term_it_was_raised_at_the_boundaries(senco, pupil_a):
    year = AcademicYear(2025)
    autumn, spring, summer = year.terms
    answered_after(pupil_a, senco, local(autumn.start, 0), 1)  # 1 September, just after midnight
    answered_after(pupil_a, senco, local(autumn.end, 23), 1)  # 31 December, late evening
    answered_after(pupil_a, senco, local(spring.start, 0), 1)  # 1 January
    answered_after(pupil_a, senco, local(spring.end, 12), 1)  # Easter Sunday
    answered_after(pupil_a, senco, local(summer.start, 0), 1)  # Easter Monday
    answered_after(pupil_a, senco, local(year.end, 23), 1)  # 31 August
    answered_after(pupil_a, senco, local(year.end + timedelta(days=1), 0), 1)  # the next academic year
    now = local(year.end, 23) + timedelta(days=30)
    rows = figures_for_year(year, Concern.objects.all(), now=now)
    assert [row.concerns for row in rows] == [2, 2, 2]
    # The dashboards ask for one term: the same figures.
    assert [figures_for_term(term, Concern.objects.all(), now=now) for term in year.terms] == rows
