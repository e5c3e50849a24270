from celery import shared_task

from .checks import record_heartbeat


@shared_task
def heartbeat() -> None:
    """Run by a worker every minute (CELERY_BEAT_SCHEDULE): proves to /health/ that a worker takes tasks."""
    record_heartbeat()
