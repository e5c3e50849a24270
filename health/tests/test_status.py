"""/health/: what a monitoring service sees when the database, Redis, the worker or the mail server is well or not.

notices/tests/test_faults.py asks a real web server for /health/ while each of them is really down."""

import json
import os
from datetime import timedelta
from unittest import mock

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from health.checks import record_heartbeat
from health.models import WorkerHeartbeat
from health.tasks import heartbeat
from notices.tests.services import free_port

pytestmark = pytest.mark.django_db

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REAL_REDIS = "redis://127.0.0.1:6379/15"
CLOSED_PORT = "redis://127.0.0.1:1/0"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture(autouse=True)
def _no_redis(settings):
    """As `make run`: the file-system broker and an in-process cache (CI sets REDIS_URL for the whole suite)."""
    settings.CELERY_BROKER_URL = "filesystem://localhost/"
    settings.CACHES = LOCAL_CACHE
    settings.HEALTH_REDIS_TIMEOUT_SECONDS = 0.5


def health(client):
    response = client.get(reverse("health:status"))
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def test_healthy_with_fresh_heartbeat(client):
    record_heartbeat()
    assert health(client) == (
        200,
        {"database": "ok", "redis": "not configured", "worker": "ok", "email": "not configured"},
    )


def test_no_heartbeat_yet_names_the_worker(client):
    status, body = health(client)
    assert status == 503
    assert body["worker"] == (
        "no heartbeat yet: no worker has taken a task since the site started; start a worker and beat"
    )
    assert body["database"] == "ok"


def test_stale_heartbeat_says_how_long_and_what_it_stops(client, settings):
    settings.HEALTH_HEARTBEAT_MAX_MINUTES = 5
    record_heartbeat(timezone.now() - timedelta(minutes=7, seconds=10))
    status, body = health(client)
    assert status == 503
    assert body["worker"] == (
        "no heartbeat for 7 minutes: no worker is taking tasks, so notices are not going out; check that the "
        "worker and beat are running and can reach Redis"
    )


def test_a_short_silence_is_said_in_seconds(client, settings):
    settings.HEALTH_HEARTBEAT_MAX_MINUTES = 0.5
    record_heartbeat(timezone.now() - timedelta(seconds=45))
    assert health(client)[1]["worker"].startswith("no heartbeat for 45 seconds:")


def test_heartbeat_just_inside_the_limit_is_ok(client, settings):
    settings.HEALTH_HEARTBEAT_MAX_MINUTES = 5
    record_heartbeat(timezone.now() - timedelta(minutes=4, seconds=50))
    assert health(client)[0] == 200


def test_heartbeat_task_writes_the_row():
    heartbeat()
    first = WorkerHeartbeat.objects.get()
    assert timezone.now() - first.seen_at < timedelta(seconds=5)
    heartbeat()  # safe to run twice: still one row, a later time
    assert WorkerHeartbeat.objects.get().seen_at >= first.seen_at


def test_heartbeat_is_in_the_beat_schedule(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["health.tasks.heartbeat"] == 60.0


def test_redis_broker_on_closed_port_names_redis(client, settings):
    settings.CELERY_BROKER_URL = CLOSED_PORT
    record_heartbeat()
    status, body = health(client)
    assert status == 503
    assert body["redis"] == (
        "error: Redis is not answering (ConnectionError): notices wait in the database and go once it is back; "
        "check the Redis server, CELERY_BROKER_URL and REDIS_URL"
    )
    assert body["database"] == body["worker"] == "ok"


def test_redis_cache_on_closed_port_names_redis(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED_PORT},
    }
    record_heartbeat()
    status, body = health(client)
    assert status == 503
    assert body["redis"].startswith("error:")


def test_error_names_no_host_or_password(client, settings):
    settings.CELERY_BROKER_URL = "redis://:secret-password@127.0.0.1:1/0"
    response = client.get(reverse("health:status"))
    assert b"secret-password" not in response.content
    assert b"127.0.0.1" not in response.content
    assert b"Traceback" not in response.content


def test_lost_database_names_the_database(client):
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("x")):
        status, body = health(client)
    assert status == 503
    assert body["database"] == (
        "error: the database is not answering (OperationalError): nothing can be saved or sent until it is back; "
        "check the PostgreSQL server and DATABASE_URL"
    )
    assert body["worker"] == "not checked: the heartbeat cannot be read from the database"


def require_real_redis():
    client = redis.Redis.from_url(REAL_REDIS, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        reason = f"Redis is not reachable at {REAL_REDIS} ({type(error).__name__})"
        if os.environ.get("REQUIRE_REDIS_TESTS", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(f"{reason} (REQUIRE_REDIS_TESTS=1)", pytrace=False)
        pytest.skip(reason)
    finally:
        client.close()


def test_real_redis_broker_and_cache_are_ok(client, settings):
    require_real_redis()
    settings.CELERY_BROKER_URL = REAL_REDIS
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REAL_REDIS}}
    record_heartbeat()
    assert health(client) == (200, {"database": "ok", "redis": "ok", "worker": "ok", "email": "not configured"})


class Answering:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


def test_a_mail_server_that_answers_is_ok(client, settings):
    smtp = Controller(Answering(), hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT = SMTP, "127.0.0.1", smtp.port
        record_heartbeat()
        assert health(client) == (200, {"database": "ok", "redis": "not configured", "worker": "ok", "email": "ok"})
    finally:
        smtp.stop()


def test_a_mail_server_not_answering_says_what_to_check(client, settings):
    settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT = SMTP, "127.0.0.1", free_port()
    settings.EMAIL_HOST_PASSWORD = "mail-secret"
    settings.HEALTH_EMAIL_TIMEOUT_SECONDS = 0.5
    record_heartbeat()
    response = client.get(reverse("health:status"))
    assert response.status_code == 503
    assert json.loads(response.content)["email"] == (
        "error: the mail server is not answering (ConnectionRefusedError): notices wait and are tried again; "
        "check the mail server, EMAIL_HOST and EMAIL_PORT"
    )
    assert b"mail-secret" not in response.content


def test_anonymous_gets_json_not_sign_in(client):
    response = client.get(reverse("health:status"))
    assert response.status_code == 503  # no heartbeat here: but an answer, not a redirect
    assert "Location" not in response
    assert response["Cache-Control"].startswith("max-age=0")


def test_signed_in_staff_get_the_same_json(client, senco):
    client.force_login(senco)
    record_heartbeat()
    assert health(client)[0] == 200


def test_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    record_heartbeat()
    assert client.get(reverse("health:status")).status_code == 200
    assert client.get(reverse("login")).status_code == 301


def test_only_reads(client):
    assert client.post(reverse("health:status")).status_code == 405
