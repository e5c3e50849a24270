"""The messages about a meeting, as the notices app asks of them: their kinds, what each says, whether it is still
needed when its time comes, and who may see it in the message log. When they are planned is in
`meetings.notice_planning`; sending them is generic (`notices/sending.py`).
"""

import re

from django.db import models
from django.db.models import Q
from django.urls import reverse

from common import when
from notices.channels import reminder_channels
from notices.content import common_context, job_of, site_url
from notices.kinds import SEEN_BY_SCHOOL, SEEN_BY_SEN_STAFF, MessageKind, MessageSubject, register
from notices.models import Channel, Message, MessageStatus
from pupils.models import Pupil, sees_every_pupil
from school.models import School

from .compliance import record_due_on
from .ics import meeting_calendar, read_sequences
from .models import Invitee, Meeting, MeetingStatus


class MeetingMessageKind(models.TextChoices):
    NOTICE = "notice", "Two-week notice"
    REMINDER = "reminder", "Day-before reminder"
    PHONE_REMINDER = "phone_reminder", "Day-before reminder call"
    CHANGE = "change", "Change of arrangements"
    CANCELLATION = "cancellation", "Cancellation"
    STAFF_REMINDER = "staff_reminder", "Staff reminder: meeting tomorrow"
    RECORD_DUE = "record_due", "Staff reminder: record due in 4 days"
    RECORD_OVERDUE = "record_overdue", "Staff reminder: record overdue"


TO_PARENTS = (
    MeetingMessageKind.NOTICE,
    MeetingMessageKind.REMINDER,
    MeetingMessageKind.PHONE_REMINDER,
    MeetingMessageKind.CHANGE,
    MeetingMessageKind.CANCELLATION,
)
INFORMING = (MeetingMessageKind.NOTICE, MeetingMessageKind.CHANGE)
# The day-before reminder to a parent, by each channel it can take (never a letter: it would arrive too late).
PARENT_REMINDERS = {Channel.EMAIL: MeetingMessageKind.REMINDER, Channel.PHONE: MeetingMessageKind.PHONE_REMINDER}
RECORD_KINDS = (MeetingMessageKind.RECORD_DUE, MeetingMessageKind.RECORD_OVERDUE)
# Parents' messages that carry the meeting as a calendar file, so their calendar adds, moves or removes it.
CALENDAR_KINDS = (MeetingMessageKind.NOTICE, MeetingMessageKind.CHANGE, MeetingMessageKind.CANCELLATION)


# What they say


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


def meeting_message_context(message: Message) -> dict:
    meeting = message.meeting.as_now_arranged if message.kind == MeetingMessageKind.CHANGE else message.meeting
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
        "meeting_url": site_url(reverse("meetings:detail", args=[meeting.pk])),
        "record_url": site_url(reverse("meetings:record", args=[meeting.pk])),
        "record_due_on": record_due_on(meeting.meeting_date),
    }
    if message.kind == MeetingMessageKind.CHANGE:
        context["old_starts_at"] = previous_starts_at(message, meeting)
    if message.parent_id:
        # How this family will be reminded the day before, for the notice to say (a family who gets letters and
        # will not be rung is asked to write the date down: a letter reminder would arrive too late).
        reminded_by = reminder_channels(message.parent, school)
        context["rung_the_day_before"] = Channel.PHONE in reminded_by
        context["not_reminded"] = not reminded_by
    return context


def calendar_mimetype(calendar: bytes, kind: str) -> str:
    """The MIME type's method must match the METHOD inside the file (RFC 6047), or mail clients ignore it."""
    found = re.search(rb"^METHOD:(\w+)", calendar, re.MULTILINE)
    method = found.group(1).decode() if found else ("CANCEL" if kind == MeetingMessageKind.CANCELLATION else "REQUEST")
    return f"text/calendar; method={method}"


def meeting_invite(message: Message) -> tuple[str, bytes, str]:
    """The meeting's event as it stands when the message goes (a rearranged meeting's is where it went)."""
    calendar = meeting_calendar(message.meeting)
    return "invite.ics", calendar, calendar_mimetype(calendar, message.kind)


# Still needed when its time comes


def meeting_message_still_needed(message: Message) -> bool:
    meeting = message.meeting
    if message.kind in RECORD_KINDS:
        return meeting.status == MeetingStatus.HELD and meeting.record_shared_at is None
    if message.kind == MeetingMessageKind.CANCELLATION or message.resend_of_id:
        return True
    return meeting.is_booked and meeting.starts_at == message.for_starts_at


# In the message logs


def about_meeting(message: Message) -> str:
    return f"Meeting on {when.day_at(message.meeting.starts_at)}"


def visible_about_meetings(user) -> Q:
    """Messages about the meetings of pupils this person sees (every meeting is about a pupil: for someone who sees
    every pupil, any message about a meeting)."""
    if sees_every_pupil(user):
        return Q(meeting__isnull=False)
    return Q(meeting__in=Meeting.objects.visible_to(user))


def about_pupils_meetings(pupil: Pupil) -> Q:
    return Q(meeting__pupil=pupil)


def read_for_sending(messages: list[Message]) -> None:
    """For a batch of messages about meetings: who was invited to each meeting (the notice lists them, and so does its
    calendar file) and each meeting's calendar sequence, read for the batch at once and kept on each message's copy of
    its meeting, as `Meeting.people_invited` and `ics.meeting_sequence` would read them for one."""
    meetings = [message.meeting for message in messages]
    invited: dict[int, list[Invitee]] = {meeting.pk: [] for meeting in meetings}
    for invitee in Invitee.objects.filter(meeting__in=list(invited)).select_related("user", "parent").order_by("pk"):
        invited[invitee.meeting_id].append(invitee)
    for meeting in meetings:
        meeting.__dict__["people_invited"] = invited[meeting.pk]
    read_sequences([message.meeting for message in messages if message.kind in CALENDAR_KINDS])


MEETING = MessageSubject(
    field="meeting",
    about=about_meeting,
    visible_to=visible_about_meetings,
    about_pupil=about_pupils_meetings,
    related=("meeting__pupil",),
    joined_for_sending=("meeting__pupil", "meeting__led_by"),
    read_for_sending=read_for_sending,
)


def register_message_kinds() -> None:
    """Called from MeetingsConfig.ready()."""
    register(
        *(
            MessageKind(
                value=kind.value,
                label=kind.label,
                subject=MEETING,
                to_parent=kind in TO_PARENTS,
                seen_by=SEEN_BY_SCHOOL if kind in TO_PARENTS else SEEN_BY_SEN_STAFF,
                templates=f"notices/{kind.value}",
                context=meeting_message_context,
                still_needed=meeting_message_still_needed,
                attachment=meeting_invite if kind in CALENDAR_KINDS else None,
            )
            for kind in MeetingMessageKind
        )
    )
