"""Reminders about audit actions and the review date: planned as rows, sent once each, at 8:00 school time.

People: senco (made the audit and the actions), teacher (owns actions), head.
"""

import datetime
from email.utils import parseaddr

import pytest
import time_machine
from django.core import mail

from audits import tasks
from audits.models import AuditActionStatus, AuditReminder, ReminderKind
from audits.reminders import deliver, plan_action_reminders, scan
from notices.models import ReminderStatus

from .acting import london, make_action, make_audit

D = datetime.date


@pytest.fixture
def audit(senco):
    return make_audit(senco, held_on=D(2026, 11, 25), review_on=D(2027, 7, 1))


def action_for(audit, owner, due_on, *, planned_at, **fields):
    with time_machine.travel(planned_at, tick=False):
        action = make_action(audit, owner, due_on, "C1", **fields)
        plan_action_reminders(action)
    return action


def planned(kind=ReminderKind.ACTION_DUE, **filters) -> list[tuple[str, datetime.datetime]]:
    rows = AuditReminder.objects.filter(kind=kind, status=ReminderStatus.PLANNED, **filters).order_by("due_at", "pk")
    return [(row.recipient.first_name, row.due_at) for row in rows.select_related("recipient")]


def run_until(moment: datetime.datetime) -> list[str]:
    """Scan and send as beat and a worker would, at `moment`."""
    with time_machine.travel(moment, tick=False):
        return [deliver(pk) for pk in scan()]


def to(email) -> str:
    [address] = email.to
    return parseaddr(address)[1]


# Planning


@pytest.mark.parametrize(
    ("due_on", "week_before", "on_the_day"),
    [
        (D(2026, 12, 10), london(2026, 12, 3, 8, 0), london(2026, 12, 10, 8, 0)),  # winter: 08:00 GMT
        (D(2027, 6, 15), london(2027, 6, 8, 8, 0), london(2027, 6, 15, 8, 0)),  # summer: 08:00 BST, 07:00 UTC
    ],
)
def test_owner_hears_a_week_before_and_on_the_day_at_eight_and_the_senco_on_the_day(
    audit, teacher, due_on, week_before, on_the_day
):
    action = action_for(audit, teacher, due_on, planned_at=london(2026, 11, 26, 10, 0))
    assert planned(action=action) == [("Tia", week_before), ("Tia", on_the_day), ("Sam", on_the_day)]
    assert on_the_day.astimezone(datetime.UTC).hour == (7 if due_on.month == 6 else 8)


def test_senco_owning_their_own_action_hears_once_each_time(audit, senco):
    action = action_for(audit, senco, D(2026, 12, 10), planned_at=london(2026, 11, 26, 10, 0))
    assert [name for name, _ in planned(action=action)] == ["Sam", "Sam"]


def test_an_action_due_in_three_days_gets_no_week_before_reminder(audit, teacher):
    action = action_for(audit, teacher, D(2026, 11, 29), planned_at=london(2026, 11, 26, 10, 0))
    assert planned(action=action) == [("Tia", london(2026, 11, 29, 8, 0)), ("Sam", london(2026, 11, 29, 8, 0))]


def test_an_action_due_today_after_eight_gets_no_reminder(audit, teacher):
    action = action_for(audit, teacher, D(2026, 11, 26), planned_at=london(2026, 11, 26, 8, 1))
    assert planned(action=action) == []


def test_moving_the_date_replans_and_moving_it_back_brings_the_same_rows_back(audit, teacher):
    action = action_for(audit, teacher, D(2026, 12, 10), planned_at=london(2026, 11, 26, 10, 0))
    first = set(AuditReminder.objects.filter(action=action).values_list("pk", flat=True))
    with time_machine.travel(london(2026, 11, 27, 10, 0), tick=False):
        action.due_on = D(2026, 12, 24)
        action.save()
        plan_action_reminders(action)
        assert planned(action=action)[0] == ("Tia", london(2026, 12, 17, 8, 0))
        action.due_on = D(2026, 12, 10)
        action.save()
        plan_action_reminders(action)
    assert planned(action=action)[0] == ("Tia", london(2026, 12, 3, 8, 0))
    assert (
        set(AuditReminder.objects.filter(action=action, status=ReminderStatus.PLANNED).values_list("pk", flat=True))
        == first
    )
    assert AuditReminder.objects.filter(action=action).count() == 6  # three for each date, none twice


def test_a_new_owner_gets_the_reminders_instead(audit, teacher, other_teacher):
    action = action_for(audit, teacher, D(2026, 12, 10), planned_at=london(2026, 11, 26, 10, 0))
    with time_machine.travel(london(2026, 11, 27, 10, 0), tick=False):
        action.owner = other_teacher
        action.save()
        plan_action_reminders(action)
    assert sorted(name for name, _ in planned(action=action)) == ["Owen", "Owen", "Sam"]


