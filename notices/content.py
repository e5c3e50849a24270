"""What a message says: subject, plain text and HTML, rendered from the templates in templates/notices/<kind>/.

`compose(message)` fills the message's 'as sent' fields and does not save; the caller saves. The words live in
the templates; this module only gathers what they need (the meeting, the people, who to contact, links).
"""

import re
from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list

from accounts.models import Role
from booking.models import Invitation
from meetings.compliance import record_due_on
from meetings.models import Meeting
from pupils.models import Pupil
from school.models import School

from .models import PARENT_KINDS, Channel, Message, MessageKind, MessageStatus


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def salutation(parent) -> str:
    """'Mrs Thompson' when we know a title, else the full name: never 'Dear parent'."""
    if parent.title:
        return f"{parent.title} {parent.last_name}"
    return f"{parent.first_name} {parent.last_name}"


def who_will_be_there(meeting: Meeting) -> list[dict]:
    """The person leading first, then everyone invited, each with their role at the meeting."""
    invitees = meeting.people_invited
    people = []
    if not any(invitee.user_id == meeting.led_by_id for invitee in invitees):
        people.append({"name": meeting.led_by.get_full_name(), "role": job_of(meeting.led_by), "leads": True})
    for invitee in invitees:
        people.append(
            {"name": invitee.display_name, "role": invitee.role, "leads": invitee.user_id == meeting.led_by_id}
        )
    return people


def job_of(user) -> str:
    return user.job_title or user.get_role_display()


def current_meeting(meeting: Meeting) -> Meeting:
    """Where a rearranged meeting went in the end (a meeting may be moved more than once)."""
    seen = {meeting.pk}
    while meeting.rearranged_to_id and meeting.rearranged_to_id not in seen:
        meeting = meeting.rearranged_to
        seen.add(meeting.pk)
    return meeting


def previous_starts_at(message: Message, meeting: Meeting):
    """The time the family last heard of, when it differs from the meeting's time now; else None."""
    if message.meeting_id != meeting.pk:  # the message is about the old meeting, which was rearranged
        return message.meeting.starts_at
    replaced = Meeting.objects.filter(rearranged_to=meeting).first()
    if replaced:
        return replaced.starts_at
    earlier = (
        Message.objects.filter(meeting=meeting, parent=message.parent, staff=message.staff, status=MessageStatus.SENT)
        .exclude(for_starts_at=meeting.starts_at)
        .order_by("-sent_at")
        .first()
    )
    return earlier.for_starts_at if earlier else None


def invited_children(message: Message):
    """The parent's children invited to the message's review day who have neither booked nor declined yet."""
    return (
        Invitation.objects.still_to_book()
        .filter(
            review_day=message.review_day_id,
            pupil__in=Pupil.objects.shown_to_parent(parent_links__parent=message.parent_id),
        )
        .select_related("pupil")
        .order_by("pupil__date_of_birth", "pk")
    )


def common_context(message: Message, leader, school: School) -> dict:
    """Who writes (the person leading, or who set up the review day), to whom, and how it is sent."""
    context = {
        "message": message,
        "school": school,
        "leader": leader,
        "leader_job": job_of(leader),
        "leader_is_senco": leader.role == Role.SENCO,
        "is_letter": message.channel == Channel.LETTER,
    }
    if message.parent_id:
        return context | {
            "parent": message.parent,
            "dear": salutation(message.parent),
            "large_print": message.parent.needs_large_print,
        }
    return context | {"dear": message.staff.first_name or message.staff.get_full_name(), "large_print": False}


def invitation_context(message: Message) -> dict:
    day, school = message.review_day, School.load()
    children = [invitation.pupil for invitation in invited_children(message)]
    return common_context(message, day.created_by, school) | {
        "day": day,
        "children": children,
        "names": get_text_list([child.first_name for child in children] or ["your child"], "and"),
        "contact": {"name": "the school office", "phone": school.phone, "email": school.email},
    }


def context_for(message: Message) -> dict:
    if message.kind == MessageKind.INVITATION:
        return invitation_context(message)
    if message.event_id:
        from events.notices import event_message_context

        return event_message_context(message)
    if message.loan_id:
        from library.notices import loan_message_context

        return loan_message_context(message)
    meeting = current_meeting(message.meeting) if message.kind == MessageKind.CHANGE else message.meeting
    school = School.load()
    leader = meeting.led_by
    context = common_context(message, leader, school) | {
        "meeting": meeting,
        "pupil": meeting.pupil,
        "contact": {
            "name": leader.get_full_name(),
            "phone": leader.phone or school.phone,
            "email": leader.email or school.email,
        },
        "people": who_will_be_there(meeting),
        "is_tomorrow": meeting.meeting_date == timezone.localdate(message.due_at) + timedelta(days=1),
        "meeting_url": site_url(reverse("meetings:detail", args=[meeting.pk])),
        "record_url": site_url(reverse("meetings:record", args=[meeting.pk])),
        "record_due_on": record_due_on(meeting.meeting_date),
    }
    if message.kind == MessageKind.CHANGE:
        context["old_starts_at"] = previous_starts_at(message, meeting)
    return context


def tidy_text(text: str) -> str:
    """Template tags leave stray spaces and blank lines behind: at most one blank line, no trailing spaces."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


# What `compose` fills in.
COMPOSED_FIELDS = ("recipient_name", "recipient_address", "subject", "body_text", "body_html")


def compose(message: Message) -> None:
    """Fill in who the message goes to and what it says (COMPOSED_FIELDS), from the templates for its kind. Does
    not save."""
    if message.kind in PARENT_KINDS:
        parent = message.parent
        message.recipient_name = parent.full_name
        message.recipient_address = parent.address if message.channel == Channel.LETTER else parent.email
    else:
        message.recipient_name = message.staff.get_full_name()
        message.recipient_address = message.staff.email
    context = context_for(message)
    folder = f"notices/{message.kind}"
    subject = " ".join(render_to_string(f"{folder}/subject.txt", context).split())
    message.subject = context["subject"] = subject[: Message._meta.get_field("subject").max_length]
    message.body_text = tidy_text(render_to_string(f"{folder}/body.txt", context))
    message.body_html = render_to_string(f"{folder}/body.html", context).strip() + "\n"
