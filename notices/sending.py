"""Sending due messages exactly once: scan for due rows, claim each with a conditional UPDATE, then send.

A claimed row is never sent twice: two beats, two workers, a redelivered task or a retry all find it
already claimed (the UPDATE matches no row) and stop.

At most once, where once cannot be proven: a worker that dies (killed, its machine lost) between claiming a row and
noting it sent leaves the row 'sending', and nobody can tell whether the mail server took the email first. Such a
row is not sent again by itself: after STALE_AFTER the scan shows it as failed, saying so, and the SENCO checks with
the family before trying again. Everything the dead worker had not claimed is still planned and goes at the next
scan. A database that goes away just after the mail server took an email is waited for (RECORD_PATIENCE), so a sent
email is noted as sent rather than left to look lost. notices/tests/test_faults.py shows each of these for real.
"""

import logging
import time
from contextlib import suppress
from datetime import datetime, timedelta

from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import F
from django.utils import timezone

from . import kinds
from .channels import channel_for, mail_server_for_batch
from .content import COMPOSED_FIELDS, Explainer, compose, keep_no_secrets, words_explainer
from .failures import reason
from .kinds import joined_for_sending, kind_of, tell_delivered
from .models import Channel, Message, MessageStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60)]
# A worker that stops mid-send leaves a row 'sending'. Whether the email left is unknown, so the row is
# not resent automatically: it is shown as failed for the SENCO to check and retry. Far longer than any one send
# takes (EMAIL_TIMEOUT, and RECORD_PATIENCE for a database that went away).
STALE_AFTER = timedelta(minutes=15)
STOPPED_WHILE_SENDING = (
    "The sender stopped while sending this (a worker was stopped or lost its database), so it may or may not have "
    "gone: ask the family whether it arrived, or look in the mail server's log, then try again if it did not."
)
# How long a worker keeps trying to note what it did when the database stops answering, between tries: an email
# the mail server took must be noted as sent, or it would later look lost (and be sent again by hand).
RECORD_PATIENCE = (1, 2, 4, 8, 15, 30)


def scan(now: datetime | None = None) -> list[int]:
    """Mark what can no longer be sent, and return the ids of messages due now."""
    now = now or timezone.now()
    Message.objects.filter(status=MessageStatus.PLANNED, expires_at__lt=now).update(status=MessageStatus.MISSED)
    Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=now - STALE_AFTER).update(
        status=MessageStatus.FAILED, last_error=STOPPED_WHILE_SENDING
    )
    return list(Message.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True))


def claim(pk: int, now: datetime) -> bool:
    claimed = Message.objects.filter(
        pk=pk, status=MessageStatus.PLANNED, next_attempt_at__lte=now, expires_at__gte=now
    ).update(status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def still_needed(message: Message) -> bool:
    """Asked of the app owning the message's kind: is the message still worth sending (the meeting still at that
    time, the child not yet booked, the book still out)?"""
    return kind_of(message).still_needed(message)


def deliver(pk: int, now: datetime | None = None, mail_server: BaseEmailBackend | None = None) -> str:
    """Send one message if it is still due and nobody else has claimed it. Returns the resulting status.

    `mail_server`: an email connection shared by a batch (`channels.mail_server_for_batch`)."""
    now = now or timezone.now()
    if not claim(pk, now):
        return "not claimed"
    return send_claimed(read_for_sending([pk])[pk], now, mail_server)


def read_for_sending(pks: list[int], planned_only: bool = False) -> dict[int, Message]:
    """These messages (`planned_only`: those of them still planned), by id, with what writing them reads: what most
    messages need joined in (each subject says what: a meeting's pupil and leader; a review day, event or loan, fewer
    messages, is read when asked for: joining all of them costs every message more than those reads cost the few),
    then what each subject reads for a batch at once (`kinds.read_for_sending`: who was invited to each meeting)."""
    messages = Message.objects.select_related("parent", "staff", "young_person__user", *joined_for_sending())
    if planned_only:
        messages = messages.filter(status=MessageStatus.PLANNED)
    found = messages.in_bulk(pks)
    kinds.read_for_sending(list(found.values()))
    return found


def send_claimed(
    message: Message, now: datetime, mail_server: BaseEmailBackend | None = None, explain: Explainer | None = None
) -> str:
    """Write and send a message this worker has claimed (its row 'sending'), and note what became of it.

    `explain`: the glossary read once for a batch (`content.words_explainer`)."""
    if not still_needed(message):
        message.status = MessageStatus.CANCELLED
        message.save(update_fields=["status"])
        return message.status
    kind = kind_of(message)
    try:
        # A copy sent again says what the first said, unless its kind writes each afresh (a new link in it).
        if not message.resend_of_id or kind.written_afresh_when_sent_again:
            compose(message, explain)
        channel_for(message).send(message, mail_server)
    except Exception as error:  # any failure of the channel: retry later, then show it to the SENCO
        logger.warning("Sending message %s failed: %s", message.pk, error)
        message.last_error = reason(error)
        if message.attempts < MAX_ATTEMPTS:
            message.status = MessageStatus.PLANNED
            message.next_attempt_at = now + BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
        else:
            message.status = MessageStatus.FAILED
    else:
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
    keep_no_secrets(message)
    record(message, [*COMPOSED_FIELDS, "status", "sent_at", "last_error", "next_attempt_at"])
    if message.status == MessageStatus.SENT and message.channel != Channel.LETTER:
        tell_delivered(message)  # a letter reaches the family when the office prints it (`mark_printed`)
    return message.status


def record(message: Message, fields: list[str]) -> None:
    """Save what became of a send, waiting out a database that has stopped answering (RECORD_PATIENCE); if it is
    still away after that, the row stays 'sending' and the scan shows it as failed (STOPPED_WHILE_SENDING)."""
    for wait in (*RECORD_PATIENCE, None):
        try:
            message.save(update_fields=fields)
            return
        except (OperationalError, InterfaceError) as error:
            if wait is None or connection.in_atomic_block:  # inside a transaction a new connection cannot help
                raise
            logger.warning(
                "Noting message %s as %s failed (%s): trying again in %s s", message.pk, message.status, error, wait
            )
            with suppress(DatabaseError):
                connection.close()  # the next query opens a new connection
            time.sleep(wait)


def deliver_batch(pks: list[int], now: datetime | None = None) -> list[str]:
    """Send each message in turn over one email connection, each claimed just before it is sent: a worker lost
    mid-batch leaves the messages after the one in hand planned, for the next scan. A message that fails is retried
    later on its own (its row says when), and does not stop the others.

    What writing the batch needs is read once, before the first claim: the messages still planned with what they
    join, what their subjects read for a batch, the glossary. A message another worker claims first is not sent here
    (its claim fails), whatever was read for it. A change to a meeting that makes its messages wrong cancels them
    (`meetings.notice_planning`), so their claims fail too; what else a message says is as it stood when the batch
    began, a moment before."""
    found = read_for_sending(pks, planned_only=True)
    explain = words_explainer() if any(kind_of(message).to_parent for message in found.values()) else None
    mail_server = mail_server_for_batch()
    results = []
    try:
        for pk in pks:
            message = found.get(pk)
            claimed_at = now or timezone.now()
            if message is None or not claim(pk, claimed_at):
                results.append("not claimed")
                continue
            # As the claim left the row (it was planned when read: only a claim changes that, and this one won).
            message.status, message.claimed_at = MessageStatus.SENDING, claimed_at
            message.attempts += 1
            results.append(send_claimed(message, claimed_at, mail_server, explain))
        return results
    finally:
        if mail_server is not None:
            with suppress(Exception):
                mail_server.close()