@pytest.mark.parametrize("status", [AuditActionStatus.DONE, AuditActionStatus.DROPPED])
def test_done_or_no_longer_needed_cancels_the_reminders(audit, teacher, status):
    action = action_for(audit, teacher, D(2026, 12, 10), planned_at=london(2026, 11, 26, 10, 0))
    with time_machine.travel(london(2026, 11, 27, 10, 0), tick=False):
        action.status = status
        action.completed_on = D(2026, 11, 27) if status == AuditActionStatus.DONE else None
        action.save()
        plan_action_reminders(action)
    assert planned(action=action) == []
    assert run_until(london(2026, 12, 10, 9, 0)) == [] and mail.outbox == []


# Sending


def test_nothing_goes_before_its_time_and_each_reminder_goes_once(audit, teacher):
    action_for(audit, teacher, D(2026, 12, 10), planned_at=london(2026, 11, 26, 10, 0))
    assert run_until(london(2026, 12, 3, 7, 59)) == []
    assert run_until(london(2026, 12, 3, 8, 0)) == ["sent"]
    assert run_until(london(2026, 12, 3, 8, 1)) == []
    assert [to(email) for email in mail.outbox] == ["teacher@school.example"]
    assert run_until(london(2026, 12, 10, 8, 0)) == ["sent", "sent"]
    assert sorted(to(email) for email in mail.outbox[1:]) == ["senco@school.example", "teacher@school.example"]


def test_a_second_delivery_of_the_same_task_sends_nothing(audit, teacher):
    action_for(audit, teacher, D(2026, 12, 10), planned_at=london(2026, 11, 26, 10, 0))
    with time_machine.travel(london(2026, 12, 3, 8, 0), tick=False):
        [pk] = scan()
        assert tasks.send_audit_reminder(pk) == "sent"
        assert tasks.send_audit_reminder(pk) == "not claimed"  # the broker delivered it again
        assert scan() == []
    assert len(mail.outbox) == 1
    assert AuditReminder.objects.get(pk=pk).status == ReminderStatus.SENT


def test_the_beat_task_hands_each_due_reminder_to_a_worker(audit, teacher, monkeypatch):
    action_for(audit, teacher, D(2026, 11, 29), planned_at=london(2026, 11, 26, 10, 0))
    handed = []
    monkeypatch.setattr(tasks.send_audit_reminder, "delay", handed.append)
    with time_machine.travel(london(2026, 11, 29, 8, 0), tick=False):
        assert tasks.scan_audit_reminders() == 2
    assert len(handed) == 2 and mail.outbox == []  # the worker sends, not beat


def test_an_action_done_after_planning_is_not_reminded_even_if_its_row_was_missed(audit, teacher):
    action = action_for(audit, teacher, D(2026, 12, 10), planned_at=london(2026, 11, 26, 10, 0))
    # Marked done without replanning (say, in the admin site): the check at sending catches it.
    type(action).objects.filter(pk=action.pk).update(status=AuditActionStatus.DONE, completed_on=D(2026, 12, 1))
    assert run_until(london(2026, 12, 3, 8, 0)) == ["cancelled"]
    assert mail.outbox == []


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("The mail server said no")


