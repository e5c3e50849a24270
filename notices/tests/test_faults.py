"""Faults survived, with real processes: a Celery worker and beat, Redis, the web server, PostgreSQL behind a proxy
and an SMTP server, each in a process (or server) of its own, and each fault made for real: a worker killed with
SIGKILL in the middle of a batch, Redis stopped while beat and the worker run, PostgreSQL refusing connections, the
mail server down and then refusing before it accepts.

What the notices promise (notices/sending.py): every row ends sent once, or failed with a reason a person can act
on. A message the worker was sending when it died may or may not have left (the mail server may have taken it
before the worker could note it), so it is never sent again by itself: after STALE_AFTER it is shown as failed, for
the SENCO to check and try again (at most once, never twice). And `/health/` says what is down while it is.

Beat runs every second here (notices/tests/fast_beat.py) instead of every minute; where the rule waits longer than
a test should (the retry backoff, STALE_AFTER), the test moves the row's time back, as if the minutes had passed.
Needs redis-server and PostgreSQL; skips without them, unless REQUIRE_REDIS_TESTS=1 (CI), when it fails instead.
"""

import html
import logging
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db.models import F, Q
from django.urls import reverse
from django.utils.html import strip_tags

from health.models import WorkerHeartbeat
from meetings.notice_planning import plan_meeting
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import InviteeFactory, MeetingFactory, weekday_from_today
from notices.models import Message, MessageStatus
from notices.sending import STALE_AFTER
from pupils.tests.factories import ParentCarerFactory

from .services import (
    WORKER_START_SECONDS,
    Inbox,
    Process,
    RedisServer,
    RefusingProxy,
    database_url_for,
    free_port,
    health,
    postgres_address,
    site_environment,
    skip_or_fail,
    stop_all,
    wait_until,
    web_server,
    worker,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SETTLE_SECONDS = 30  # the longest any wait here may take: every one ends much sooner when all is well
HEARTBEAT_MAX_MINUTES = "0.05"  # three seconds without a heartbeat is a silent worker (beat asks every second)


@dataclass
class Site:
    """The running services; a test that stops one starts it again before it ends (see `restored`)."""

    folder: Path
    env: dict[str, str]
    inbox: Inbox
    smtp_port: int
    smtp: Controller | None
    redis: RedisServer
    proxy: RefusingProxy
    web_port: int
    web: Process
    beat: Process
    worker: Process | None = None
    workers_started: int = 0

    def start_worker(self) -> None:
        self.workers_started += 1
        log = self.folder / f"worker-{self.workers_started}.log"
        # As production runs it (docs/deployment.md): its database connection kept between tasks, and so cut
        # under it when the database goes away.
        env = {**self.env, "DATABASE_CONN_MAX_AGE": "60"}
        self.worker = worker(env, log, name=f"worker {self.workers_started}").start()

    def start_smtp(self) -> None:
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=self.smtp_port)
        self.smtp.start()

    def stop_smtp(self) -> None:
        self.smtp.stop()
        self.smtp = None

    def processes(self) -> list[Process]:
        return [self.web, self.beat, self.worker]

    def health(self) -> tuple[int, dict[str, str]]:
        return health(self.web_port)

    def wait_for_health(self, check, what: str) -> tuple[int, dict[str, str]]:
        answers = []

        def answered() -> bool:
            answers.append(self.health())
            return check(*answers[-1])

        wait_until(answered, SETTLE_SECONDS, f"/health/ to say {what} (last answer: {answers[-1:]})", self.web)
        return answers[-1]

    def all_well(self) -> None:
        self.wait_for_health(lambda status, body: status == 200, "all is well")


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed (apt-get install redis-server): the fault tests need their own")
    folder = tmp_path_factory.mktemp("faults")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's every command: not needed here
    proxy = RefusingProxy(postgres_address())
    proxy.accept()
    redis_server = RedisServer(folder).start()
    inbox = Inbox()
    smtp_port = free_port()
    env = site_environment(
        database_url_for(port=proxy.port),
        redis_server.url,
        smtp_port,
        REDIS_URL=redis_server.url,  # the cache too: the shared Redis must not answer for the one that stopped
        CACHE_URL="",
        HEALTH_HEARTBEAT_MAX_MINUTES=HEARTBEAT_MAX_MINUTES,
        HEALTH_REDIS_TIMEOUT_SECONDS="0.5",
        HEALTH_EMAIL_TIMEOUT_SECONDS="0.5",
    )
    web_port = free_port()
    beat_command = [sys.executable, "-m", "celery", "-A", "notices.tests.fast_beat", "beat", "--loglevel", "INFO"]
    beat_command += ["--schedule", str(folder / "beat-schedule")]
    site = Site(
        folder=folder,
        env=env,
        inbox=inbox,
        smtp_port=smtp_port,
        smtp=None,
        redis=redis_server,
        proxy=proxy,
        web_port=web_port,
        web=web_server(env, web_port, folder / "web.log").start(),
        beat=Process("beat", beat_command, env, folder / "beat.log").start(),
    )
    site.start_smtp()
    site.start_worker()
    try:
        wait_until(lambda: site.health()[0] == 200, WORKER_START_SECONDS, "the site to be well", *site.processes())
        yield site
    finally:
        stop_all(*site.processes())
        with django_db_blocker.unblock():  # beat's last heartbeats came after the last test's clean-up
            WorkerHeartbeat.objects.all().delete()
        if site.smtp is not None:
            site.stop_smtp()
        redis_server.kill()
        proxy.stop()


