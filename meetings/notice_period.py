"""How much notice each family had of a meeting, counted from when they were actually told, not from when it was
booked: the two-week promise is about what families hear.

For each parent invited, the earliest notice (or change notice) about the meeting's time that reached them:
- by email: when it was sent;
- by letter: when the office marked it printed, plus POST_DAYS for the post (not printed yet: from today, plus the
  post, the best it can now be);
- nothing sent yet (told in person or by phone, before the portal sent notices, the demo school, or a notice still
  waiting for the sender): the date the invitation was sent as typed on the meeting (`Meeting.invited_on`, today
  when it is booked).

The meeting's notice is the least any family had: short notice when that is under NOTICE_DAYS.
`notice_given(meeting)` reads a meeting's in one query; `with_notice_given(meetings)` a whole list's in two.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F
from django.utils import timezone

from common import when
from notices.models import Channel, Message, MessageStatus
from pupils.models import ParentCarer

from .compliance import NOTICE_DAYS, notice_days
from .models import Invitee, InviteeKind, Meeting
from .notices import INFORMING

# A printed letter is counted as reaching the family two days later (second-class post takes two or three working
# days, first class one): the notice period of a letter family starts then.
POST_DAYS = 2


@dataclass(frozen=True)
class FamilyNotice:
    """One parent's notice of the meeting."""

    parent: ParentCarer
    told_on: date
    how: str  # in words, for the meeting page
    days: int

    @property
    def is_short(self) -> bool:
        return self.days < NOTICE_DAYS


@dataclass(frozen=True)
class NoticeGiven:
    families: list[FamilyNotice]
    days: int  # the least notice any family had (no family invited: from the invitation date)

    @property
    def is_short(self) -> bool:
        return self.days < NOTICE_DAYS


def notice_given(meeting: Meeting) -> NoticeGiven:
    """The notice each family invited had of the meeting as it stands (one query, with the invitees read once)."""
    return _notice_given(meeting, _informing_messages([meeting]).get(meeting.pk, []), timezone.localdate())


def parents_told(meeting: Meeting) -> frozenset[int]:
    """The parents a notice or change notice about the meeting's event reached, for any time it had: read in the
    same query as `notice_given` (`Meeting.parents_told`)."""
    meeting.notice_given  # noqa: B018 (read for what it leaves on the meeting)
    return meeting.__dict__.get("parents_told", frozenset())


def with_notice_given(meetings) -> list[Meeting]:
    """The meetings, each with its `notice_given` worked out: two queries for the whole list (the parents invited,
    and the notices sent to them), however long it is."""
    meetings = list(meetings)
    # The parents invited, with only the columns a notice names them by, grouped here (prefetch_related's
    # machinery cost more than the query for a page's few meetings).
    invited = (
        Invitee.objects.filter(meeting__in=[meeting.pk for meeting in meetings], kind=InviteeKind.PARENT)
        .select_related("parent")
        .only("meeting_id", "kind", "parent__title", "parent__first_name", "parent__last_name")
        .order_by("pk")
    )
    by_invitation: dict[int, list[Invitee]] = {}
    for invitee in invited if meetings else ():
        by_invitation.setdefault(invitee.meeting_id, []).append(invitee)
    for meeting in meetings:
        meeting.parents_invited = by_invitation.get(meeting.pk, [])
    by_meeting = _informing_messages(meetings)
    today = timezone.localdate()
    for meeting in meetings:
        meeting.__dict__["notice_given"] = _notice_given(meeting, by_meeting.get(meeting.pk, []), today)
    return meetings


def _parents_invited(meeting: Meeting) -> list:
    if hasattr(meeting, "parents_invited"):
        return [invitee.parent for invitee in meeting.parents_invited]
    return [invitee.parent for invitee in meeting.people_invited if invitee.kind == InviteeKind.PARENT]


def _informing_messages(meetings: list[Meeting]) -> dict[int, list[Message]]:
    """The notices and change notices sent about each meeting's event (a rearranged meeting's too) for its time now,
    by meeting. Each meeting is left with `parents_told` too: the parents any of them reached, for any time."""
    meetings = [meeting for meeting in meetings if meeting.pk]
    if not meetings:
        return {}
    by_event = {(meeting.calendar_uid, meeting.starts_at): meeting.pk for meeting in meetings}
    rows = (
        Message.objects.filter(
            meeting__calendar_uid__in={meeting.calendar_uid for meeting in meetings},
            kind__in=INFORMING,
            parent__isnull=False,
            status=MessageStatus.SENT,
        )
        .only("parent_id", "channel", "sent_at", "printed_at", "for_starts_at", "resend_of_id")
        .annotate(calendar_uid=F("meeting__calendar_uid"))
    )
    found: dict[int, list[Message]] = {}
    told: dict[str, set[int]] = {}
    for message in rows:
        told.setdefault(message.calendar_uid, set()).add(message.parent_id)
        pk = by_event.get((message.calendar_uid, message.for_starts_at))
        if pk is not None and message.resend_of_id is None:  # a resend tells no earlier than the first
            found.setdefault(pk, []).append(message)
    for meeting in meetings:
        meeting.__dict__["parents_told"] = frozenset(told.get(meeting.calendar_uid, ()))
    return found


def _told_on(message: Message, today: date) -> tuple[date, str]:
    """When this message told the family, and how, in words."""
    if message.channel == Channel.LETTER:
        if message.printed_at is None:
            return today + timedelta(days=POST_DAYS), "letter not printed yet"
        printed = timezone.localdate(message.printed_at)
        arrives = printed + timedelta(days=POST_DAYS)
        return arrives, f"letter printed {when.date(printed)}, counted from {POST_DAYS} days later"
    return timezone.localdate(message.sent_at), "email"


def _notice_given(meeting: Meeting, messages: list[Message], today: date) -> NoticeGiven:
    meeting_on = meeting.meeting_date
    families = []
    for parent in _parents_invited(meeting):
        told = [_told_on(message, today) for message in messages if message.parent_id == parent.pk]
        if told:
            told_on, how = min(told)
            told_on = min(told_on, meeting_on)  # a letter never printed: no notice at all
        else:
            told_on, how = meeting.invited_on, "the invitation date: no notice sent by the portal"
        families.append(FamilyNotice(parent, told_on, how, notice_days(told_on, meeting_on)))
    days = min(family.days for family in families) if families else notice_days(meeting.invited_on, meeting_on)
    return NoticeGiven(families, days)
