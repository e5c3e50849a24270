"""What staff see of families' replies: on a meeting, on the SENCO's dashboard, in the record's Explore stage, on a
review day's list of invited families, and on a pupil's timeline. Each is a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from booking.models import Booking, Invitation, ReviewDay
from meetings.models import InviteeKind, Meeting
from meetings.notices import INFORMING
from notices.models import Message, MessageStatus
from pupils.models import ParentCarer, Pupil, PupilParent

from .models import Answer, Reply


def told_about(meetings_calendar_uid) -> QuerySet[Message]:
    """Notices and change notices that reached a parent about a meeting's calendar event (the meeting and any it
    replaced)."""
    return Message.objects.filter(
        meeting__calendar_uid=meetings_calendar_uid, parent__isnull=False, kind__in=INFORMING, status=MessageStatus.SENT
    )


@dataclass
class ParentReplies:
    """One parent invited to a meeting: their reply to it as it stands, any to an earlier time of it, and whether
    they have been told of it yet."""

    parent: ParentCarer
    told: bool
    reply: Reply | None = None
    earlier: list[Reply] = field(default_factory=list)
    review_day: Reply | None = None  # a reply to the review-day invitation the appointment was booked from


def review_day_of(meeting: Meeting) -> ReviewDay | None:
    booking = Booking.objects.filter(meeting=meeting).select_related("review_day").first()
    return booking.review_day if booking else None


def for_meeting(meeting: Meeting) -> list[ParentReplies]:
    # Two queries: the parents invited, each with whether they were told; and their replies, the review day the
    # meeting was booked from (if any) read inside the same query.
    invited = (
        meeting.invitees.filter(kind=InviteeKind.PARENT)
        .select_related("parent")
        .annotate(told=Exists(told_about(meeting.calendar_uid).filter(parent=OuterRef("parent_id"))))
    )
    lines = {invitee.parent_id: ParentReplies(parent=invitee.parent, told=invitee.told) for invitee in invited}
    parents = list(lines)
    booked_from = Booking.objects.filter(meeting=meeting).values("review_day_id")
    about = Q(meeting__calendar_uid=meeting.calendar_uid) | Q(review_day__in=booked_from)
    for reply in Reply.objects.filter(about, parent__in=parents).select_related("meeting").order_by("-answered_at"):
        line = lines[reply.parent_id]
        if reply.review_day_id:
            line.review_day = reply
        elif reply.meeting_id == meeting.pk:
            line.reply = reply
        else:
            line.earlier.append(reply)
    return list(lines.values())


def family_words(meeting: Meeting) -> list[Reply]:
    """What the family wrote for the meeting before it (for it at any earlier time, or for the review day it was
    booked from), in their own words: for the record's Explore stage."""
    day = review_day_of(meeting)
    about = Q(meeting__calendar_uid=meeting.calendar_uid)
    if day:
        about |= Q(review_day=day, parent__pupil_links__pupil=meeting.pupil_id)
    return list(
        Reply.objects.with_views().filter(about).select_related("parent", "meeting").order_by("answered_at").distinct()
    )


@dataclass
class Waiting:
    """On the SENCO's dashboard: booked meetings still to come whose family asked for another time or cannot come,
    or was told of the meeting and has not replied (the first few of each, and how many)."""

    another_time: list[Meeting]
    another_time_count: int
    cannot_come: list[Meeting]
    cannot_come_count: int
    not_replied: list[Meeting]
    not_replied_count: int


def waiting(meetings: QuerySet[Meeting], now: datetime | None = None, shown: int = 5) -> Waiting:
    now = now or timezone.now()
    upcoming = meetings.booked().filter(starts_at__gte=now).select_related("pupil").order_by("starts_at")
    replies = Reply.objects.filter(meeting=OuterRef("pk"))
    told = told_about(OuterRef("calendar_uid"))
    another = upcoming.filter(Exists(replies.filter(answer=Answer.ANOTHER_TIME)))
    cannot = upcoming.filter(Exists(replies.filter(answer=Answer.CANNOT_COME)))
    silent = upcoming.filter(Exists(told), ~Exists(replies))
    return Waiting(
        another_time=list(another[:shown]),
        another_time_count=another.count(),
        cannot_come=list(cannot[:shown]),
        cannot_come_count=cannot.count(),
        not_replied=list(silent[:shown]),
        not_replied_count=silent.count(),
    )


def for_review_day(day: ReviewDay, pupils: QuerySet[Pupil]) -> list[Reply]:
    """Replies to a review day's invitation from the families of `pupils` (those the person sees), each with
    `children`: their children invited to the day. Needing action first."""
    invited = {
        invitation.pupil_id: invitation.pupil
        for invitation in Invitation.objects.filter(review_day=day, pupil__in=pupils).select_related("pupil")
    }
    children_of: dict[int, list[Pupil]] = {}
    for parent_pk, pupil_pk in PupilParent.objects.filter(pupil__in=invited).values_list("parent_id", "pupil_id"):
        children_of.setdefault(parent_pk, []).append(invited[pupil_pk])
    replies = list(Reply.objects.filter(review_day=day, parent__in=children_of.keys()).select_related("parent"))
    order = {Answer.ANOTHER_TIME: 0, Answer.CANNOT_COME: 1, Answer.COMING: 2}
    for reply in replies:
        reply.children = children_of[reply.parent_id]
    return sorted(replies, key=lambda reply: (order[reply.answer], reply.parent.last_name))


def about_pupil(pupil: Pupil) -> list[Reply]:
    """Every reply from the pupil's family about the pupil's meetings or a review day the pupil was invited to: for
    the pupil's timeline."""
    about = Q(meeting__pupil=pupil) | Q(
        Exists(Invitation.objects.filter(review_day=OuterRef("review_day"), pupil=pupil)),
        parent__pupil_links__pupil=pupil,
    )
    return list(Reply.objects.filter(about).select_related("parent", "meeting", "review_day").distinct())
