"""The personal link in a family's messages: making it, finding it again, and what it opens now.

Why a random code kept as a hash, not a signed token: a family who gets the notice as a letter types the address
from paper, so it must be short (`/r/ABCD-EFGH-JKMN/`: 12 characters from 29 that cannot be mistaken for one
another, about 58 bits, far beyond guessing; a signed token is some 70 characters). A row also says which message
carried the link and when it was last opened, and lets the link follow the meeting if it moves. Only a hash is kept,
as for portal invitations; the code itself is in the message as sent.

Until when: a link opens until the end of the day of its meeting as it now stands (or of its review day): a link
from the first notice still works after the meeting is moved, and says the new time. Replies are taken until the
meeting begins (a review day: until its last appointment ends); after that the page says so politely, and the day
after it says the link has expired. Either way it changes nothing, and shows the school's phone number.

Used again: a family that opens the link a second time (from the reminder, say) sees what they said and may change
it until the meeting: that is what a parent expects of "tell us if anything changes". A link that does not work
(altered, never sent, or no longer the family's: parental responsibility removed, or a young person who now decides
alone) gets one plain page that names nobody.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from booking.models import Invitation, ReviewDay
from meetings.models import InviteeKind, Meeting, MeetingStatus
from notices.content import site_url
from notices.models import Message
from pupils.models import Pupil

from .models import Reply, ReplyLink

# No 0/O, 1/I/L or U/V pairs to mix up when typing from a letter.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 12
GROUP = 4


class State:
    OPEN = "open"  # replies taken
    CLOSED = "closed"  # the meeting has begun or been held: no more replies, the page says so
    CANCELLED = "cancelled"  # the meeting was cancelled
    EXPIRED = "expired"  # the day after the meeting (or review day): the link no longer opens
    NOT_WORKING = "not_working"  # never sent, altered, or no longer this family's


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalised(code: str) -> str:
    """As typed from a letter: any case, with or without the dashes and spaces."""
    return "".join(character for character in code.upper() if character.isalnum())


def spaced(code: str) -> str:
    """ABCD-EFGH-JKMN: easier to read aloud and to copy from paper."""
    return "-".join(code[start : start + GROUP] for start in range(0, len(code), GROUP))


def hash_code(code: str) -> str:
    return hashlib.sha256(normalised(code).encode()).hexdigest()


@dataclass(frozen=True)
class SentLink:
    url: str
    code: str  # spaced, for a letter


def link_for(message: Message) -> SentLink | None:
    """The personal link this message carries, made the first time it is asked for while the message is written
    (the text and HTML parts share it). None for a message that is not to a parent about a meeting or review day."""
    if message.pk is None or not message.parent_id or not (message.meeting_id or message.review_day_id):
        return None
    code = message.__dict__.get("_reply_code")
    if code is None:
        code = new_code()
        # One statement (INSERT ... ON CONFLICT on the message): a message sent again after a failure replaces the
        # code that never arrived, and a busy morning's notices each pay one query for their link, not three.
        link = ReplyLink(
            token_hash=hash_code(code),
            parent_id=message.parent_id,
            meeting_id=message.meeting_id,
            review_day_id=message.review_day_id,
            message=message,
            created_at=timezone.now(),
        )
        ReplyLink.objects.bulk_create(
            [link],
            update_conflicts=True,
            unique_fields=["message"],
            update_fields=["token_hash", "parent", "meeting", "review_day", "created_at"],
        )
        message.__dict__["_reply_code"] = code
    return SentLink(url=site_url(reverse("replies:reply", args=[spaced(code)])), code=spaced(code))


def find(code: str) -> ReplyLink | None:
    """The link a code names, or None for one never sent (or altered)."""
    code = normalised(code)
    if len(code) != CODE_LENGTH or any(character not in ALPHABET for character in code):
        return None
    digest = hash_code(code)
    link = ReplyLink.objects.select_related("parent", "meeting", "review_day").filter(token_hash=digest).first()
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link


def end_of_day(moment: datetime) -> datetime:
    day = timezone.localtime(moment).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Occasion:
    """What a link asks about, as it stands now: the meeting (as now arranged) or the review day, the family's
    children it is about, until when replies are taken, and the parent's reply so far."""

    link: ReplyLink
    state: str
    meeting: Meeting | None = None
    review_day: ReviewDay | None = None
    children: tuple[Pupil, ...] = ()
    starts_at: datetime | None = None
    closes_at: datetime | None = None  # replies are taken until then
    expires_at: datetime | None = None  # the link opens until then
    reply: Reply | None = None

    @property
    def parent(self):
        return self.link.parent

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN

    @property
    def leader(self):
        """Who acts on the reply: the person leading the meeting, or who set up the review day."""
        return self.meeting.led_by if self.meeting else self.review_day.created_by

    @property
    def first_names(self) -> list[str]:
        return [child.first_name for child in self.children]

    @property
    def young_person(self) -> Pupil | None:
        """A child past compulsory school age (who still lets their parents take part): they may add their own
        views."""
        day = timezone.localtime(self.starts_at).date()
        return next((child for child in self.children if child.is_past_compulsory_school_age(day)), None)

    def reply_key(self) -> dict:
        return {"meeting": self.meeting} if self.meeting else {"review_day": self.review_day}


