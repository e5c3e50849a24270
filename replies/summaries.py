"""What staff see of families' replies: on a meeting, on the SENCO's dashboard, in the record's Explore stage, on a
review day's list of invited families, and on a pupil's timeline. Each is a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.utils import timezone

from booking.models import Booking, Invitation, ReviewDay
from meetings.models import InviteeKind, Meeting, MeetingStatus
from meetings.notices import INFORMING
from notices.models import Message, MessageStatus
from pupils.models import ParentCarer, Pupil, PupilParent

from .models import Answer, Reply


def told_of(meeting_pk, calendar_uid) -> Q:
    """Whether a notice or change notice reached a parent about a meeting as it stands (the outer query's
    `meeting_pk` and `calendar_uid`, OuterRefs; for one meeting, `Meeting.parents_told`): a notice about the
    meeting itself, found in the index of what reached parents, or about a time it was moved from (the only other
    meetings sharing its calendar event are those, rearranged: `Meeting`'s constraints)."""
    informing = Message.objects.filter(parent__isnull=False, kind__in=INFORMING, status=MessageStatus.SENT)
    return Exists(informing.filter(meeting=meeting_pk)) | Exists(
        informing.filter(meeting__calendar_uid=calendar_uid, meeting__status=MeetingStatus.REARRANGED)
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
    # The parents invited and whether each was told, as the meeting's page has read them already (its invitees, and
    # the notices its notice period is counted from); then one query: their replies, the review day the meeting was
    # booked from (if any) read inside it.
    told = meeting.parents_told
    lines = {
        invitee.parent_id: ParentReplies(parent=invitee.parent, told=invitee.parent_id in told)
        for invitee in meeting.people_invited
        if invitee.kind == InviteeKind.PARENT
    }
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


WAITING_KINDS = ("another_time", "cannot_come", "not_replied")


def waiting(meetings: QuerySet[Meeting], now: datetime | None = None, shown: int = 5) -> Waiting:
    """In one query, whatever the number of meetings: which kind each meeting still to come is (worked out once for
    each), the first few of each kind with every kind's count (window sums over those kinds) and their pupils'
    names. The meetings listed are what the block shows of them: each one's time and pupil."""
    now = now or timezone.now()
    replies = Reply.objects.filter(meeting=OuterRef("pk"))
    kinds = (
        meetings.booked()
        .filter(starts_at__gte=now)
        .annotate(
            another_time=Exists(replies.filter(answer=Answer.ANOTHER_TIME)),
            cannot_come=Exists(replies.filter(answer=Answer.CANNOT_COME)),
            not_replied=ExpressionWrapper(
                told_of(OuterRef("pk"), OuterRef("calendar_uid")) & ~Exists(replies), output_field=BooleanField()
            ),
        )
        .order_by()
        .values(*WAITING_KINDS, meeting_pk=F("pk"), meeting_at=F("starts_at"))
    )
    sql, params = kinds.query.sql_with_params()
    one = {kind: f"CASE WHEN {kind} THEN 1 ELSE 0 END" for kind in WAITING_KINDS}
    windows = ", ".join(
        f"SUM({one[kind]}) OVER () AS {kind}_count, "
        f"SUM({one[kind]}) OVER (ORDER BY meeting_at, meeting_pk ROWS UNBOUNDED PRECEDING) AS {kind}_number"
        for kind in WAITING_KINDS
    )
    first_few = " OR ".join(f"({kind} AND {kind}_number <= %s)" for kind in WAITING_KINDS)
    counts = ", ".join(f"{kind}_count" for kind in WAITING_KINDS)
    with connection.cursor() as cursor:
        # MATERIALIZED: each meeting's kinds worked out once. Inlined, the database repeats the look-ups for every
        # window and condition that names a kind (three times as slow).
        # The few shown come with their pupils' names, read in the same query: the block shows nothing else of them.
        cursor.execute(
            f"WITH kinds AS MATERIALIZED ({sql}) SELECT meeting_pk, {', '.join(WAITING_KINDS)}, {counts}, "
            "meeting_at, pupil.id, pupil.legal_first_name, pupil.preferred_name, pupil.legal_last_name "
            f"FROM (SELECT kinds.*, {windows} FROM kinds) numbered "
            f"JOIN {Meeting._meta.db_table} meeting ON meeting.id = meeting_pk "
            f"JOIN {Pupil._meta.db_table} pupil ON pupil.id = meeting.pupil_id "
            f"WHERE {first_few} ORDER BY meeting_at, meeting_pk",
            (*params, *[shown] * len(WAITING_KINDS)),
        )
        rows = cursor.fetchall()
    lists: dict[str, list[Meeting]] = {kind: [] for kind in WAITING_KINDS}
    flags_end, counts_end = 1 + len(WAITING_KINDS), 1 + 2 * len(WAITING_KINDS)
    for row in rows:
        at, pupil_pk, first_name, preferred_name, last_name = row[counts_end:]
        pupil = Pupil(
            pk=pupil_pk, legal_first_name=first_name, preferred_name=preferred_name, legal_last_name=last_name
        )
        meeting = Meeting(pk=row[0], starts_at=at, pupil=pupil)
        for kind, flag in zip(WAITING_KINDS, row[1:flags_end], strict=True):
            if flag and len(lists[kind]) < shown:
                lists[kind].append(meeting)
    totals = dict(zip(WAITING_KINDS, rows[0][flags_end:counts_end], strict=True)) if rows else {}
    return Waiting(
        another_time=lists["another_time"],
        another_time_count=int(totals.get("another_time") or 0),
        cannot_come=lists["cannot_come"],
        cannot_come_count=int(totals.get("cannot_come") or 0),
        not_replied=lists["not_replied"],
        not_replied_count=int(totals.get("not_replied") or 0),
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


def about_pupil_each_way(pupil: Pupil) -> list[QuerySet[Reply]]:
    """The replies from the pupil's family about the pupil's meetings, and about a review day the pupil was invited
    to: one query for each way, each an indexed look-up (one OR across both joins would read every reply), for the
    pupil's timeline to read with its other strands."""
    return [
        Reply.objects.filter(meeting__pupil=pupil),
        Reply.objects.filter(
            Exists(Invitation.objects.filter(review_day=OuterRef("review_day"), pupil=pupil)),
            parent__in=ParentCarer.objects.filter(pupil_links__pupil=pupil),
        ),
    ]


def about_pupil(pupil: Pupil) -> list[Reply]:
    """Every reply from the pupil's family about the pupil's meetings or a review day the pupil was invited to: for
    the subject access export."""
    about = Q()
    for way in about_pupil_each_way(pupil):
        about |= Q(pk__in=way.values("pk"))
    return list(Reply.objects.filter(about).select_related("parent", "meeting", "review_day"))
