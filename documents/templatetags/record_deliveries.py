"""Blocks on other apps' pages about shared records on their way to families (documents.deliveries):

- `{% load record_deliveries %}{% record_deliveries version %}` on a record version's page (meetings/): before it
  is shared, who it will go to and how; after, how it went for each person, and when.
- `{% letter_enclosure letter %}` on the letters to print (notices/): what to put in the envelope (a record, a plan).
"""

from django import template

from meetings.models import RecordVersion
from notices.kinds import kind_of
from notices.models import Message

from ..deliveries import (
    channel_for_record,
    has_portal_account,
    is_young_person,
    needs_large_print,
    recipients_of,
)

register = template.Library()


@register.inclusion_tag("documents/_record_deliveries.html")
def record_deliveries(version: RecordVersion) -> dict:
    if not version.is_shared:
        planned = [
            {
                "person": person,
                "is_young_person": is_young_person(person),
                "channel": channel_for_record(person),
                "by_portal": has_portal_account(person),
                "large_print": needs_large_print(person),
            }
            for person in recipients_of(version.record.meeting.pupil)
        ]
        return {"version": version, "planned": planned}
    deliveries = version.deliveries.select_related("message", "parent", "young_person").prefetch_related("links")
    return {"version": version, "deliveries": list(deliveries)}


@register.inclusion_tag("documents/_letter_enclosure.html")
def letter_enclosure(letter: Message) -> dict:
    """What to put in the envelope, named from the letter's kind (nothing is rendered until it is printed)."""
    kind = kind_of(letter)
    return {"letter": letter, "what": kind.encloses if kind.enclosure is not None else None}
