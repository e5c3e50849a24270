"""Due messages go to workers in batches, each batch over one connection to a real SMTP server (aiosmtpd, in this
process): a busy morning's notices do not each open a connection, and one refused address does not stop the rest."""

import datetime
import socket
from email.utils import parseaddr

import pytest
import time_machine
from aiosmtpd.controller import Controller

from meetings.models import Invitee, InviteeKind
from meetings.notice_planning import plan_meeting
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import MeetingFactory
from meetings.tests.test_notice_planning import london
from notices import tasks
from notices.models import Message, MessageStatus
from notices.sending import deliver_batch, scan
from pupils.tests.factories import ParentCarerFactory, PupilFactory

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
