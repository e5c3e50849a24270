"""Lending a copy to a family, renewing and returning it, and the 'due back' reminders each loan needs.

Each reminder is a notices Message row (kind 'loan_due_back'): 'due back soon' two school days before the due-back
date and 'now overdue' the school day after it, both at the school's reminder time. `for_starts_at` holds the
due-back date (at the reminder time) the reminder was planned for, so a renewal makes older reminders stale.
"""

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from common import when
from notices.channels import channel_choice
from notices.models import Message, MessageStatus
from notices.timing import at
from pupils.models import ParentCarer, Pupil, PupilParent
from school.calendar import next_school_day, previous_school_day
from school.models import School

from .models import Copy, Loan
from .notices import LoanMessageKind

# An overdue reminder held up (the sender was down, say) is still worth sending for a week.
OVERDUE_REMINDER_USEFUL_FOR = timedelta(days=7)


class LendingRefused(Exception):
    """What the person lending, renewing or returning must be told, in words they can act on."""


def already_out(copy: Copy) -> LendingRefused:
    return LendingRefused(f"Copy {copy.label} is already out on loan. Record its return before lending it again.")


@transaction.atomic
def lend(
    copy: Copy,
    parent: ParentCarer,
    pupil: Pupil,
    by,
    lent_on: date | None = None,
    due_back_on: date | None = None,
    now: datetime | None = None,
) -> Loan:
    """Lend a copy to one of the pupil's parents or carers. Refuses a withdrawn copy or one already out."""
    lent_on = lent_on or timezone.localdate(now)
    due_back_on = due_back_on or lent_on + timedelta(days=copy.item.loan_days)
    if due_back_on < lent_on:
        raise LendingRefused("The due-back date cannot be before the day it is lent.")
    if not PupilParent.objects.filter(pupil=pupil, parent=parent).exists():
        raise LendingRefused(f"{parent.full_name} is not a parent or carer of {pupil.full_name}.")
    try:
        with transaction.atomic():
            # Two people lending the same copy at once: the second waits here, then finds it out.
            copy = Copy.objects.select_for_update().select_related("item").get(pk=copy.pk)
            if copy.withdrawn:
                raise LendingRefused(f"Copy {copy.label} has been withdrawn and is no longer lent.")
            if copy.loans.out().exists():
                raise already_out(copy)
            loan = Loan.objects.create(
                copy=copy, parent=parent, pupil=pupil, lent_on=lent_on, due_back_on=due_back_on, lent_by=by
            )
            plan_reminders(loan, now)
    except IntegrityError:
        # The database's one-open-loan-per-copy constraint is the last guard.
        if Loan.objects.out().filter(copy=copy).exists():
            raise already_out(copy) from None
        raise
    return loan


def _locked(loan: Loan) -> Loan:
    return Loan.objects.select_for_update().select_related("copy__item", "parent", "pupil").get(pk=loan.pk)


@transaction.atomic
def renew(loan: Loan, due_back_on: date, by, now: datetime | None = None) -> Loan:
    """A new due-back date for a loan still out; reminders for the old date are no longer sent."""
    loan = _locked(loan)
    today = timezone.localdate(now)
    if not loan.is_out:
        raise LendingRefused(f"This loan was returned on {when.date(loan.returned_on)}: it cannot be renewed.")
    if due_back_on < today:
        raise LendingRefused("The new due-back date is in the past.")
    if due_back_on == loan.due_back_on:
        raise LendingRefused(f"It is already due back on {when.date(due_back_on)}: choose another date.")
    loan.due_back_on = due_back_on
    loan.renewed_on = today
    loan.renewed_by = by
    loan.save(update_fields=["due_back_on", "renewed_on", "renewed_by"])
    plan_reminders(loan, now)
    return loan


@transaction.atomic
def record_return(loan: Loan, by, returned_on: date | None = None, now: datetime | None = None) -> Loan:
    """The copy is back: the loan closes, the copy can be lent again, and no reminder is sent."""
    loan = _locked(loan)
    returned_on = returned_on or timezone.localdate(now)
    if not loan.is_out:
        raise LendingRefused(f"This loan was already returned on {when.date(loan.returned_on)}.")
    if returned_on < loan.lent_on:
        raise LendingRefused(f"It was lent on {when.date(loan.lent_on)}: it cannot be back before then.")
    if returned_on > timezone.localdate(now):
        raise LendingRefused("The return date is in the future: record a return once the copy is back.")
    loan.returned_on = returned_on
    loan.returned_to = by
    loan.save(update_fields=["returned_on", "returned_to"])
    plan_reminders(loan, now)
    return loan


