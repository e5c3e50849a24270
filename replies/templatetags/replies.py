"""Replies on other apps' pages and in their messages, loaded by name so that meetings, booking and notices need not
know this app (it sits above them):

- `{% reply_link as reply %}` in a message's templates: the family's personal link (`links.link_for`);
- `{% meeting_replies meeting %}` on the meeting's page, `{% family_replies %}` on the SENCO's dashboard,
  `{% family_words meeting %}` in the record's Explore stage, `{% review_day_replies day %}` on a review day's list.
"""

from django import template

from meetings.models import Meeting
from pupils.models import Pupil

from .. import summaries
from ..links import SentLink, link_for

register = template.Library()


@register.simple_tag(takes_context=True)
def reply_link(context) -> SentLink | None:
    """The link the message being written carries (None outside a message to a parent)."""
    message = context.get("message")
    return link_for(message) if message is not None else None


@register.inclusion_tag("replies/meeting_replies.html")
def meeting_replies(meeting: Meeting) -> dict:
    return {"meeting": meeting, "lines": summaries.for_meeting(meeting)}


@register.inclusion_tag("replies/dashboard_block.html", takes_context=True)
def family_replies(context) -> dict:
    return {"waiting": summaries.waiting(Meeting.objects.visible_to(context["request"].user))}


@register.inclusion_tag("replies/family_words.html")
def family_words(meeting: Meeting) -> dict:
    return {"meeting": meeting, "replies": summaries.family_words(meeting)}


@register.inclusion_tag("replies/review_day_replies.html", takes_context=True)
def review_day_replies(context, day) -> dict:
    return {"replies": summaries.for_review_day(day, Pupil.objects.visible_to(context["request"].user))}