@pytest.fixture
def restored(site):
    """Every service running and the inbox empty before each test, and again after it, whatever it did."""

    def restore():
        site.inbox.release()
        site.inbox.refusal = None
        site.inbox.refused_addresses.clear()
        if site.smtp is None:
            site.start_smtp()
        if not site.redis.answers():
            site.redis.start()
        if site.proxy.refusing:
            site.proxy.accept()
        if not site.worker.running():
            site.start_worker()

    restore()
    site.all_well()
    site.inbox.envelopes.clear()
    yield site
    restore()


def due_notices(count: int, family: str) -> list[str]:
    """`count` parents invited to one meeting three days ahead: each one's two-week notice is due now (short
    notice). Returns their email addresses."""
    meeting = MeetingFactory(starts_at=weekday_from_today(3))
    addresses = []
    for n in range(count):
        address = f"{family.lower()}.{n}@home.example"
        InviteeFactory(meeting=meeting, as_parent=True, parent=ParentCarerFactory(last_name=family, email=address))
        addresses.append(address)
    plan_meeting(meeting)
    assert Message.objects.filter(meeting=meeting, kind=MeetingMessageKind.NOTICE).count() == count
    return addresses


def notices_to(addresses: list[str]):
    return Message.objects.filter(kind=MeetingMessageKind.NOTICE, parent__email__in=addresses)


def statuses(addresses: list[str]) -> Counter:
    return Counter(notices_to(addresses).values_list("status", flat=True))


def all_sent(addresses: list[str]) -> bool:
    return statuses(addresses) == Counter({MessageStatus.SENT: len(addresses)})


def time_passes(addresses: list[str], by: timedelta) -> None:
    """As if `by` had passed for these rows: a claim still held and the next attempt move back (the rules in
    sending.py count from them)."""
    rows = notices_to(addresses)
    rows.filter(status=MessageStatus.SENDING).update(claimed_at=F("claimed_at") - by)
    rows.filter(status=MessageStatus.PLANNED).update(next_attempt_at=F("next_attempt_at") - by)


def tried(addresses: list[str], times: int) -> bool:
    """Every row tried `times` times (or finished sooner), and none in the middle of a try."""
    unfinished = Q(status=MessageStatus.SENDING) | Q(status=MessageStatus.PLANNED, attempts__lt=times)
    return not notices_to(addresses).filter(unfinished).exists()  # one query: one moment


def test_a_worker_killed_mid_batch_sends_nothing_twice_and_the_message_in_hand_is_shown_as_failed(
    restored, client, senco
):
    site = restored
    addresses = due_notices(12, "Killed")
    site.inbox.hold_before(5)  # the worker is sending the fifth of its batch when it dies
    wait_until(site.inbox.holding.is_set, SETTLE_SECONDS, "the worker to be in the middle of its batch", site.worker)
    site.worker.kill()
    site.inbox.release()
    assert statuses(addresses) == {MessageStatus.SENT: 4, MessageStatus.SENDING: 1, MessageStatus.PLANNED: 7}
    sent = notices_to(addresses).filter(status=MessageStatus.SENT).values_list("parent__email", flat=True)
    assert site.inbox.recipients() == sorted(sent)

    status, body = site.wait_for_health(
        lambda status, body: body.get("worker", "").startswith("no heartbeat for"), "the worker is silent"
    )
    assert status == 503
    assert "no worker is taking tasks" in body["worker"]

    site.start_worker()  # the replacement takes the next scans: the seven never claimed go, the four sent do not
    wait_until(
        lambda: statuses(addresses) == {MessageStatus.SENT: 11, MessageStatus.SENDING: 1},
        SETTLE_SECONDS,
        "the rest of the batch to be sent by the new worker",
        *site.processes(),
    )
    in_hand = notices_to(addresses).get(status=MessageStatus.SENDING)
    time_passes(addresses, STALE_AFTER + timedelta(seconds=1))
    wait_until(
        lambda: statuses(addresses) == {MessageStatus.SENT: 11, MessageStatus.FAILED: 1},
        SETTLE_SECONDS,
        "the message in hand to be shown as failed",
        *site.processes(),
    )
    in_hand.refresh_from_db()
    assert "may or may not have gone" in in_hand.last_error
    assert "ask" in in_hand.last_error and "then try again" in in_hand.last_error
    received = site.inbox.recipients()
    assert len(received) == len(set(received)) == 11  # nobody twice
    assert set(received) == set(addresses) - {in_hand.parent.email}
    assert set(notices_to(addresses).values_list("attempts", flat=True)) == {1}
    # The SENCO's list of messages that could not be sent: who, and what to do about it.
    client.force_login(senco)
    page = html.unescape(" ".join(strip_tags(client.get(reverse("notices:failed")).content.decode()).split()))
    assert in_hand.recipient_name in page
    assert "may or may not have gone: ask the family whether it arrived" in page
    site.all_well()


