"""Reminders about acting on the audit, as rows (AuditReminder), sent exactly once: the pattern of notices/sending.py.

- An action's owner hears a week before it is due and on the day, at 8:00; on the day the SENCO who made the action
  hears too, when someone else owns it.
- The SENCO who made an audit hears a month and a week before its review date, at 8:00.

Planning is safe to repeat: each row is keyed (kind, audit, action, recipient, time). A change of date or owner
cancels the planned rows that no longer fit and adds the new ones; done or no longer needed cancels them all.
Sent once each by the shared machinery of notices/staff_reminders.py.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notices.content import site_url
from notices.models import ReminderStatus
from notices.staff_reminders import StaffReminders, staff_email
from notices.timing import at

from .models import Audit, AuditAction, AuditActionStatus, AuditReminder, ReminderKind

logger = logging.getLogger(__name__)

REMINDER_TIME = time(8, 0)  # school's local time (settings.TIME_ZONE)
ACTION_WARNING = relativedelta(days=7)
REVIEW_WARNINGS = (relativedelta(months=1), relativedelta(days=7))
# A send that failed is tried again by a later scan, but not for ever: a reminder this late would mislead more than
# help.
GIVE_UP_AFTER = timedelta(days=2)
OPEN_STATUSES = (AuditActionStatus.OPEN, AuditActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Moment:
    """A reminder that should exist: to whom, and when."""

    recipient_id: int
    due_at: datetime


def action_moments(action: AuditAction) -> list[Moment]:
    """Every reminder an action needs while it is open, whether or not its time has passed."""
    if action.status not in OPEN_STATUSES:
        return []
    moments = [
        Moment(action.owner_id, at(action.due_on - ACTION_WARNING, REMINDER_TIME)),
        Moment(action.owner_id, at(action.due_on, REMINDER_TIME)),
    ]
    if action.created_by_id != action.owner_id:
        moments.append(Moment(action.created_by_id, at(action.due_on, REMINDER_TIME)))
    return moments


def review_moments(audit: Audit) -> list[Moment]:
    return [Moment(audit.created_by_id, at(audit.review_on - before, REMINDER_TIME)) for before in REVIEW_WARNINGS]


def _reconcile(rows, moments: list[Moment], now: datetime, **row_fields) -> None:
    """Cancel planned rows no moment asks for; add the moments still to come that have no row yet.

    A moment whose time has passed is not added (an action made three days before it is due needs no 'due in a
    week'), but a planned row already due is kept for the scan that is about to send it.
    """
    wanted = {(m.recipient_id, m.due_at): m for m in moments}
    existing = {(row.recipient_id, row.due_at): row for row in rows}
    for key, row in existing.items():
        if row.status == ReminderStatus.PLANNED and key not in wanted:
            row.status = ReminderStatus.CANCELLED
            row.save(update_fields=["status"])
        elif row.status == ReminderStatus.CANCELLED and key in wanted and row.due_at > now:
            # Changed back (a date moved and moved back): the same row is wanted again.
            row.status = ReminderStatus.PLANNED
            row.save(update_fields=["status"])
    for key, moment in wanted.items():
        if key not in existing and moment.due_at > now:
            AuditReminder.objects.create(recipient_id=moment.recipient_id, due_at=moment.due_at, **row_fields)


@transaction.atomic
def plan_action_reminders(action: AuditAction, now: datetime | None = None) -> None:
    now = now or timezone.now()
    # One planner at a time per action: two saves at once cannot both add the same reminder.
    action = AuditAction.objects.select_for_update().get(pk=action.pk)
    rows = AuditReminder.objects.filter(kind=ReminderKind.ACTION_DUE, action=action)
    _reconcile(rows, action_moments(action), now, kind=ReminderKind.ACTION_DUE, audit_id=action.audit_id, action=action)


@transaction.atomic
def plan_review_reminders(audit: Audit, now: datetime | None = None) -> None:
    now = now or timezone.now()
    # The row lock matters here: with no action the unique constraint cannot stop a duplicate (NULLs differ).
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    rows = AuditReminder.objects.filter(kind=ReminderKind.REVIEW_DUE, audit=audit)
    _reconcile(rows, review_moments(audit), now, kind=ReminderKind.REVIEW_DUE, audit=audit)


def plan_review_reminders_for_coming_reviews(now: datetime) -> None:
    """Keep review reminders in line with each audit's review date, whichever page set or changed it.

    Run by every scan: a school has a handful of audits, and the audit pages need not remember to call us.
    """
    today = timezone.localdate(now)
    for audit in Audit.objects.filter(review_on__gte=today).only("pk"):
        plan_review_reminders(audit, now)


# Sending


class AuditReminders(StaffReminders):
    model = AuditReminder
    related = ("audit__created_by", "action__owner", "action__question__section", "recipient")

    def expire(self, now: datetime) -> None:
        """Plan what the review dates need, and give up on reminders long overdue."""
        plan_review_reminders_for_coming_reviews(now)
        AuditReminder.objects.filter(status=ReminderStatus.PLANNED, due_at__lt=now - GIVE_UP_AFTER).update(
            status=ReminderStatus.CANCELLED
        )

    def still_needed(self, reminder: AuditReminder, now: datetime) -> bool:
        """Checked again at sending: the action or audit may have changed since the row was planned."""
        today = timezone.localdate(now)
        if reminder.kind == ReminderKind.ACTION_DUE:
            action = reminder.action
            return (
                action.status in OPEN_STATUSES
                and action.due_on >= today
                and Moment(reminder.recipient_id, reminder.due_at) in action_moments(action)
            )
        audit = reminder.audit
        # Once the school has re-audited from this audit, the review has happened.
        return audit.review_on >= today and not audit.re_audits.exists()

    def email(self, reminder: AuditReminder, now: datetime):
        """The words are in templates/audits/reminders/<kind>/."""
        return staff_email(reminder.recipient, f"audits/reminders/{reminder.kind}", reminder_context(reminder, now))


# What the email says (the words are in templates/audits/reminders/<kind>/)


def reminder_context(reminder: AuditReminder, now: datetime) -> dict:
    recipient, audit = reminder.recipient, reminder.audit
    today = timezone.localdate(now)
    context = {
        "reminder": reminder,
        "recipient": recipient,
        "audit": audit,
        # Staff and office have no audit pages: their email says whom to tell instead of giving a link.
        "can_open_plan": recipient.can("audit.view"),
        "can_update": recipient.can("audit.run"),
    }
    if reminder.kind == ReminderKind.ACTION_DUE:
        action = reminder.action
        return context | {
            "action": action,
            "question": action.question,
            "is_owner": recipient.pk == action.owner_id,
            "due_today": action.due_on == today,
            "days_left": (action.due_on - today).days,
            "senco": audit.created_by if action.created_by_id == recipient.pk else action.created_by,
            "plan_url": site_url(
                reverse("audits:action_edit", args=[action.pk])
                if recipient.can("audit.run")
                else reverse("audits:action_plan") + f"?audit={audit.pk}"
            ),
        }
    actions = audit.actions.filter(status__in=OPEN_STATUSES)
    return context | {
        "days_left": (audit.review_on - today).days,
        "open_actions": actions.count(),
        "overdue_actions": actions.filter(due_on__lt=today).count(),
        "plan_url": site_url(reverse("audits:action_plan") + f"?audit={audit.pk}&show=all"),
    }


audit_reminders = AuditReminders()
scan, claim, deliver = audit_reminders.scan, audit_reminders.claim, audit_reminders.deliver
