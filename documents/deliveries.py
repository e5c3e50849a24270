"""A shared record reaches each person it is for, once, each by their own way (docs/meetings.md, 'Records that
arrive').

- **Who** (`recipients_of`): every parent or carer with parental responsibility, unless the young person decides
  without their parents (past compulsory school age with no agreement recorded: `Pupil.decides_without_parents`);
  and the young person themself, once past compulsory school age. Never a contact without parental responsibility.
- **How** (`channel_for_record`): an email when the person has an email address and does not prefer letters; else
  a letter on the office's print list with the record enclosed, in large print where the parent needs it.
- **What opens it**: the email links to the portal's page for the record where the person has an account, else to
  a link of its own (`RecordLink`). The record is attached as well only where the school allows it
  (`School.attach_records_to_emails`): SEN records are special category data, and an attachment stays in a mailbox.
- **Once**: one `RecordDelivery` per person and version (unique constraints), planned under a lock on the version;
  sharing again sends nothing twice. An amended record shared again is a new version: it goes again, as an updated
  record.
- **Reached**: an email the mail server took, or a letter the office printed (to post or hand over). When every
  delivery of a version has, the meeting's record is delivered (`Meeting.record_delivered_at`), and leaves the
  dashboard's records overdue to parents.

The link works for 14 days from the email, as often as the person opens it, and each opening is noted. A link that
worked only once would fail the parent who opened it on a phone at the school gate and wants to read it properly at
home, or show it to the other parent; 14 days is long enough to come back to it and short enough that an old email
does not open a child's record for ever. The PDF can be downloaded and kept. A later email (the school sends it
again) replaces the link; expired, replaced or altered links show a page with the school's phone number, and
change nothing.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from common.downloads import file_name
from meetings.models import Meeting, RecordVersion
from notices.content import site_url, young_persons_email
from notices.models import Channel, Message, MessageStatus
from pupils.models import ContactMethod, ParentCarer, Pupil

from .models import RecordDelivery, RecordLink
from .records import record_pdf, store_shared_pdf


class RecordMessageKind(models.TextChoices):
    SHARED = "record_shared", "Meeting record for the family"
    UPDATED = "record_updated", "Updated meeting record for the family"


RECORD_KINDS = (RecordMessageKind.SHARED, RecordMessageKind.UPDATED)
# A record not sent within this (the sender stopped for weeks) shows as missed on the record's page.
RECORD_USEFUL_FOR = timedelta(days=30)

Person = ParentCarer | Pupil  # a parent or carer, or the young person themself


# Who, and how


def recipients_of(pupil: Pupil, today=None) -> list[Person]:
    """The people a record about this pupil is for, parents first in the family's contact order."""
    people: list[Person] = []
    if not pupil.decides_without_parents(today):
        links = pupil.parent_links.filter(has_parental_responsibility=True).select_related("parent__user")
        people += [link.parent for link in links.order_by("contact_order", "parent__last_name", "pk")]
    if pupil.is_past_compulsory_school_age(today):
        people.append(pupil)
    return people


def is_young_person(person: Person) -> bool:
    return isinstance(person, Pupil)


def channel_for_record(person: Person) -> str:
    """Email where there is an address and no wish for letters; else a letter. Phone and text are not ways to send a
    record: a parent who prefers them has it by email if they have an address, else by letter."""
    if is_young_person(person):  # no postal address of their own: a letter is handed to them at school
        return Channel.EMAIL if young_persons_email(person) else Channel.LETTER
    if person.email and person.preferred_contact_method != ContactMethod.LETTER:
        return Channel.EMAIL
    return Channel.LETTER


def has_portal_account(person: Person) -> bool:
    return bool(person.user_id and person.user.is_active)


def needs_large_print(person: Person) -> bool:
    return bool(getattr(person, "needs_large_print", False))


def still_entitled(person: Person, pupil: Pupil) -> bool:
    """Whether the person may still have the pupil's record: the young person always; a parent while they hold
    parental responsibility and the young person (if past compulsory school age) has agreed."""
    if is_young_person(person):
        return True
    if pupil.decides_without_parents():
        return False
    return pupil.parent_links.filter(parent=person, has_parental_responsibility=True).exists()


# Planning, once per person and version


def _recipient_fields(person: Person) -> dict:
    return {"young_person": person} if is_young_person(person) else {"parent": person}


@transaction.atomic
def send_to_family(version: RecordVersion, now: datetime | None = None) -> list[RecordDelivery]:
    """Plan the shared version's delivery to each person it is for who has not had it, due at once (the next scan
    sends it). Safe to call again: those planned already are left as they are. Returns the new deliveries."""
    now = now or timezone.now()
    version = RecordVersion.objects.select_for_update().select_related("record__meeting__pupil").get(pk=version.pk)
    if not version.is_shared:
        raise ValueError("Only a shared record version is sent to the family.")
    meeting = version.record.meeting
    had = {(d.parent_id, d.young_person_id) for d in version.deliveries.all()}
    earlier_shared = version.record.versions.filter(number__lt=version.number, shared_at__isnull=False).exists()
    kind = RecordMessageKind.UPDATED if earlier_shared else RecordMessageKind.SHARED
    planned = []
    for person in recipients_of(meeting.pupil):
        if ((None, person.pk) if is_young_person(person) else (person.pk, None)) in had:
            continue
        message = Message.objects.create(
            meeting=meeting,
            kind=kind,
            channel=channel_for_record(person),
            due_at=now,
            next_attempt_at=now,
            for_starts_at=meeting.starts_at,
            expires_at=now + RECORD_USEFUL_FOR,
            **_recipient_fields(person),
        )
        planned.append(RecordDelivery.objects.create(version=version, message=message, **_recipient_fields(person)))
    note_if_delivered(version, now)  # nobody to send it to: nothing to wait for
    return planned