def test_redis_stopped_while_beat_and_the_worker_run_then_back_loses_nothing_and_sends_nothing_twice(restored):
    site = restored
    site.redis.kill()
    status, body = site.wait_for_health(lambda status, body: body.get("redis") != "ok", "Redis is down")
    assert status == 503
    assert body["redis"].startswith("error: Redis is not answering")
    assert "notices wait" in body["redis"]

    addresses = due_notices(6, "Redis")  # falling due while Redis is down: beat cannot ask anyone to send them
    site.wait_for_health(lambda status, body: body.get("worker", "").startswith("no heartbeat"), "no heartbeat")
    assert statuses(addresses) == {MessageStatus.PLANNED: 6}
    assert site.inbox.envelopes == []

    site.redis.start()  # empty: what the broker held is gone, but the schedule is the rows
    wait_until(lambda: all_sent(addresses), SETTLE_SECONDS, "the notices to go once Redis is back", *site.processes())
    assert site.inbox.recipients() == sorted(addresses)
    site.all_well()
    assert site.worker.running() and site.beat.running()  # both carried on: nobody had to restart them


def test_postgresql_refusing_connections_mid_batch_loses_nothing_and_sends_nothing_twice(restored):
    site = restored
    addresses = due_notices(8, "Postgres")
    site.inbox.hold_before(4)
    wait_until(site.inbox.holding.is_set, SETTLE_SECONDS, "the worker to be in the middle of its batch", site.worker)
    site.proxy.refuse()  # every connection cut, new ones refused: the worker's, beat's scans and the web server's
    status, body = site.health()
    assert status == 503
    assert body["database"].startswith("error: the database is not answering")
    assert body["worker"] == "not checked: the heartbeat cannot be read from the database"

    site.inbox.release()  # the mail server takes the fourth message while the database is down
    wait_until(lambda: len(site.inbox.envelopes) == 4, SETTLE_SECONDS, "the fourth email", site.worker)
    wait_until(lambda: "as sent failed" in site.worker.output(), SETTLE_SECONDS, "the worker to find the database down")
    assert site.health()[1]["database"].startswith("error:")

    site.proxy.accept()
    wait_until(lambda: all_sent(addresses), SETTLE_SECONDS, "every notice sent", *site.processes())
    assert site.inbox.recipients() == sorted(addresses)  # the fourth was noted as sent, not sent again
    assert set(notices_to(addresses).values_list("attempts", flat=True)) == {1}
    site.all_well()


def test_a_mail_server_down_then_refusing_then_accepting_sends_each_once(restored):
    site = restored
    site.stop_smtp()  # down: connections refused
    status, body = site.wait_for_health(lambda status, body: body.get("email") != "ok", "the mail server is down")
    assert status == 503
    assert body["email"].startswith("error: the mail server is not answering")

    addresses = due_notices(4, "Smtp")
    site.inbox.refused_addresses.add(addresses[3])  # this one the server will never take
    wait_until(lambda: tried(addresses, 1), SETTLE_SECONDS, "a first try of every notice", *site.processes())
    assert statuses(addresses) == {MessageStatus.PLANNED: 4}  # each waits to be tried again
    for notice in notices_to(addresses):
        assert notice.last_error.startswith("The mail server could not be reached")

    site.inbox.refusal = "451 4.3.0 Too busy, try again later"  # up again, but refusing every message for now
    site.start_smtp()
    time_passes(addresses, timedelta(minutes=1))
    wait_until(lambda: tried(addresses, 2), SETTLE_SECONDS, "a second try of every notice", *site.processes())
    assert site.inbox.envelopes == []
    refused_for_now = notices_to(addresses).exclude(parent__email=addresses[3])
    for notice in refused_for_now:
        assert notice.status == MessageStatus.PLANNED
        assert notice.last_error == "The mail server refused it for now (451 4.3.0 Too busy, try again later)."

    site.inbox.refusal = None  # and now it accepts
    for attempt in (3, 4, 5):
        time_passes(addresses, timedelta(hours=1))
        wait_until(
            lambda attempt=attempt: tried(addresses, attempt), SETTLE_SECONDS, f"try {attempt}", *site.processes()
        )
    assert statuses(addresses) == {MessageStatus.SENT: 3, MessageStatus.FAILED: 1}
    assert site.inbox.recipients() == sorted(addresses[:3])
    assert list(refused_for_now.values_list("attempts", flat=True)) == [3, 3, 3]
    never = notices_to(addresses).get(parent__email=addresses[3])
    assert never.attempts == 5
    assert never.last_error == (
        f"The mail server refused the address {addresses[3]} (550 5.1.1 No such mailbox): "
        "check the email address, then try again."
    )
    site.all_well()
