"""Celery tasks stay thin: the rows in the database are the schedule, and claiming makes sending safe to repeat."""

from celery import shared_task

from .sending import deliver, deliver_batch, scan

# Messages per task: each task sends its batch over one email connection. Small enough that a few workers share
# a busy morning's notices between them, and that a worker lost mid-batch leaves little to its redelivery.
BATCH_SIZE = 20


@shared_task(ignore_result=True)
def scan_due_messages() -> int:
    """Run by beat every minute: hand every due message to a worker, in batches."""
    due = scan()
    for first in range(0, len(due), BATCH_SIZE):
        send_messages.delay(due[first : first + BATCH_SIZE])
    return len(due)


@shared_task(acks_late=True, ignore_result=True)
def send_messages(pks: list[int]) -> list[str]:
    return deliver_batch(pks)


@shared_task(acks_late=True, ignore_result=True)
def send_message(pk: int) -> str:
    """One message (tasks queued before batches existed are still understood)."""
    return deliver(pk)
