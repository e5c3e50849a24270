"""Reminding the person who must answer a concern, 4 hours before it is due, exactly once.

The pattern of notices/sending.py and audits/reminders.py: each reminder is a ConcernReminder row (planned by
`concerns.plan_reminder`); beat asks for a scan every minute; each due row is claimed with a conditional UPDATE
(planned -> sending) before it is sent, so a redelivered task or two workers send it once. Recording the response
cancels the row; a concern answered between the claim and the send is checked again and not reminded.
"""

import logging
from datetime import datetime, timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from notices.content import site_url, tidy_text
from school.models import School

from .models import ConcernReminder, ReminderStatus

logger = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=5)  # a send that failed is tried again by a later scan


def scan(now: datetime | None = None) -> list[int]:
    """Cancel reminders whose deadline has passed (too late to help) and return the ids due now."""
    now = now or timezone.now()
    ConcernReminder.objects.filter(status=ReminderStatus.PLANNED, concern__due_at__lt=now).update(
        status=ReminderStatus.CANCELLED
    )
    due = ConcernReminder.objects.filter(status=ReminderStatus.PLANNED, due_at__lte=now).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - RETRY_AFTER)
    )
    return list(due.order_by("due_at", "pk").values_list("pk", flat=True))


def claim(pk: int, now: datetime) -> bool:
    """Planned -> sending, in one UPDATE: only one caller ever sees the row count 1."""
    claimed = ConcernReminder.objects.filter(pk=pk, status=ReminderStatus.PLANNED, due_at__lte=now).update(
        status=ReminderStatus.SENDING, claimed_at=now
    )
    return claimed == 1


def deliver(pk: int, now: datetime | None = None) -> str:
    """Send one reminder if it is still needed and nobody else has claimed it. Returns what happened."""
    now = now or timezone.now()
    if not claim(pk, now):
        return "not claimed"
    reminder = ConcernReminder.objects.select_related("concern__contact__pupil", "recipient").get(pk=pk)
    concern = reminder.concern
    if not concern.is_open or concern.assigned_to_id != reminder.recipient_id or concern.due_at < now:
        reminder.status = ReminderStatus.CANCELLED
        reminder.save(update_fields=["status"])
        return reminder.status
    try:
        reminder_email(reminder).send(fail_silently=False)
    except Exception as error:  # the mail server: back to planned, a later scan tries again
        logger.warning("Sending concern reminder %s failed: %s", pk, error)
        reminder.status = ReminderStatus.PLANNED
        reminder.save(update_fields=["status"])
        return "failed"
    reminder.status = ReminderStatus.SENT
    reminder.sent_at = timezone.now()
    reminder.save(update_fields=["status", "sent_at"])
    return reminder.status


def reminder_email(reminder: ConcernReminder) -> EmailMultiAlternatives:
    """The words are in templates/contacts/reminder/."""
    concern, recipient = reminder.concern, reminder.recipient
    school = School.load()
    context = {
        "dear": recipient.first_name or recipient.get_full_name(),
        "concern": concern,
        "contact": concern.contact,
        "pupil": concern.contact.pupil,
        "school": school,
        "respond_url": site_url(reverse("contacts:respond", args=[concern.pk])),
    }
    subject = " ".join(render_to_string("contacts/reminder/subject.txt", context).split())
    context["subject"] = subject
    email = EmailMultiAlternatives(
        subject=subject,
        body=tidy_text(render_to_string("contacts/reminder/body.txt", context)),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((recipient.get_full_name(), recipient.email))],
        reply_to=[school.email] if school.email else None,
    )
    email.attach_alternative(render_to_string("contacts/reminder/body.html", context), "text/html")
    return email
