"""Lending rules at their edges, and the 'due back' reminders each loan plans, renews and cancels."""

import datetime

import pytest
import time_machine
from django.core import mail

from library.loans import LendingRefused, lend, record_return, renew
from library.models import Copy, Loan, LoanQuerySet
from library.notices import LoanMessageKind, loan_message_still_needed
from notices.models import Message, MessageStatus
from notices.sending import deliver, scan
from school.models import ClosureDay, School, TermDates

from .conftest import TODAY, london

pytestmark = pytest.mark.usefixtures("on_today")

FRIDAY_18 = datetime.date(2026, 12, 18)


def reminders(loan, status=MessageStatus.PLANNED):
    return list(Message.objects.filter(loan=loan, kind=LoanMessageKind.DUE_BACK, status=status).order_by("due_at"))


def lend_to_alice(copy, pupil_a, alice, senco, due_back_on=FRIDAY_18):
    return lend(copy, alice, pupil_a, by=senco, lent_on=TODAY, due_back_on=due_back_on)


# Lending


def test_lending_a_copy_opens_a_loan(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    assert Loan.objects.out().get() == loan
    assert (loan.lent_on, loan.due_back_on, loan.lent_by) == (TODAY, FRIDAY_18, senco)


def test_due_back_date_defaults_to_the_items_usual_loan(copy, pupil_a, alice, senco):
    loan = lend(copy, alice, pupil_a, by=senco)
    assert loan.due_back_on == TODAY + datetime.timedelta(days=16)


def test_copy_already_out_is_refused(copy, pupil_a, alice, senco, bella, pupil_b):
    lend_to_alice(copy, pupil_a, alice, senco)
    with pytest.raises(LendingRefused, match="LIB-001 is already out on loan"):
        lend(copy, bella, pupil_b, by=senco)
    assert Loan.objects.count() == 1


def test_copy_can_be_lent_again_once_returned(copy, pupil_a, alice, senco, bella, pupil_b):
    record_return(lend_to_alice(copy, pupil_a, alice, senco), by=senco)
    loan = lend(copy, bella, pupil_b, by=senco)
    assert loan.parent == bella


def test_withdrawn_copy_is_refused(copy, pupil_a, alice, senco):
    Copy.objects.filter(pk=copy.pk).update(withdrawn=True)
    with pytest.raises(LendingRefused, match="LIB-001 has been withdrawn"):
        lend_to_alice(copy, pupil_a, alice, senco)
    assert not Loan.objects.exists()


def test_parent_of_another_child_is_refused(copy, pupil_a, bella, senco):
    with pytest.raises(LendingRefused, match="Bella Barker is not a parent or carer of Amelia Ashworth"):
        lend(copy, bella, pupil_a, by=senco)
    assert not Loan.objects.exists()


def test_due_back_before_the_loan_is_refused(copy, pupil_a, alice, senco):
    with pytest.raises(LendingRefused, match="cannot be before the day it is lent"):
        lend_to_alice(copy, pupil_a, alice, senco, due_back_on=TODAY - datetime.timedelta(days=1))


def test_database_guard_gives_the_same_message(copy, pupil_a, alice, senco, bella, pupil_b, monkeypatch):
    """Two people lending at once: the second's check ran before the first committed; the constraint stops it."""
    lend_to_alice(copy, pupil_a, alice, senco)
    real_out = LoanQuerySet.out
    calls = []

    def out_missing_the_other_loan(self):
        calls.append(1)
        return self.none() if len(calls) == 1 else real_out(self)

    monkeypatch.setattr(LoanQuerySet, "out", out_missing_the_other_loan)
    with pytest.raises(LendingRefused, match="LIB-001 is already out on loan"):
        lend(copy, bella, pupil_b, by=senco)
    assert Loan.objects.count() == 1


# Reminders


def test_lending_plans_due_soon_and_overdue_reminders(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    soon, late = reminders(loan)
    # Friday 18th: 'due soon' two school days before (Wednesday 16th), 'overdue' the next school day (Monday 21st).
    assert soon.due_at == soon.next_attempt_at == london(2026, 12, 16, 15, 30)
    assert late.due_at == london(2026, 12, 21, 15, 30)
    assert {soon.for_starts_at, late.for_starts_at} == {london(2026, 12, 18, 15, 30)}
    assert (soon.parent, soon.channel) == (alice, "email")


def test_reminders_skip_weekends_and_closure_days(copy, pupil_a, alice, senco):
    ClosureDay.objects.create(date=datetime.date(2026, 12, 21), reason="Christmas holiday")
    ClosureDay.objects.create(date=datetime.date(2026, 12, 22), reason="Christmas holiday")
    loan = lend_to_alice(copy, pupil_a, alice, senco, due_back_on=datetime.date(2026, 12, 14))
    ClosureDay.objects.create(date=datetime.date(2026, 12, 10), reason="INSET day")
    loan = renew(loan, FRIDAY_18, by=senco)
    soon, late = reminders(loan)
    assert soon.due_at == london(2026, 12, 16, 15, 30)
    assert late.due_at == london(2026, 12, 23, 15, 30)


def test_due_soon_skips_the_weekend_before_a_monday(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco, due_back_on=datetime.date(2026, 12, 14))
    soon, late = reminders(loan)
    assert soon.due_at == london(2026, 12, 10, 15, 30)  # Thursday, two school days before Monday
    assert late.due_at == london(2026, 12, 15, 15, 30)


def test_short_loan_plans_no_due_soon_reminder_in_the_past(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco, due_back_on=datetime.date(2026, 12, 3))
    [only] = reminders(loan)
    assert only.due_at == london(2026, 12, 4, 15, 30)


def test_parent_without_email_gets_a_letter(copy, pupil_a, alice, senco):
    alice.email = ""
    alice.save()
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    assert {message.channel for message in reminders(loan)} == {"letter"}


def test_return_cancels_planned_reminders(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    record_return(loan, by=senco)
    assert reminders(loan) == []
    assert len(reminders(loan, MessageStatus.CANCELLED)) == 2
    loan.refresh_from_db()
    assert (loan.returned_on, loan.returned_to) == (TODAY, senco)


def test_renewal_replaces_reminders_for_the_new_date(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    renew(loan, datetime.date(2027, 1, 8), by=senco)
    planned = reminders(loan)
    assert [m.due_at for m in planned] == [london(2027, 1, 6, 15, 30), london(2027, 1, 11, 15, 30)]
    assert len(reminders(loan, MessageStatus.CANCELLED)) == 2
    loan.refresh_from_db()
    assert (loan.due_back_on, loan.renewed_on, loan.renewed_by) == (datetime.date(2027, 1, 8), TODAY, senco)


def test_renewal_reuses_a_reminder_at_the_same_moment(copy, pupil_a, alice, senco):
    """Due Monday 14th (overdue reminder Tuesday 15th), renewed to Thursday 17th (due-soon reminder Tuesday 15th)."""
    loan = lend_to_alice(copy, pupil_a, alice, senco, due_back_on=datetime.date(2026, 12, 14))
    renew(loan, datetime.date(2026, 12, 17), by=senco)
    soon, late = reminders(loan)
    assert soon.due_at == london(2026, 12, 15, 15, 30)
    assert soon.for_starts_at == london(2026, 12, 17, 15, 30)
    assert late.due_at == london(2026, 12, 18, 15, 30)
    # and back again: the cancelled row comes back rather than a second one
    renew(loan, datetime.date(2026, 12, 14), by=senco)
    assert [m.due_at for m in reminders(loan)] == [london(2026, 12, 10, 15, 30), london(2026, 12, 15, 15, 30)]
    assert Message.objects.filter(loan=loan).count() == 3


def test_renewing_a_returned_loan_is_refused(copy, pupil_a, alice, senco):
    loan = record_return(lend_to_alice(copy, pupil_a, alice, senco), by=senco)
    with pytest.raises(LendingRefused, match="returned on 2 December 2026: it cannot be renewed"):
        renew(loan, datetime.date(2027, 1, 8), by=senco)


def test_renewing_to_a_past_date_is_refused(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    with pytest.raises(LendingRefused, match="in the past"):
        renew(loan, TODAY - datetime.timedelta(days=1), by=senco)


def test_returning_twice_is_refused(copy, pupil_a, alice, senco):
    loan = record_return(lend_to_alice(copy, pupil_a, alice, senco), by=senco)
    with pytest.raises(LendingRefused, match="already returned on 2 December 2026"):
        record_return(loan, by=senco)


def test_return_in_the_future_is_refused(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    with pytest.raises(LendingRefused, match="in the future"):
        record_return(loan, by=senco, returned_on=TODAY + datetime.timedelta(days=1))
    assert Loan.objects.out().exists()


# Still needed at the moment of sending


def test_still_needed_while_out_and_due_on_the_planned_date(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    soon, late = reminders(loan)
    assert loan_message_still_needed(soon) and loan_message_still_needed(late)


def test_not_needed_once_returned(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    soon, _ = reminders(loan)
    Loan.objects.filter(pk=loan.pk).update(returned_on=TODAY)  # as if returned while the sender held the row
    soon.refresh_from_db()
    assert not loan_message_still_needed(soon)


def test_not_needed_for_an_older_due_date(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    soon, _ = reminders(loan)
    Loan.objects.filter(pk=loan.pk).update(due_back_on=datetime.date(2027, 1, 8))
    soon.refresh_from_db()
    assert not loan_message_still_needed(soon)


def test_a_reminder_held_by_the_sender_when_the_copy_came_back_is_not_sent(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    soon, _ = reminders(loan)
    Loan.objects.filter(pk=loan.pk).update(returned_on=TODAY)
    with time_machine.travel(london(2026, 12, 16, 15, 31), tick=False):
        assert deliver(soon.pk) == MessageStatus.CANCELLED
    assert mail.outbox == []


# End to end


def test_due_soon_reminder_is_emailed_once(copy, pupil_a, alice, senco):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    with time_machine.travel(london(2026, 12, 16, 15, 31), tick=False):
        due = scan()
        assert len(due) == 1
        assert deliver(due[0]) == MessageStatus.SENT
        assert deliver(due[0]) == "not claimed"
    [email] = mail.outbox
    assert email.subject == "The Red Tree is due back on Friday 18 December 2026"
    assert "Dear Alice Ashworth" in email.body
    assert "due back on Friday 18 December 2026" in email.body
    assert "LIB-001" in email.body
    assert "for Amelia" in email.body
    html = email.alternatives[0][0]
    assert "<strong>The Red Tree</strong>" in html
    assert Message.objects.get(pk=due[0]).status == MessageStatus.SENT
    assert loan.pk == Message.objects.get(pk=due[0]).loan_id


def test_overdue_reminder_says_it_was_due(copy, pupil_a, alice, senco):
    lend_to_alice(copy, pupil_a, alice, senco)
    with time_machine.travel(london(2026, 12, 21, 15, 31), tick=False):
        for pk in scan():
            deliver(pk)
    [email] = mail.outbox  # the 'due soon' reminder had passed its moment: only the overdue one went
    assert email.subject == "Please bring back The Red Tree: it was due back on Friday 18 December 2026"
    assert "It was due back on Friday 18 December 2026" in email.body
    assert "lost or damaged" in email.body


def test_a_parent_without_email_gets_the_reminder_as_a_letter_to_print(copy, pupil_a, alice, senco):
    alice.email = ""
    alice.address = "1 Oak Lane\nTownley"
    alice.save()
    lend_to_alice(copy, pupil_a, alice, senco)
    with time_machine.travel(london(2026, 12, 16, 15, 31), tick=False):
        [pk] = scan()
        assert deliver(pk) == MessageStatus.SENT
    letter = Message.objects.get(pk=pk)
    assert mail.outbox == []
    assert letter.channel == "letter" and letter.printed_at is None  # on the office's 'letters to print' list
    assert letter.recipient_address == "1 Oak Lane\nTownley"
    assert "The Red Tree" in letter.body_text and "Friday 18 December 2026" in letter.body_text


# The school's calendar


def test_term_dates_entered_after_lending_move_the_overdue_reminder_past_the_holiday(
    copy, pupil_a, alice, senco, django_capture_on_commit_callbacks
):
    loan = lend_to_alice(copy, pupil_a, alice, senco)  # due back Friday 18 December, the last day of term
    with django_capture_on_commit_callbacks(execute=True):
        TermDates.objects.create(term="autumn", starts_on=datetime.date(2026, 9, 3), ends_on=FRIDAY_18)
        TermDates.objects.create(term="spring", starts_on=datetime.date(2027, 1, 5), ends_on=datetime.date(2027, 3, 26))
    soon, late = reminders(loan)
    assert soon.due_at == london(2026, 12, 16, 15, 30)  # unchanged
    assert late.due_at == london(2027, 1, 5, 15, 30)  # the first day back, not Monday 21 December 2026
    assert [m.due_at for m in reminders(loan, MessageStatus.CANCELLED)] == [london(2026, 12, 21, 15, 30)]


def test_a_reminder_already_sent_stays_and_is_not_sent_twice_when_the_calendar_changes(
    copy, pupil_a, alice, senco, django_capture_on_commit_callbacks
):
    loan = lend_to_alice(copy, pupil_a, alice, senco)
    with time_machine.travel(london(2026, 12, 16, 15, 31), tick=False):
        for pk in scan():
            deliver(pk)
        with django_capture_on_commit_callbacks(execute=True):  # a later reminder time, just after the first went
            school = School.load()
            school.reminder_time = datetime.time(16, 0)
            school.save()
    [sent] = reminders(loan, MessageStatus.SENT)
    assert sent.due_at == london(2026, 12, 16, 15, 30)
    [late] = reminders(loan)
    assert late.due_at == london(2026, 12, 21, 16, 0)
    assert len(mail.outbox) == 1
