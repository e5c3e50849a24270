"""Celery beat for the fault tests (`celery -A notices.tests.fast_beat beat`): the production schedule's notice scan
and worker heartbeat, every second instead of every minute, so a test sees minutes of beat in seconds."""

from django.conf import settings

from senco_portal.celery import app

EVERY_SECONDS = 1.0
TASKS = ("notices.tasks.scan_due_messages", "health.tasks.heartbeat")

app.conf.beat_schedule = {
    name: {**entry, "schedule": EVERY_SECONDS}
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    if entry["task"] in TASKS
}
