"""Logging a contact and answering a concern: the writes, in one place for views and tests."""

from datetime import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Role, User
from notices.models import ReminderStatus
from pupils.models import Pupil

from .models import Concern, ConcernReminder, Contact
from .response_time import reminder_time


def default_assignee(pupil: Pupil) -> User | None:
    """Who answers a concern unless the person logging it says otherwise: the key worker, else the SENCO."""
    if pupil.key_worker_id and pupil.key_worker.is_active:
        return pupil.key_worker
    return User.objects.filter(role=Role.SENCO, is_active=True).order_by("pk").first()


@transaction.atomic
def log_contact(contact: Contact, assigned_to: User | None = None, now: datetime | None = None) -> Contact:
    """Save a contact; a concern raised gets a response due 24 hours of school time later and a reminder for the
    assignee."""
    contact.save()
    if contact.raises_concern:
        concern = Concern.objects.create(
            contact=contact,
            assigned_to=assigned_to or default_assignee(contact.pupil),
            due_at=Concern.due_after(contact.happened_at),
        )
        plan_reminder(concern, now)
    return contact


def plan_reminder(concern: Concern, now: datetime | None = None) -> ConcernReminder | None:
    """The one reminder, 4 hours of the working day before the deadline, unless that moment has already passed.

    A planned reminder at another time (the deadline moved with the school's calendar) is cancelled; one already sent
    stays sent, and the person hears again before the new deadline."""
    now = now or timezone.now()
    remind_at = reminder_time(concern.due_at)
    concern.reminders.filter(status=ReminderStatus.PLANNED).exclude(
        recipient_id=concern.assigned_to_id, due_at=remind_at
    ).update(status=ReminderStatus.CANCELLED)
    if not concern.is_open or remind_at <= now:
        return None
    reminder, _ = ConcernReminder.objects.get_or_create(
        concern=concern, recipient_id=concern.assigned_to_id, due_at=remind_at
    )
    if reminder.status == ReminderStatus.CANCELLED:  # planned for this moment once before, then moved away
        reminder.status, reminder.claimed_at = ReminderStatus.PLANNED, None
        reminder.save(update_fields=["status", "claimed_at"])
    return reminder


@transaction.atomic
def follow_the_school_calendar(now: datetime | None = None, **signal) -> int:
    """The school's calendar changed (`school.signals.calendar_changed`): each open concern is due 24 hours of school
    time after it was raised by the calendar as it is now, and its planned reminder moves with it. Answered concerns
    keep the deadline they had. Returns how many concerns moved."""
    now = now or timezone.now()
    planned = ConcernReminder.objects.filter(status=ReminderStatus.PLANNED)
    moved = 0
    for concern in (
        Concern.objects.open()
        .select_related("contact")
        .prefetch_related(Prefetch("reminders", queryset=planned, to_attr="planned"))
    ):
        due = Concern.due_after(concern.contact.happened_at)
        if due != concern.due_at:
            concern.due_at = due
            concern.save(update_fields=["due_at"])
            moved += 1
        elif all(r.due_at == reminder_time(due) for r in concern.planned):
            continue  # nothing to move (a reminder already sent for this deadline is not sent again)
        plan_reminder(concern, now)
    return moved


@transaction.atomic
def record_response(concern: Concern, summary: str, by: User, now: datetime | None = None) -> Concern:
    """Close the concern and cancel any reminder not yet sent."""
    concern.responded_at = now or timezone.now()
    concern.responded_by = by
    concern.response_summary = summary
    concern.save(update_fields=["responded_at", "responded_by", "response_summary"])
    concern.reminders.filter(status=ReminderStatus.PLANNED).update(status=ReminderStatus.CANCELLED)
    return concern
