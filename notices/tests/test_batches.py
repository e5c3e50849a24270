"""Due messages go to workers in batches, each batch over one connection to a real SMTP server (aiosmtpd, in this
process): a busy morning's notices do not each open a connection, and one refused address does not stop the rest.

A batch reads what writing its messages needs once, but claims each message just before sending it: a second worker
given the same messages sends none twice, and a worker lost mid-batch leaves the rest to be sent once, later."""

import datetime
import socket
from email.utils import parseaddr

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Invitee, InviteeKind
from meetings.notice_planning import plan_meeting
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import MeetingFactory
from meetings.tests.test_notice_planning import london
from notices import sending, tasks
from notices.models import Message, MessageStatus
from notices.sending import STALE_AFTER, deliver_batch, scan
from pupils.tests.factories import ParentCarerFactory, PupilFactory
from school.models import School

NOW = london(2026, 11, 30, 10, 0)
REFUSED = "refused@home.example"


class MailServer:
    """Counts the connections made to it and the emails accepted; refuses one address."""

    def __init__(self):
        self.connections: set[tuple] = set()
        self.accepted: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if address == REFUSED:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.connections.add(session.peer)
        self.accepted += [parseaddr(to)[1] for to in envelope.rcpt_tos]
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_server(settings):
    server = MailServer()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield server
    controller.stop()


def notices_due(count: int, senco, refused: int | None = None) -> list[int]:
    """`count` parents' two-week notices, due now; parent number `refused` has the address the server refuses."""
    for n in range(count):
        meeting = MeetingFactory(pupil=PupilFactory(), led_by=senco, starts_at=london(2026, 12, 3, 9, 0))
        email = REFUSED if n == refused else f"parent{n}@home.example"
        parent = ParentCarerFactory(first_name=f"Parent{n}", email=email)
        Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=parent, role="Parent")
        with time_machine.travel(NOW, tick=False):
            plan_meeting(meeting)
    with time_machine.travel(NOW, tick=False):
        return scan()


def test_a_batch_of_notices_goes_over_one_connection(db, senco, mail_server):
    due = notices_due(12, senco)
    with time_machine.travel(NOW, tick=False):
        assert deliver_batch(due) == [MessageStatus.SENT] * 12
    assert sorted(mail_server.accepted) == sorted(f"parent{n}@home.example" for n in range(12))
    assert len(mail_server.connections) == 1


def test_a_refused_address_is_retried_later_and_the_rest_of_the_batch_still_goes(db, senco, mail_server):
    due = notices_due(6, senco, refused=2)
    with time_machine.travel(NOW, tick=False):
        results = deliver_batch(due)
    assert results.count(MessageStatus.SENT) == 5 and results.count(MessageStatus.PLANNED) == 1
    assert len(mail_server.accepted) == 5 and REFUSED not in mail_server.accepted
    refused = Message.objects.get(parent__email=REFUSED, kind=MeetingMessageKind.NOTICE)
    assert refused.attempts == 1 and refused.next_attempt_at == NOW + datetime.timedelta(minutes=1)
    assert "No such mailbox" in refused.last_error
    # The connection was dropped with the refusal and a new one opened for the next message.
    assert len(mail_server.connections) == 2


def test_the_scan_hands_messages_to_workers_twenty_at_a_time(db, senco, monkeypatch):
    due = notices_due(45, senco)
    batches = []
    monkeypatch.setattr(tasks.send_messages, "delay", batches.append)
    with time_machine.travel(NOW, tick=False):
        assert tasks.scan_due_messages() == 45
    assert [len(batch) for batch in batches] == [20, 20, 5]
    assert sorted(pk for batch in batches for pk in batch) == sorted(due)
    assert set(Message.objects.filter(pk__in=due).values_list("kind", flat=True)) == {MeetingMessageKind.NOTICE}


def queries_to_deliver(due: list[int]) -> int:
    School.forget_kept()  # each batch as a new worker's first: the glossary and settings read in both counts
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as queries:
        assert deliver_batch(due) == [MessageStatus.SENT] * len(due)
    return len(queries)


