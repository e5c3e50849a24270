"""A shared record already on its way to someone: its delivery, its message (sent) and, for an email to someone
without an account, its link."""

import datetime

from django.utils import timezone

from documents.deliveries import RecordMessageKind, hash_token
from documents.models import RecordDelivery, RecordLink
from notices.models import Channel, Message, MessageStatus


def record_delivery(version, *, parent=None, young_person=None, channel=Channel.EMAIL, token=None) -> RecordDelivery:
    """`version` (shared) sent to `parent` (or `young_person`) a minute ago; `token`: the link in the email."""
    person = parent or young_person
    meeting = version.record.meeting
    sent_at = timezone.now() - datetime.timedelta(minutes=1)
    message = Message.objects.create(
        meeting=meeting,
        kind=RecordMessageKind.SHARED,
        parent=parent,
        young_person=young_person,
        channel=channel,
        due_at=sent_at,
        next_attempt_at=sent_at,
        for_starts_at=meeting.starts_at,
        expires_at=sent_at + datetime.timedelta(days=30),
        status=MessageStatus.SENT,
        sent_at=sent_at,
        attempts=1,
        recipient_name=person.full_name,
        recipient_address=getattr(person, "address", "") if channel == Channel.LETTER else getattr(person, "email", ""),
        subject=f"The record of our meeting about {meeting.pupil.first_name}",
        body_text="Dear parent,\n\nThe record is enclosed with this letter.\n",
    )
    delivery = RecordDelivery.objects.create(version=version, parent=parent, young_person=young_person, message=message)
    if token:
        RecordLink.objects.create(
            delivery=delivery, token_hash=hash_token(token), expires_at=sent_at + RecordLink.VALID_FOR
        )
    return delivery