def send_when_shared(sender, version: RecordVersion, **kwargs) -> None:
    """When staff share a version on the site (meetings.records.version_shared_with_parents)."""
    send_to_family(version)


# Reached


# An email the mail server took; a letter printed; or one no longer wanted (the person lost parental
# responsibility before it went): nothing more to wait for.
REACHED = Q(message__status=MessageStatus.SENT, message__channel=Channel.EMAIL) | Q(
    message__status=MessageStatus.SENT, message__printed_at__isnull=False
)
SETTLED = REACHED | Q(message__status=MessageStatus.CANCELLED)


def note_if_delivered(version: RecordVersion, now: datetime | None = None) -> bool:
    """Once every delivery of the version has reached its person, the meeting's record is delivered (the first
    version to do so sets the time; a later one leaves it)."""
    if version.deliveries.exclude(SETTLED).exists():
        return False
    Meeting.objects.filter(pk=version.record.meeting_id, record_delivered_at__isnull=True).update(
        record_delivered_at=now or timezone.now()
    )
    return True


def delivery_of(message: Message) -> RecordDelivery:
    """The delivery a record message (or a copy of one sent again) is for."""
    first = message
    while first.resend_of_id:
        first = first.resend_of
    return RecordDelivery.objects.select_related(
        "version__record__meeting__pupil", "version__finalised_by", "parent__user", "young_person__user"
    ).get(message_id=first.pk)


def message_delivered(message: Message) -> None:
    """Told by notices when a record message reached its person (`MessageKind.delivered`)."""
    note_if_delivered(delivery_of(message).version)


# Links


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(delivery: RecordDelivery, now: datetime | None = None) -> tuple[str, RecordLink]:
    """A new link for the delivery, replacing any earlier one: its token (for the email; only its hash is kept) and
    the link."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    delivery.links.filter(replaced_at__isnull=True).update(replaced_at=now)
    link = RecordLink.objects.create(
        delivery=delivery, token_hash=hash_token(token), created_at=now, expires_at=now + RecordLink.VALID_FOR
    )
    return token, link


def link_url(token: str) -> str:
    return site_url(reverse("record_link", args=[token]))


def find_link(token: str) -> RecordLink | None:
    """The link a token names, whatever its state; None for a token that was never sent (or was altered)."""
    digest = hash_token(token)
    link = (
        RecordLink.objects.select_related(
            "delivery__version__record__meeting__pupil",
            "delivery__version__record__meeting__led_by",
            "delivery__version__finalised_by",
            "delivery__parent",
            "delivery__young_person",
        )
        .filter(token_hash=digest)
        .first()
    )
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link


def why_link_unusable(link: RecordLink, now: datetime | None = None) -> str | None:
    """'replaced', 'expired' or 'withdrawn' (the person may no longer have the record); None if it opens."""
    now = now or timezone.now()
    if link.replaced_at is not None:
        return "replaced"
    if now > link.expires_at:
        return "expired"
    delivery = link.delivery
    if not still_entitled(delivery.recipient, delivery.version.record.meeting.pupil):
        return "withdrawn"
    return None


def note_opened(delivery: RecordDelivery, now: datetime | None = None) -> None:
    """The person opened the record (by their link, or in the portal): counted in the database, not in memory, so
    two openings at once are both counted."""
    now = now or timezone.now()
    RecordDelivery.objects.filter(pk=delivery.pk, first_opened_at__isnull=True).update(first_opened_at=now)
    RecordDelivery.objects.filter(pk=delivery.pk).update(last_opened_at=now, times_opened=models.F("times_opened") + 1)


def note_opened_in_portal(version: RecordVersion, user) -> None:
    """A parent or young person read the version in the portal: noted on their delivery of it, if it was sent."""
    delivery = RecordDelivery.objects.filter(Q(parent__user=user) | Q(young_person__user=user), version=version).first()
    if delivery is not None:
        note_opened(delivery)


# The PDF each person is given


def pdf_for(version: RecordVersion, *, large_print: bool) -> bytes:
    """The PDF kept when the version was shared, when its print size is the one wanted; else made in that size."""
    shared = store_shared_pdf(version)
    if shared.large_print == large_print:
        with shared.pdf.open("rb") as stored:
            return stored.read()
    return record_pdf(version, large_print=large_print)


def enclosure_name(version: RecordVersion) -> str:
    meeting = version.record.meeting
    return file_name("record", meeting.pupil.first_name, f"{meeting.meeting_date:%Y-%m-%d}", ending=".pdf")