def test_a_batch_reads_once_and_then_pays_three_queries_a_message(db, senco, mail_server):
    """What writing the batch needs (the messages with their meetings, pupils and parents, who was invited, the
    calendar sequences, the glossary) is read once; each message then costs its claim, its reply link and noting it
    sent."""
    small = queries_to_deliver(notices_due(4, senco))
    large = queries_to_deliver(notices_due(8, senco))  # the first four are sent: not due again
    assert large - small == 3 * 4
    assert small - 3 * 4 <= 7
    assert len(mail_server.accepted) == 12


def test_a_batch_delivered_again_sends_nothing_and_reads_one_query(db, senco, mail_server):
    due = notices_due(5, senco)
    with time_machine.travel(NOW, tick=False):
        deliver_batch(due)
        with CaptureQueriesContext(connection) as queries:
            assert deliver_batch(due) == ["not claimed"] * 5  # a redelivered task: every row is sent already
    assert len(queries) == 1
    assert len(mail_server.accepted) == 5
    assert set(Message.objects.filter(pk__in=due).values_list("attempts", flat=True)) == {1}


def test_a_second_worker_given_the_same_batch_mid_way_sends_none_twice(db, senco, mail_server, monkeypatch):
    """Two workers with the same messages at once (a second scan while the first batch is still going, a task
    redelivered while it runs): both read the batch, but each message goes with whoever claims it first."""
    due = notices_due(8, senco)
    send_claimed = sending.send_claimed
    second = []

    def first_worker_sends(message, *args, **kwargs):
        if message.pk == due[2] and not second:
            # The first worker holds the third message; the second worker takes the same batch from the start.
            second.extend(deliver_batch(due))
        return send_claimed(message, *args, **kwargs)

    monkeypatch.setattr(sending, "send_claimed", first_worker_sends)
    with time_machine.travel(NOW, tick=False):
        first = deliver_batch(due)
    assert first == [MessageStatus.SENT] * 3 + ["not claimed"] * 5
    assert second == ["not claimed"] * 3 + [MessageStatus.SENT] * 5
    assert sorted(mail_server.accepted) == sorted(f"parent{n}@home.example" for n in range(8))  # each once
    assert set(Message.objects.filter(pk__in=due).values_list("status", "attempts")) == {(MessageStatus.SENT, 1)}


class WorkerKilled(BaseException):
    """As the worker's process ending mid-send: nothing after it runs (not even the batch's own error handling)."""


def test_a_worker_lost_mid_batch_leaves_the_rest_to_be_sent_once_and_the_one_in_hand_for_a_person(
    db, senco, mail_server, monkeypatch
):
    due = notices_due(6, senco)
    channel_for = sending.channel_for

    class DiesOnTheFourth:
        def send(self, message, mail_server=None):
            if message.pk == due[3]:
                raise WorkerKilled
            channel_for(message).send(message, mail_server)

    monkeypatch.setattr(sending, "channel_for", lambda message: DiesOnTheFourth())
    with time_machine.travel(NOW, tick=False), pytest.raises(WorkerKilled):
        deliver_batch(due)
    statuses = dict(Message.objects.filter(pk__in=due).values_list("pk", "status"))
    sent, in_hand, planned = MessageStatus.SENT, MessageStatus.SENDING, MessageStatus.PLANNED
    assert [statuses[pk] for pk in due] == [sent, sent, sent, in_hand, planned, planned]

    monkeypatch.undo()
    # The batch redelivered (acks_late) and the next scan: the two never claimed go, nothing goes twice.
    with time_machine.travel(NOW + datetime.timedelta(minutes=1), tick=False):
        assert deliver_batch(due) == ["not claimed"] * 4 + [MessageStatus.SENT] * 2
        assert scan() == []
    address = dict(Message.objects.filter(pk__in=due).values_list("pk", "parent__email"))
    assert sorted(mail_server.accepted) == sorted(address[pk] for pk in due if pk != due[3])
    # The one in hand may or may not have gone: never sent again by itself, shown as failed for a person to check.
    with time_machine.travel(NOW + STALE_AFTER + datetime.timedelta(minutes=1), tick=False):
        scan()
    in_hand = Message.objects.get(pk=due[3])
    assert in_hand.status == MessageStatus.FAILED and in_hand.attempts == 1
    assert "may or may not have gone" in in_hand.last_error
