"""End to end through real services: a meeting is booked, a real Celery worker takes the scan from the real Redis
server, and the notices arrive at a real SMTP server, once each, however often the send is delivered.

Needs Redis at 127.0.0.1:6379 (database 15 is used and flushed) and PostgreSQL (the worker is another process, so
it cannot see pytest's in-memory SQLite database). Without them the test skips, unless REQUIRE_REDIS_TESTS=1
(set by .ci/run), when it fails instead.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from meetings.notice_planning import plan_meeting
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import InviteeFactory, MeetingFactory, weekday_from_today
from notices.models import Message, MessageStatus
from notices.tasks import scan_due_messages, send_message
from pupils.tests.factories import ParentCarerFactory
from senco_portal.celery import app

from .services import Inbox, database_url_for, free_port, site_environment, skip_or_fail

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

REDIS_URL = "redis://127.0.0.1:6379/15"
WORKER_START_SECONDS = 20
DELIVERY_SECONDS = 30


@pytest.fixture
def broker():
    """The real Redis server, on a database of its own, emptied before and after."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        unreachable = (
            f"Redis is not reachable at {REDIS_URL} ({error}): start redis-server to run the integration tests"
        )
    else:
        unreachable = None
    if unreachable:
        client.close()
        skip_or_fail(unreachable)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def database_url():
    """The test database as a DATABASE_URL the worker process can open: committed rows are visible to both."""
    return database_url_for()


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def wait_until(condition, seconds: float, what: str, worker: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"The worker stopped (exit {worker.returncode}) before {what}:\n{log.read_text()}")
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"Gave up after {seconds} s waiting for {what}. Worker log:\n{log.read_text()[-6000:]}")


def queued_or_running(client: redis.Redis) -> int:
    """Tasks still in the queue, or taken by the worker and not yet acknowledged (tasks ack once done)."""
    lists = [key for key in client.scan_iter("celery*") if client.type(key) == b"list"]
    return sum(client.llen(key) for key in lists) + client.hlen("unacked")


def start_worker(database_url: str, smtp_port: int, log: Path, **extra: str) -> subprocess.Popen:
    env = site_environment(database_url, REDIS_URL, smtp_port, **extra)
    command = [sys.executable, "-m", "celery", "-A", "senco_portal", "worker", "--pool", "solo"]
    command += ["--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
    command += ["--hostname", f"integration-{os.getpid()}@%h"]
    with log.open("wb") as output:
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT)


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()  # warm shutdown: the task in hand finishes first
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


WORKER_APPLICATION_NAME = "senco-integration-worker"


def workers_connections() -> set[int]:
    """The server processes of the worker's connections to the test database: named by the worker's DATABASE_URL,
    so that no other connection a test process may hold is counted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
            [WORKER_APPLICATION_NAME],
        )
        return {pid for (pid,) in cursor.fetchall()}


def test_booked_meeting_notices_reach_the_parents_once_through_redis_a_worker_and_smtp(
    broker, database_url, smtp_server, tmp_path
):
    inbox, smtp_port = smtp_server
    meeting = MeetingFactory(starts_at=weekday_from_today(3))
    parents = [
        ParentCarerFactory(first_name="Alice", last_name="Ashworth", email="alice.ashworth@home.example"),
        ParentCarerFactory(first_name="Adam", last_name="Ashworth", email="adam.ashworth@home.example"),
    ]
    for parent in parents:
        InviteeFactory(meeting=meeting, as_parent=True, parent=parent)
    plan_meeting(meeting)  # three days ahead: short notice, so each parent's notice is due now
    notices = Message.objects.filter(meeting=meeting, kind=MeetingMessageKind.NOTICE)
    assert notices.count() == 2

    log = tmp_path / "worker.log"
    # As production runs it (docs/deployment.md): its database connection kept between tasks.
    named = f"{database_url}?application_name={WORKER_APPLICATION_NAME}"
    worker = start_worker(named, smtp_port, log, DATABASE_CONN_MAX_AGE="60")
    try:
        # This process's Celery app is configured for the file-system broker: send through Redis explicitly.
        with app.connection_for_write(REDIS_URL) as redis_connection:
            # The worker declares its queue once it is connected; tasks sent from then on wait there for it.
            wait_until(
                lambda: broker.exists("_kombu.binding.celery"),
                WORKER_START_SECONDS,
                "the worker to connect to Redis",
                worker,
                log,
            )
            # What beat does every minute: ask a worker to scan; it hands each due message on to a send task.
            scan_due_messages.apply_async(connection=redis_connection)
            wait_until(lambda: len(inbox.envelopes) >= 2, DELIVERY_SECONDS, "two emails", worker, log)
            wait_until(
                lambda: set(notices.values_list("status", flat=True)) == {MessageStatus.SENT},
                DELIVERY_SECONDS,
                "both notices marked sent",
                worker,
                log,
            )

            wait_until(lambda: queued_or_running(broker) == 0, DELIVERY_SECONDS, "the batch to be done", worker, log)
            # Celery's Django fixup would close the connection around every task (a new PostgreSQL connection for
            # every batch of notices): the worker keeps it, as CONN_MAX_AGE says.
            kept = workers_connections()
            assert len(kept) == 1

            received = sorted(inbox.messages, key=lambda m: m["To"].addresses[0].addr_spec)
            assert [m["To"].addresses[0].addr_spec for m in received] == sorted(p.email for p in parents)
            assert sorted(tuple(e.rcpt_tos) for e in inbox.envelopes) == sorted((p.email,) for p in parents)
            for message in received:
                assert message["From"].addresses[0].addr_spec == settings.DEFAULT_FROM_EMAIL
                invites = [part for part in message.iter_attachments() if part.get_filename() == "invite.ics"]
                assert len(invites) == 1
                assert invites[0].get_content_type() == "text/calendar"
                assert "BEGIN:VEVENT" in invites[0].get_content()

            # The same send delivered again (a redelivery, a second beat, a retry): nothing more goes out.
            for pk in notices.values_list("pk", flat=True):
                send_message.apply_async((pk,), connection=redis_connection)
            wait_until(lambda: queued_or_running(broker) == 0, DELIVERY_SECONDS, "the resends to be done", worker, log)
            time.sleep(2)
            assert queued_or_running(broker) == 0
            assert len(inbox.envelopes) == 2
            assert list(notices.values_list("attempts", flat=True)) == [1, 1]
            assert workers_connections() == kept  # the same connection for every task since
    finally:
        stop(worker)
    assert worker.returncode == 0, log.read_text()[-6000:]
