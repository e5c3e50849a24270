"""What /health/ checks: the database, Redis (when the site uses it), a recent worker heartbeat and the mail server
(when the site sends by SMTP).

Each check returns "ok" or a sentence saying what is wrong, what it stops, and what to check: whoever reads it at
night should know where to look. The sentences name no host, password or stack trace (the page is public), only the
kind of error and the settings to check.
"""

import smtplib
from contextlib import suppress
from datetime import timedelta

import redis
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpEmailBackend
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
        return (
            f"error: the database is not answering ({type(error).__name__}): nothing can be saved or sent until it "
            "is back; check the PostgreSQL server and DATABASE_URL"
        )
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
            return (
                f"error: Redis is not answering ({type(error).__name__}): notices wait in the database and go once "
                "it is back; check the Redis server, CELERY_BROKER_URL and REDIS_URL"
            )
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
        return "no heartbeat yet: no worker has taken a task since the site started; start a worker and beat"
    quiet = now - seen_at
    if quiet <= timedelta(minutes=settings.HEALTH_HEARTBEAT_MAX_MINUTES):
        return OK
    return (
        f"no heartbeat for {how_long(quiet)}: no worker is taking tasks, so notices are not going out; check that "
        "the worker and beat are running and can reach Redis"
    )


def how_long(quiet: timedelta) -> str:
    seconds = int(quiet.total_seconds())
    return f"{seconds} seconds" if seconds < 120 else f"{seconds // 60} minutes"


def mail_server() -> str:
    """Whether the mail server answers and accepts the site's sign-in (the notices' own rows say why a message was
    refused). Not configured for the other email backends: in development emails are files."""
    backend = get_connection(fail_silently=False, timeout=settings.HEALTH_EMAIL_TIMEOUT_SECONDS)
    if not isinstance(backend, SmtpEmailBackend):
        return NOT_CONFIGURED
    try:
        backend.open()
        backend.connection.noop()
    except smtplib.SMTPAuthenticationError as error:
        return (
            f"error: the mail server refused the site's sign-in ({error.smtp_code}): no email can go; check "
            "EMAIL_HOST_USER and EMAIL_HOST_PASSWORD"
        )
    except (smtplib.SMTPException, OSError) as error:
        code = getattr(error, "smtp_code", None)
        return (
            f"error: the mail server is not answering ({code or type(error).__name__}): notices wait and are tried "
            "again; check the mail server, EMAIL_HOST and EMAIL_PORT"
        )
    finally:
        with suppress(Exception):  # a server that went away while we said goodbye: nothing more to learn
            backend.close()
    return OK


def report() -> dict[str, str]:
    """Every check's answer, by name: the body of /health/."""
    return {"database": database(), "redis": redis_server(), "worker": worker(), "email": mail_server()}


def healthy(answers: dict[str, str]) -> bool:
    return all(answer in (OK, NOT_CONFIGURED) for answer in answers.values())
