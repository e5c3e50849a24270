"""Why a message did not go, as the failed messages page says it (notices/failures.py), and a sent email noted as
sent though the database stopped answering for a moment (sending.record). test_faults.py does both for real."""

import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError

from meetings.notice_planning import plan_meeting
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import InviteeFactory, MeetingFactory, weekday_from_today
from notices import sending
from notices.channels import ChannelError
from notices.failures import reason
from notices.models import Message, MessageStatus


def test_a_refused_address_names_the_address_and_what_to_check():
    error = smtplib.SMTPRecipientsRefused({"Ann Ashworth <ann@home.example>": (550, b"5.1.1  No such\r\n mailbox")})
    assert reason(error) == (
        "The mail server refused the address ann@home.example (550 5.1.1 No such mailbox): "
        "check the email address, then try again."
    )


def test_a_refusal_for_now_keeps_the_servers_words():
    error = smtplib.SMTPDataError(451, b"4.3.0 Too busy, try again later")
    assert reason(error) == "The mail server refused it for now (451 4.3.0 Too busy, try again later)."


def test_a_lasting_refusal_says_who_can_help():
    error = smtplib.SMTPSenderRefused(554, b"5.7.1 Relaying denied", "senco@school.example")
    assert reason(error) == (
        "The mail server refused it (554 5.7.1 Relaying denied): ask whoever runs the school's email why."
    )


def test_a_refused_sign_in_names_the_settings():
    error = smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication failed")
    assert "EMAIL_HOST_USER and EMAIL_HOST_PASSWORD" in reason(error)


def test_an_unreachable_mail_server_points_to_health():
    error = ConnectionRefusedError(111, "Connection refused")
    assert reason(error).startswith("The mail server could not be reached (ConnectionRefusedError:")
    assert "/health/" in reason(error)


def test_a_channel_problem_is_already_in_words():
    assert reason(ChannelError("No email address for Ann Ashworth.")) == "No email address for Ann Ashworth."


@pytest.mark.django_db(transaction=True)  # outside a transaction, as in a worker: a new connection can be opened
def test_an_email_the_server_took_is_noted_as_sent_once_the_database_answers_again(monkeypatch):
    meeting = MeetingFactory(starts_at=weekday_from_today(3))
    InviteeFactory(meeting=meeting, as_parent=True)
    plan_meeting(meeting)
    notice = Message.objects.get(meeting=meeting, kind=MeetingMessageKind.NOTICE)
    monkeypatch.setattr(sending, "RECORD_PATIENCE", (0, 0))
    save = Message.save
    refusals = iter([OperationalError("server closed the connection unexpectedly")])

    def save_once_the_database_is_back(self, *args, **kwargs):
        if self.status == MessageStatus.SENT and (error := next(refusals, None)):
            raise error
        return save(self, *args, **kwargs)

    with mock.patch.object(Message, "save", save_once_the_database_is_back):
        assert sending.deliver(notice.pk) == MessageStatus.SENT
    notice.refresh_from_db()
    assert notice.status == MessageStatus.SENT and notice.attempts == 1
    assert len(mail.outbox) == 1