# Reminders


def due_back_at(due_back_on: date) -> datetime:
    """The due-back date as a moment: the key that tells a reminder for this date from one for an older date."""
    return at(due_back_on, School.load().reminder_time)


def due_soon_at(due_back_on: date) -> datetime:
    """Two school days before the due-back date, at the school's reminder time."""
    return at(previous_school_day(previous_school_day(due_back_on)), School.load().reminder_time)


def overdue_at(due_back_on: date) -> datetime:
    """The school day after the due-back date, at the school's reminder time (due back on a Friday: the Monday; on
    the last day of term: the first day of the next)."""
    return at(next_school_day(due_back_on), School.load().reminder_time)


def wanted_reminders(loan: Loan, now: datetime) -> list[tuple[datetime, datetime]]:
    """(due at, useful until) of each reminder the loan needs from now on: for 'due soon' and 'overdue' each, the one
    already sent or in the sender's hands for the loan's due-back date (never a second), else one still to come."""
    if not loan.is_out:
        return []
    handed = {_is_overdue(message): message for message in _handed_to_sender(loan, now)}
    soon, late = due_soon_at(loan.due_back_on), overdue_at(loan.due_back_on)
    wanted = []
    for is_overdue, due, expires in (
        (False, soon, at(loan.due_back_on, time.min)),
        (True, late, late + OVERDUE_REMINDER_USEFUL_FOR),
    ):
        if is_overdue in handed:
            wanted.append((handed[is_overdue].due_at, handed[is_overdue].expires_at))
        elif due > now:
            wanted.append((due, expires))
    return wanted


def _is_overdue(message: Message) -> bool:
    return timezone.localdate(message.due_at) > timezone.localdate(message.for_starts_at)


def _handed_to_sender(loan: Loan, now: datetime) -> list[Message]:
    """The loan's reminders for its due-back date already sent or in the sender's hands."""
    messages = Message.objects.filter(loan=loan, kind=LoanMessageKind.DUE_BACK, resend_of=None)
    return [
        message
        for message in messages.handed_to_sender(now)
        if timezone.localdate(message.for_starts_at) == loan.due_back_on
    ]


def plan_reminders(loan: Loan, now: datetime | None = None) -> None:
    """Keep the loan's planned reminders in line with it. Call with the loan (or its copy) locked."""
    now = now or timezone.now()
    wanted = wanted_reminders(loan, now)
    planned = Message.objects.filter(loan=loan, status=MessageStatus.PLANNED)
    planned.exclude(due_at__in=[due for due, _ in wanted]).update(status=MessageStatus.CANCELLED)
    for_starts_at = due_back_at(loan.due_back_on)
    for due, expires in wanted:
        if due <= now:
            continue  # in the sender's hands (or sent): left as it is
        fields = {
            "for_starts_at": for_starts_at,
            "expires_at": expires,
            "next_attempt_at": due,
            "channel": channel_choice(loan.parent),
            "status": MessageStatus.PLANNED,
        }
        key = {"loan": loan, "parent": loan.parent, "kind": LoanMessageKind.DUE_BACK, "due_at": due}
        # The key has no due-back date in it: a renewal may want a row at the same moment as an old one
        # (Monday's overdue reminder is Thursday's 'due soon'). Such a row is still in the future, so never sent.
        existing = Message.objects.filter(resend_of=None, **key).first()
        if existing is None:
            Message.objects.create(**key, **fields)
        elif existing.status in (MessageStatus.PLANNED, MessageStatus.CANCELLED):
            Message.objects.filter(pk=existing.pk).update(**fields)


def plan_reminders_again(**kwargs) -> None:
    """The school's closure days, term dates or reminder times changed (`school.signals.calendar_changed`): the
    reminders of every loan still out move to their new school days; those already sent stay as they were."""
    now = timezone.now()
    for loan in Loan.objects.out().only("pk"):
        with transaction.atomic():
            plan_reminders(_locked(loan), now)
