"""Reminding the person who must answer a concern, 4 hours before it is due, exactly once.

Each reminder is a ConcernReminder row (planned by `concerns.plan_reminder`), sent by the shared machinery of
notices/staff_reminders.py. Recording the response cancels the row; a concern answered, handed to someone else or
past its deadline between planning and sending is not reminded.
"""

from datetime import datetime

from django.urls import reverse

from notices.content import site_url
from notices.models import ReminderStatus
from notices.staff_reminders import StaffReminders, staff_email

from .models import ConcernReminder


class ConcernReminders(StaffReminders):
    model = ConcernReminder
    related = ("concern__contact__pupil", "recipient")

    def expire(self, now: datetime) -> None:
        # Past the deadline a reminder is too late to help: the concern shows as overdue instead.
        ConcernReminder.objects.filter(status=ReminderStatus.PLANNED, concern__due_at__lt=now).update(
            status=ReminderStatus.CANCELLED
        )

    def still_needed(self, reminder: ConcernReminder, now: datetime) -> bool:
        concern = reminder.concern
        return concern.is_open and concern.assigned_to_id == reminder.recipient_id and concern.due_at >= now

    def email(self, reminder: ConcernReminder, now: datetime):
        """The words are in templates/contacts/reminder/."""
        concern = reminder.concern
        context = {
            "concern": concern,
            "contact": concern.contact,
            "pupil": concern.contact.pupil,
            "respond_url": site_url(reverse("contacts:respond", args=[concern.pk])),
        }
        return staff_email(reminder.recipient, "contacts/reminder", context)


concern_reminders = ConcernReminders()
scan, claim, deliver = concern_reminders.scan, concern_reminders.claim, concern_reminders.deliver
