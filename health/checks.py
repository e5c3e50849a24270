"""What /health/ checks: the database, Redis (when the site uses it) and a recent worker heartbeat.

Each check returns "ok" or a short sentence saying what is wrong. The sentences name no host, password or
stack trace: the page is public.
"""

from datetime import timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from .models import WorkerHeartbeat

OK = "ok"
NOT_CONFIGURED = "not configured"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
REDIS_CACHE_BACKEND = "django.core.cache.backends.redis.RedisCache"


def record_heartbeat(now=None) -> None:
    """Note that a worker is alive: the one heartbeat row now holds this time."""
    WorkerHeartbeat.objects.update_or_create(pk=1, defaults={"seen_at": now or timezone.now()})


def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"error: {type(error).__name__}"
    return OK


def redis_urls() -> list[str]:
    """The Redis servers the site uses: the Celery broker, and the cache when it is Redis. None in development
    (the file-system broker and an in-process cache)."""
    urls = []
    broker = str(settings.CELERY_BROKER_URL or "")
    if broker.startswith(REDIS_SCHEMES):
        urls.append(broker)
    for cache in settings.CACHES.values():
        if cache["BACKEND"] == REDIS_CACHE_BACKEND:
            locations = cache["LOCATION"]
            urls.extend([locations] if isinstance(locations, str) else locations)
    return list(dict.fromkeys(urls))


def redis_server() -> str:
    urls = redis_urls()
    if not urls:
        return NOT_CONFIGURED
    timeout = settings.HEALTH_REDIS_TIMEOUT_SECONDS
    for url in urls:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        except redis.RedisError as error:
            return f"error: {type(error).__name__}"
        finally:
            client.close()
    return OK


def worker(now=None) -> str:
    """Answers "ok" when a worker ran the heartbeat task within HEALTH_HEARTBEAT_MAX_MINUTES."""
    now = now or timezone.now()
    try:
        seen_at = WorkerHeartbeat.objects.values_list("seen_at", flat=True).first()
    except DatabaseError:
        return "not checked: the heartbeat cannot be read from the database"
    if seen_at is None:
        return "no heartbeat yet"
    quiet = now - seen_at
    if quiet <= timedelta(minutes=settings.HEALTH_HEARTBEAT_MAX_MINUTES):
        return OK
    return f"no heartbeat for {int(quiet.total_seconds() // 60)} minutes"


def report() -> dict[str, str]:
    """Every check's answer, by name: the body of /health/."""
    return {"database": database(), "redis": redis_server(), "worker": worker()}


def healthy(answers: dict[str, str]) -> bool:
    return all(answer in (OK, NOT_CONFIGURED) for answer in answers.values())
