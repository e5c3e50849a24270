"""Each parent's channel, end to end through real services: two real Celery workers take two scans from a real Redis
server; email parents' notices and reminders reach a real SMTP server, the letter family's notice waits to be
printed, and the day-before reminder of each parent who prefers a call (and of the letter family) is one row on the
office's call list. Exactly once each, however often the sending is asked for.

Runs its own redis-server on a free port (the shared one may be busy with another run's integration tests) and needs
PostgreSQL (the workers are other processes); without them the test skips, unless REQUIRE_REDIS_TESTS=1 (CI).
"""

import re
import shutil
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from meetings.notice_planning import plan_meeting
from meetings.notices import RECORD_KINDS, MeetingMessageKind
from meetings.tests.factories import InviteeFactory, MeetingFactory, weekday_from_today
from notices.models import Channel, Message, MessageStatus
from notices.tasks import scan_due_messages, send_message
from pupils.models import ContactMethod
from pupils.tests.factories import ParentCarerFactory
from senco_portal.celery import app

from .services import (
    Inbox,
    RedisServer,
    database_url_for,
    free_port,
    site_environment,
    skip_or_fail,
    stop_all,
    wait_until,
    worker,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

START_SECONDS = 30
DELIVERY_SECONDS = 40
REMINDERS = (MeetingMessageKind.REMINDER, MeetingMessageKind.PHONE_REMINDER, MeetingMessageKind.STAFF_REMINDER)


@pytest.fixture
def services(tmp_path):
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed (apt-get install redis-server): this test runs its own")
    database_url = database_url_for()  # skips (or fails in CI) without PostgreSQL
    redis_server = RedisServer(tmp_path).start()
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    env = site_environment(database_url, redis_server.url, smtp.port, REDIS_URL=redis_server.url, CACHE_URL="")
    workers = [worker(env, tmp_path / f"worker-{n}.log", name=f"channels-{n}") for n in (1, 2)]
    try:
        yield redis_server, inbox, workers
    finally:
        stop_all(*workers)
        smtp.stop()
        redis_server.kill()


def test_one_email_per_email_parent_and_one_call_per_phone_parent_through_two_workers(services):
    redis_server, inbox, workers = services
    meeting = MeetingFactory(starts_at=weekday_from_today(3), short_notice_reason="The family asked to meet soon")
    parents = {
        "email": ParentCarerFactory(first_name="Alice", last_name="Ashworth", email="alice@home.example"),
        "phone": ParentCarerFactory(
            first_name="Pat",
            last_name="Ashworth",
            email="pat@home.example",
            preferred_contact_method=ContactMethod.PHONE,
            mobile_phone="07700 900456",
        ),  # fmt: skip
        "letter": ParentCarerFactory(
            first_name="Lou", last_name="Ashworth", email="", address="1 High Street", mobile_phone="07700 900789"
        ),
    }
    for parent in parents.values():
        InviteeFactory(meeting=meeting, as_parent=True, parent=parent)
    plan_meeting(meeting)  # the notices are due now; the reminders on the day before
    reminders = Message.objects.filter(meeting=meeting, kind__in=REMINDERS)
    assert sorted(reminders.values_list("kind", "channel")) == [
        (MeetingMessageKind.PHONE_REMINDER, Channel.PHONE),  # Lou: no letter, which would arrive too late
        (MeetingMessageKind.PHONE_REMINDER, Channel.PHONE),  # Pat
        (MeetingMessageKind.REMINDER, Channel.EMAIL),  # Alice
        (MeetingMessageKind.STAFF_REMINDER, Channel.EMAIL),  # the SENCO leading it
    ]
    # As if the reminder day had come: every reminder is due too.
    now = timezone.now() - timedelta(seconds=1)
    reminders.update(due_at=now, next_attempt_at=now)
    # Three notices, three parent reminders, one staff reminder (the record reminders come after the meeting).
    everything = Message.objects.filter(meeting=meeting).exclude(kind__in=RECORD_KINDS)
    assert everything.count() == 7

    for process in workers:
        process.start()
    wait_until(
        lambda: all(" ready." in process.output() for process in workers),
        START_SECONDS,
        "both workers to be ready",
        *workers,
    )
    with app.connection_for_write(redis_server.url) as connection:
        # Two beats (or a beat and a catch-up) ask for a scan at once; two workers share what is due.
        scan_due_messages.apply_async(connection=connection)
        scan_due_messages.apply_async(connection=connection)
        wait_until(
            lambda: set(everything.values_list("status", flat=True)) == {MessageStatus.SENT},
            DELIVERY_SECONDS,
            "every message sent, or on its list",
            *workers,
        )
        # The same sends asked for again (a redelivery, a retry): nothing more goes, nothing more is listed.
        for pk in everything.values_list("pk", flat=True):
            send_message.apply_async((pk,), connection=connection)
        client = redis_server.client()
        wait_until(lambda: client.llen("celery") == 0 and client.hlen("unacked") == 0, DELIVERY_SECONDS, "the resends")
        client.close()

    emails = [(e.rcpt_tos[0], e.original_content) for e in inbox.envelopes]
    assert sorted(address for address, _ in emails) == sorted(
        ["alice@home.example", "alice@home.example", "pat@home.example", meeting.led_by.email]
    )  # Alice: the notice and the reminder; Pat: the notice (the reminder is a call); the SENCO's reminder
    calls = Message.objects.filter(channel=Channel.PHONE, status=MessageStatus.SENT)
    assert sorted(calls.values_list("parent__first_name", flat=True)) == ["Lou", "Pat"]
    assert Message.objects.filter(parent=parents["letter"], channel=Channel.LETTER).count() == 1  # the notice only
    assert set(everything.values_list("attempts", flat=True)) == {1}
    assert not any(re.search(r"Sending message \d+ failed", process.output()) for process in workers)
