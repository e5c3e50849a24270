"""What the notices app asks of a shared record on its way to the family (registered from DocumentsConfig.ready()):
what the email or covering letter says and what opens the record, whether it is still wanted, the PDF where the
school attaches it, and what to note when it reached the person. Who it goes to and how: `documents.deliveries`.
"""

from django.urls import reverse

from meetings.notices import MEETING
from notices.content import common_context, site_url
from notices.kinds import SEEN_BY_SCHOOL, Enclosure, MessageKind, register
from notices.models import Channel, Message
from school.models import School

from .deliveries import (
    RECORD_KINDS,
    RecordMessageKind,
    delivery_of,
    enclosure_name,
    has_portal_account,
    issue_link,
    link_url,
    message_delivered,
    needs_large_print,
    pdf_for,
    still_entitled,
)
from .records import record_html


def record_message_context(message: Message) -> dict:
    """The words around the record. For an email, the link that opens it is made here, as the email is written: the
    portal's page for someone with an account, else a new link of their own (named in `secrets`, so the kept copy
    of the email does not hold it)."""
    delivery = delivery_of(message)
    version = delivery.version
    meeting = version.record.meeting
    school = School.load()
    leader = meeting.led_by
    person = delivery.recipient
    context = common_context(message, leader, school) | {
        "meeting": meeting,
        "version": version,
        "about": "you" if delivery.young_person_id else meeting.pupil.first_name,
        "is_update": message.kind == RecordMessageKind.UPDATED,
        "contact": {
            "name": leader.get_full_name(),
            "phone": leader.phone or school.phone,
            "email": leader.email or school.email,
        },
        "large_print_enclosed": message.channel == Channel.LETTER and needs_large_print(person),
    }
    if message.channel != Channel.EMAIL:
        return context
    delivery.by_portal = has_portal_account(person)
    delivery.save(update_fields=["by_portal"])
    context |= {"by_portal": delivery.by_portal, "attached": school.attach_records_to_emails}
    if delivery.by_portal:
        return context | {"link": site_url(reverse("portal:record", args=[version.pk]))}
    token, link = issue_link(delivery)
    return context | {"link": link_url(token), "link_expires_at": link.expires_at, "secrets": [token]}


def record_message_still_needed(message: Message) -> bool:
    """Not to someone who may no longer have the record (parental responsibility ended, or the young person now
    decides without their parents): the record's page says it was not sent, and why."""
    delivery = delivery_of(message)
    return still_entitled(delivery.recipient, delivery.version.record.meeting.pupil)


def record_attachment(message: Message) -> tuple[str, bytes, str] | None:
    """The record's PDF (large print where the person needs it), only where the school attaches records."""
    if not School.load().attach_records_to_emails:
        return None
    delivery = delivery_of(message)
    pdf = pdf_for(delivery.version, large_print=needs_large_print(delivery.recipient))
    return enclosure_name(delivery.version), pdf, "application/pdf"


def record_enclosure(message: Message) -> Enclosure:
    """The record a letter encloses, in the size its reader needs: the copy the family was given, byte for byte."""
    delivery = delivery_of(message)
    version, large_print = delivery.version, needs_large_print(delivery.recipient)
    return Enclosure(
        pupil=version.record.meeting.pupil,
        file_name=enclosure_name(version),
        html=lambda: record_html(version, large_print=large_print),
        pdf=lambda: pdf_for(version, large_print=large_print),
    )


def register_message_kinds() -> None:
    """Called from DocumentsConfig.ready()."""
    register(
        *(
            MessageKind(
                value=kind.value,
                label=kind.label,
                subject=MEETING,
                to_parent=True,
                # The words hold no SEN detail (the record is behind the link, or enclosed): the office sees them,
                # and prints the letters.
                seen_by=SEEN_BY_SCHOOL,
                templates="notices/record_shared",
                context=record_message_context,
                still_needed=record_message_still_needed,
                attachment=record_attachment,
                enclosure=record_enclosure,
                encloses="the record of the meeting",
                delivered=message_delivered,
                written_afresh_when_sent_again=True,
            )
            for kind in RECORD_KINDS
        )
    )
