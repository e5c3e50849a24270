"""Reminder emails to staff, each sent exactly once: the pattern of notices/sending.py, for rows built on
`notices.models.StaffReminder` (a concern to answer, an audit action or review coming up).

Beat asks for a scan every minute; each due row is claimed with a conditional UPDATE (planned -> sending) before
it is sent, so a task delivered twice, or two workers at once, send it once. What the row is about is checked
again at sending; a send that fails goes back to planned and a later scan tries again after RETRY_AFTER.
"""

import logging
from datetime import datetime, timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from school.models import School

from .content import tidy_text
from .models import ReminderStatus, StaffReminder

logger = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=5)


class StaffReminders:
    """How one kind of reminder row is sent. A subclass names its `model` and the rows to join, and says which
    planned rows are too late to help (`expire`), whether a row is still needed, and what its email says."""

    model: type[StaffReminder]
    related: tuple[str, ...] = ("recipient",)

    def expire(self, now: datetime) -> None:
        """Cancel (or plan) rows before the scan; nothing by default."""

    def still_needed(self, reminder: StaffReminder, now: datetime) -> bool:
        raise NotImplementedError

    def email(self, reminder: StaffReminder, now: datetime) -> EmailMultiAlternatives:
        raise NotImplementedError

    def scan(self, now: datetime | None = None) -> list[int]:
        """The ids of the reminders due now, soonest first."""
        now = now or timezone.now()
        self.expire(now)
        due = self.model.objects.filter(status=ReminderStatus.PLANNED, due_at__lte=now).filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - RETRY_AFTER)
        )
        return list(due.order_by("due_at", "pk").values_list("pk", flat=True))

    def claim(self, pk: int, now: datetime) -> bool:
        """Planned -> sending, in one UPDATE: only one caller ever sees the row count 1."""
        claimed = self.model.objects.filter(pk=pk, status=ReminderStatus.PLANNED, due_at__lte=now).update(
            status=ReminderStatus.SENDING, claimed_at=now
        )
        return claimed == 1

    def deliver(self, pk: int, now: datetime | None = None) -> str:
        """Send one reminder if it is still needed and nobody else has claimed it. Returns what happened."""
        now = now or timezone.now()
        if not self.claim(pk, now):
            return "not claimed"
        reminder = self.model.objects.select_related(*self.related).get(pk=pk)
        if not self.still_needed(reminder, now):
            reminder.status = ReminderStatus.CANCELLED
            reminder.save(update_fields=["status"])
            return reminder.status
        try:
            self.email(reminder, now).send(fail_silently=False)
        except Exception as error:  # the mail server: back to planned, a later scan tries again
            logger.warning("Sending %s %s failed: %s", self.model._meta.verbose_name, pk, error)
            reminder.status = ReminderStatus.PLANNED
            reminder.save(update_fields=["status"])
            return "failed"
        reminder.status = ReminderStatus.SENT
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["status", "sent_at"])
        return reminder.status


def staff_email(recipient, folder: str, context: dict) -> EmailMultiAlternatives:
    """An email to a member of staff from the templates in `folder` (subject.txt, body.txt, body.html)."""
    school = context.setdefault("school", School.load())
    context.setdefault("dear", recipient.first_name or recipient.get_full_name())
    subject = " ".join(render_to_string(f"{folder}/subject.txt", context).split())
    context["subject"] = subject
    email = EmailMultiAlternatives(
        subject=subject,
        body=tidy_text(render_to_string(f"{folder}/body.txt", context)),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((recipient.get_full_name(), recipient.email))],
        reply_to=[school.email] if school.email else None,
    )
    email.attach_alternative(render_to_string(f"{folder}/body.html", context), "text/html")
    return email