def test_a_failed_send_is_tried_again_later_then_given_up(audit, teacher, settings):
    action_for(audit, teacher, D(2026, 12, 10), planned_at=london(2026, 11, 26, 10, 0))
    settings.EMAIL_BACKEND = "audits.tests.test_reminders.BrokenBackend"
    assert run_until(london(2026, 12, 3, 8, 0)) == ["failed"]
    assert run_until(london(2026, 12, 3, 8, 3)) == []  # not hammering the mail server
    assert run_until(london(2026, 12, 3, 8, 6)) == ["failed"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_until(london(2026, 12, 3, 8, 12)) == ["sent"]
    assert len(mail.outbox) == 1

    # Two days late, a reminder would mislead: it is given up.
    settings.EMAIL_BACKEND = "audits.tests.test_reminders.BrokenBackend"
    run_until(london(2026, 12, 10, 8, 0))
    assert run_until(london(2026, 12, 12, 8, 1)) == []
    assert not AuditReminder.objects.filter(kind=ReminderKind.ACTION_DUE, status=ReminderStatus.PLANNED).exists()


# The review date


def test_senco_hears_a_month_and_a_week_before_the_review(audit, head):
    run_until(london(2026, 11, 26, 10, 0))  # each scan keeps the review reminders in line with the audit
    assert planned(ReminderKind.REVIEW_DUE) == [("Sam", london(2027, 6, 1, 8, 0)), ("Sam", london(2027, 6, 24, 8, 0))]
    run_until(london(2026, 11, 26, 10, 1))
    assert AuditReminder.objects.filter(kind=ReminderKind.REVIEW_DUE).count() == 2
    assert run_until(london(2027, 6, 1, 8, 0)) == ["sent"]
    assert [to(email) for email in mail.outbox] == ["senco@school.example"]


def test_a_review_three_weeks_away_gets_only_the_week_before(senco):
    with time_machine.travel(london(2026, 11, 26, 10, 0), tick=False):
        make_audit(senco, held_on=D(2026, 11, 25), review_on=D(2026, 12, 17))
    run_until(london(2026, 11, 26, 10, 0))
    assert planned(ReminderKind.REVIEW_DUE) == [("Sam", london(2026, 12, 10, 8, 0))]


def test_a_moved_review_date_replans(audit):
    run_until(london(2026, 11, 26, 10, 0))
    audit.review_on = D(2027, 9, 1)
    audit.save()
    run_until(london(2026, 11, 27, 10, 0))
    assert planned(ReminderKind.REVIEW_DUE) == [("Sam", london(2027, 8, 1, 8, 0)), ("Sam", london(2027, 8, 25, 8, 0))]


def test_no_review_reminder_once_the_school_has_re_audited(audit, senco):
    run_until(london(2026, 11, 26, 10, 0))
    make_audit(senco, title="Re-audit", held_on=D(2027, 5, 20), review_on=D(2028, 5, 20), started_from=audit)
    assert run_until(london(2027, 6, 1, 8, 0)) == ["cancelled"]
    assert mail.outbox == []


# What the emails say


def test_a_teachers_reminder_says_what_by_when_and_whom_to_tell(audit, teacher, settings):
    settings.SITE_URL = "https://senco.school.example"
    action_for(
        audit, teacher, D(2026, 12, 10), planned_at=london(2026, 11, 26, 10, 0), description="New signs at both gates"
    )
    run_until(london(2026, 12, 3, 8, 0))
    [email] = mail.outbox
    assert email.subject == 'Due Thursday 10 December 2026: audit action "New signs at both gates"'
    assert email.to == ["Tia Teacher <teacher@school.example>"]
    body = email.body
    assert body.startswith("Dear Tia,")
    assert "is yours, and it is due in 7 days, on Thursday 10 December 2026." in body
    assert "What we will do: New signs at both gates" in body
    assert "It comes from question C1: How do you welcome parents when they visit school?" in body
    assert "please tell Sam Senco (senco@school.example), who keeps the action plan" in body
    assert "https://" not in body  # staff have no audit pages: no link that would refuse them
    html = email.alternatives[0][0]
    assert "New signs at both gates" in html and "mailto:senco@school.example" in html


def test_the_senco_is_told_on_the_day_with_a_link_to_the_action(audit, teacher, settings):
    settings.SITE_URL = "https://senco.school.example"
    action = action_for(audit, teacher, D(2026, 12, 10), planned_at=london(2026, 11, 26, 10, 0))
    run_until(london(2026, 12, 10, 8, 0))
    [email] = [email for email in mail.outbox if to(email) == "senco@school.example"]
    assert email.subject.startswith("Due today: Tia Teacher's audit action")
    assert (
        "Tia Teacher's action from the parent partnership audit is due today, Thursday 10 December 2026." in email.body
    )
    assert f"https://senco.school.example/audits/actions/{action.pk}/" in email.body


def test_the_review_email_counts_what_is_still_to_do(audit, teacher, settings):
    settings.SITE_URL = "https://senco.school.example"
    action_for(audit, teacher, D(2027, 5, 1), planned_at=london(2026, 11, 26, 10, 0))
    action_for(audit, teacher, D(2027, 7, 1), planned_at=london(2026, 11, 26, 10, 0))
    run_until(london(2026, 11, 26, 10, 0))
    mail.outbox.clear()
    with time_machine.travel(london(2027, 6, 24, 8, 0), tick=False):
        review = AuditReminder.objects.get(kind=ReminderKind.REVIEW_DUE, due_at=london(2027, 6, 24, 8, 0))
        assert deliver(review.pk) == "sent"
    [email] = mail.outbox
    assert email.subject == "Parent partnership audit: review due in a week, on 1 July 2027"
    assert "2 actions from it are still to do, 1 of them overdue." in email.body
    assert "start a new audit from this one" in email.body
    assert f"https://senco.school.example/audits/action-plan/?audit={audit.pk}&show=all" in email.body


def test_the_head_owning_an_action_is_asked_to_tell_the_senco_and_may_see_the_plan(audit, head, settings):
    settings.SITE_URL = "https://senco.school.example"
    action_for(audit, head, D(2026, 12, 10), planned_at=london(2026, 11, 26, 10, 0))
    run_until(london(2026, 12, 3, 8, 0))
    [email] = mail.outbox
    assert "please tell Sam Senco (senco@school.example), who keeps the action plan." in email.body
    assert f"The action plan: https://senco.school.example/audits/action-plan/?audit={audit.pk}" in email.body
