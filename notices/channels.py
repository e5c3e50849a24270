"""How a composed message leaves the school: one small interface, one class per channel.

A channel has `send(message)`, which returns nothing and raises on failure (the caller retries with backoff).
To add text messages later: an `SmsChannel` with the same `send`, a `Channel.SMS` choice, and a line in CHANNELS.

Which channel a message takes is decided here too: `channel_choice` for notices, invitations and letters,
`reminder_channels` for the day-before reminders (never a letter: it would arrive too late).
"""

from contextlib import suppress
from email.utils import formataddr
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SmtpEmailBackend

from pupils.models import ContactMethod
from school.models import LetterFamilyReminder, School

from .kinds import kind_of
from .models import Channel, Message


class ChannelError(Exception):
    """The message cannot go out by this channel as it stands (retrying will not help until someone acts)."""


class MessageChannel(Protocol):
    def send(self, message: Message, mail_server: BaseEmailBackend | None = None) -> None: ...


class EmailChannel:
    """An email in two parts (plain text and HTML), addressed by name, with the file its kind attaches (a
    meeting's .ics, so the parent's calendar adds, moves or removes it).

    `mail_server`: a connection to keep open for a batch of messages (`mail_server_for_batch`), or None to open one
    for this message alone."""

    def send(self, message: Message, mail_server: BaseEmailBackend | None = None) -> None:
        if not message.recipient_address:
            raise ChannelError(f"No email address for {message.recipient_name or message.recipient}.")
        school = School.load()
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[formataddr((message.recipient_name, message.recipient_address))],
            reply_to=[school.email] if school.email else None,
            connection=mail_server,
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        attachment = kind_of(message).attachment
        attached = attachment(message) if attachment is not None else None
        if attached is not None:
            email.attach(*attached)
        try:
            if mail_server is not None:
                mail_server.open()  # once for the batch: a no-op while it stays open
            email.send(fail_silently=False)
        except Exception:
            if mail_server is not None:
                with suppress(Exception):
                    mail_server.close()  # the next message opens a fresh connection
            raise


def mail_server_for_batch() -> BaseEmailBackend | None:
    """One SMTP connection for a batch of messages (opened with the first email, closed by the caller), so that a
    busy morning's notices do not each pay for a new connection and sign-in. None for the other email backends:
    the development one writes a file per message, and opening it for a batch would put the batch in one file."""
    mail_server = get_connection()
    return mail_server if isinstance(mail_server, SmtpEmailBackend) else None


class LetterChannel:
    """A letter goes on the office's 'letters to print' list: a SENT letter with no printed_at is on it."""

    def send(self, message: Message, mail_server: BaseEmailBackend | None = None) -> None:
        if message.channel != Channel.LETTER:
            raise ChannelError("Only a letter can be queued for printing.")
        if not message.body_text.strip():
            raise ChannelError("The letter has no text to print.")
        if not message.recipient_name.strip():
            raise ChannelError("The letter has nobody to address it to.")


class PhoneChannel:
    """A call goes on the office's call list ('Calls to make'): a SENT phone message is on it, for its day, until
    the office records that the family was reached or a message left (`notices.calls`)."""

    def send(self, message: Message, mail_server: BaseEmailBackend | None = None) -> None:
        if message.channel != Channel.PHONE:
            raise ChannelError("Only a phone call can go on the call list.")
        if not message.recipient_address.strip():
            raise ChannelError(f"No phone number for {message.recipient_name or message.recipient}.")
        if not message.body_text.strip():
            raise ChannelError("The call has nothing to say.")


CHANNELS: dict[str, MessageChannel] = {
    Channel.EMAIL: EmailChannel(),
    Channel.LETTER: LetterChannel(),
    Channel.PHONE: PhoneChannel(),
}


def channel_for(message: Message) -> MessageChannel:
    try:
        return CHANNELS[message.channel]
    except KeyError:
        raise ChannelError(f"No way to send by {message.channel!r}.") from None


def channel_choice(parent) -> str:
    """How a notice, an invitation or a letter reaches the parent: a letter when they have no email address or prefer
    letters; else email (a parent who prefers phone calls or texts is emailed what must be written down)."""
    if not parent.email or parent.preferred_contact_method == ContactMethod.LETTER:
        return Channel.LETTER
    return Channel.EMAIL


def numbers_to_ring(parent) -> list[tuple[str, str]]:
    """The parent's phone numbers, as (which, number), the mobile first."""
    numbers = [("Mobile", parent.mobile_phone), ("Home", parent.home_phone), ("Work", parent.work_phone)]
    return [(which, number.strip()) for which, number in numbers if number.strip()]


def reminder_channels(parent, school: School | None = None) -> list[str]:
    """How the parent is reminded the day before a meeting: by one channel, unless the school reminds by more than
    one; never by letter, which would arrive too late.

    - A parent who prefers phone calls is rung (the office's call list), if we have a number; else emailed.
    - A family who gets letters (no email address, or prefers letters) is rung, if we have a number and the school
      rings letter families; else has no reminder, and its notice asks it to write the date down.
    - Everyone else is emailed.
    - With 'remind by more than one channel' on, a parent who is rung is emailed as well when we have their address.
    """
    school = school or School.load()
    can_ring = bool(numbers_to_ring(parent))
    if parent.preferred_contact_method == ContactMethod.PHONE and can_ring:
        channels = [Channel.PHONE]
    elif channel_choice(parent) == Channel.LETTER:
        rings_letter_families = school.letter_families_reminded == LetterFamilyReminder.PHONE
        channels = [Channel.PHONE] if can_ring and rings_letter_families else []
    else:
        return [Channel.EMAIL]
    if channels and school.remind_by_more_than_one_channel and parent.email:
        channels.append(Channel.EMAIL)
    return channels
