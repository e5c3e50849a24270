from datetime import datetime

from django.utils import timezone

from contacts import concerns
from contacts.models import Channel, Concern, Contact, Direction


def concern_for(pupil, *, recorded_by, assigned_to, happened_at: datetime | None = None, now=None) -> Concern:
    """A concern raised by phone, logged through the same function the page uses (so its reminder is planned)."""
    contact = Contact(
        pupil=pupil,
        channel=Channel.PHONE,
        direction=Direction.FROM_FAMILY,
        happened_at=happened_at or timezone.now(),
        recorded_by=recorded_by,
        summary="Worried about the change of class.",
        raises_concern=True,
    )
    concerns.log_contact(contact, assigned_to=assigned_to, now=now)
    return contact.concern


def contacts_world(senco, teacher, pupil_a, pupil_b) -> dict:
    """An open concern for each family (the access tables)."""
    return {
        "concern_a": concern_for(pupil_a, recorded_by=senco, assigned_to=teacher),
        "concern_b": concern_for(pupil_b, recorded_by=senco, assigned_to=senco),
    }
