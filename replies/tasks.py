"""Celery tasks stay thin: the ReplyReminder rows are the schedule, and claiming makes sending safe to repeat."""

from celery import shared_task

from .reminders import deliver, scan


@shared_task(ignore_result=True)
def scan_reply_reminders() -> int:
    """Run by beat every minute: hand every family's reply waiting to be told to a worker."""
    due = scan()
    for pk in due:
        send_reply_reminder.delay(pk)
    return len(due)


@shared_task(acks_late=True, ignore_result=True)
def send_reply_reminder(pk: int) -> str:
    return deliver(pk)