def occasion(link: ReplyLink, now: datetime | None = None) -> Occasion:
    now = now or timezone.now()
    found = _meeting_occasion(link, now) if link.meeting_id else _review_day_occasion(link, now)
    if found.state not in (State.NOT_WORKING, State.EXPIRED):
        found.reply = Reply.objects.filter(parent=link.parent, **found.reply_key()).first()
    return found


def _meeting_occasion(link: ReplyLink, now: datetime) -> Occasion:
    meeting = link.meeting.as_now_arranged
    meeting = Meeting.objects.select_related("pupil", "led_by").get(pk=meeting.pk)
    pupil = meeting.pupil
    expires_at = end_of_day(meeting.starts_at)
    found = Occasion(
        link=link,
        state=State.OPEN,
        meeting=meeting,
        children=(pupil,),
        starts_at=meeting.starts_at,
        closes_at=meeting.starts_at,
        expires_at=expires_at,
    )
    if now >= expires_at:
        found.state = State.EXPIRED
    elif not _still_the_familys(meeting, link.parent_id):
        found.state = State.NOT_WORKING
    elif meeting.status == MeetingStatus.CANCELLED:
        found.state = State.CANCELLED
    elif not meeting.is_booked or now >= meeting.starts_at:
        found.state = State.CLOSED
    return found


def _still_the_familys(meeting: Meeting, parent_id: int) -> bool:
    """The parent is still invited, and still hears about the pupil (a young person past compulsory school age who
    decides without their parents: the parents hear nothing, as the notices say)."""
    if meeting.pupil.decides_without_parents(timezone.localdate(meeting.starts_at)):
        return False
    return meeting.invitees.filter(kind=InviteeKind.PARENT, parent_id=parent_id).exists()


def _review_day_occasion(link: ReplyLink, now: datetime) -> Occasion:
    day = link.review_day
    children = tuple(
        invitation.pupil
        for invitation in Invitation.objects.filter(
            review_day=day,
            pupil__in=Pupil.objects.shown_to_parent(parent_links__parent=link.parent_id),
        )
        .select_related("pupil")
        .order_by("pupil__date_of_birth", "pk")
    )
    found = Occasion(
        link=link,
        state=State.OPEN,
        review_day=day,
        children=children,
        starts_at=day.at(day.starts_at),
        closes_at=day.at(day.ends_at),
        expires_at=end_of_day(day.at(day.starts_at)),
    )
    if now >= found.expires_at:
        found.state = State.EXPIRED
    elif not children:
        found.state = State.NOT_WORKING
    elif now >= found.closes_at:
        found.state = State.CLOSED
    return found


def note_opened(link: ReplyLink, now: datetime | None = None) -> None:
    ReplyLink.objects.filter(pk=link.pk).update(last_opened_at=now or timezone.now())
