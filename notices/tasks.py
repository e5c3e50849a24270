"""Celery tasks stay thin: the rows in the database are the schedule, and claiming makes sending safe to repeat."""

from celery import shared_task

from .sending import deliver, scan


@shared_task(ignore_result=True)
def scan_due_messages() -> int:
    """Run by beat every minute: hand every due message to a worker."""
    due = scan()
    for pk in due:
        send_message.delay(pk)
    return len(due)


@shared_task(acks_late=True, ignore_result=True)
def send_message(pk: int) -> str:
    return deliver(pk)
