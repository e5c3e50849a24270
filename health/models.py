from django.db import models


class WorkerHeartbeat(models.Model):
    """One row: when a Celery worker last ran the heartbeat task (beat asks every minute). It lives in the
    database, not in the worker's memory or the broker, so every web server's /health/ sees the same time."""

    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="worker_heartbeat_single_row")]

    def __str__(self) -> str:
        return f"Worker last seen {self.seen_at:%Y-%m-%d %H:%M:%S %Z}"
