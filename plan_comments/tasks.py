"""Celery tasks stay thin: the rows are the schedule, and claiming makes sending safe to repeat."""

from celery import shared_task

from .reminders import deliver, scan
from .sending import plan_every_current_plan_again


@shared_task(ignore_result=True)
def scan_plan_comment_reminders() -> int:
    """Run by beat every minute: hand every family's comment waiting to be told to a worker."""
    due = scan()
    for pk in due:
        send_plan_comment_reminder.delay(pk)
    return len(due)


@shared_task(acks_late=True, ignore_result=True)
def send_plan_comment_reminder(pk: int) -> str:
    return deliver(pk)


@shared_task(ignore_result=True)
def plan_messages_for_reviews_coming_up() -> int:
    """Run by beat every hour: the plans whose review is coming up, each with its message to the parents planned
    (a plan from the MIS or the targets before plans, a parent given parental responsibility since)."""
    return plan_every_current_plan_again(coming_up_only=True)
