"""What each strand of a pupil's timeline reads, and how each of its entries is written.

Each kind of entry is a `Source`: the rows about the pupil (in one or more ways, each an indexed look-up), the field
that dates them, and the fields its entry is written from (read as JSON, with every other kind's, for the term
shown). A message without a subject or a recipient's name is read again as a model row: what a message is about is
written by the app that sent it (notices.kinds), from the objects joined in. Each way is given the pupil's id, not
the pupil: the SQL is written once for any pupil (timeline.py). Entries are written through unsaved model instances
where the model has the words or the rule (a meeting's type, whether a concern was answered in time), so they read
as the rest of the portal says them.

The register's entries are worked out from the pupil's change history (a handful of rows), read whole.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache

from django.db.models import Exists, Expression, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix
from django.utils import timezone

from common import when
from common.links import link_to
from contacts.models import Concern, Contact
from events.models import Event, Guest
from events.timeline import attended_events
from library.timeline import loans_for
from meetings.models import Meeting, RecordVersion
from notices import kinds
from notices.models import Message, MessageStatus
from pupils.models import ParentCarer, Pupil, SenStatus
from replies.models import Reply
from replies.summaries import about_pupil_each_way as replies_about


class Strand:
    """What an entry is about: the timeline can be narrowed to one strand."""

    MEETINGS = "meetings"
    MESSAGES = "messages"
    CONTACTS = "contacts"
    EVENTS = "events"
    LIBRARY = "library"
    REGISTER = "register"

    LABELS = {
        MEETINGS: "Meetings and records",
        MESSAGES: "Messages sent",
        CONTACTS: "Contacts and concerns",
        EVENTS: "Events",
        LIBRARY: "Lending library",
        REGISTER: "SEN status and register",
    }


@dataclass(frozen=True)
class Entry:
    when: datetime
    strand: str
    title: str
    detail: str = ""
    who: str = ""
    url: str = ""
    flag: str = ""  # a short badge: 'Positive news', 'Concern raised', 'Late'

    @property
    def strand_label(self) -> str:
        return Strand.LABELS[self.strand]


@dataclass(frozen=True)
class Source:
    kind: str  # names the source's rows in the index
    strand: str
    # (pupil's id, role): the rows about the pupil someone in that role may see. The role, not the person: the SQL is
    # written once per role and kept (timeline._sql), so nothing of one person may go into it.
    ways: Callable[[int, str], list[QuerySet]]
    dated_by: str | Expression  # a DateTimeField, or with `on_a_day` a DateField
    # The fields an entry is written from (name in the JSON: field path), and how: (pk, when, fields) -> Entry, or
    # None where they do not suffice (a message, then read as a model row). The register's history has no `entry`:
    # its entries are worked out from all its rows (`register_entries`).
    fields: dict[str, str] = field(default_factory=dict)
    entry: Callable[[int, datetime, dict], Entry] | None = None
    on_a_day: bool = False
    whole: bool = False  # its fields read however far back (the register's changes are worked out from them all)


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _name(*parts) -> str:
    return " ".join(part for part in parts if part)


def _person(prefix: str, with_title: bool = False) -> dict[str, str]:
    """A person's name, from the fields under `prefix`: a member of staff's, or (with their title) a parent's."""
    names = {f"{prefix}_first": f"{prefix}__first_name", f"{prefix}_last": f"{prefix}__last_name"}
    return {f"{prefix}_title": f"{prefix}__title", **names} if with_title else names


def _named(row: dict, prefix: str) -> str:
    return _name(row.get(f"{prefix}_title"), row[f"{prefix}_first"], row[f"{prefix}_last"])


@cache
def _link(name: str, prefix: str) -> Callable[[int], str]:
    return link_to(name)


def link(name: str) -> Callable[[int], str]:
    """`link_to(name)`, reversed once (for each prefix the site is served under)."""
    return _link(name, get_script_prefix())


# Meetings and records


def _meeting(pk: int, moment: datetime, row: dict) -> Entry:
    meeting = Meeting(meeting_type=row["type"], status=row["status"])
    return Entry(
        when=moment,
        strand=Strand.MEETINGS,
        title=f"{meeting.get_meeting_type_display()} ({meeting.get_status_display().lower()})",
        detail=row["place"],
        who=f"Led by {_named(row, 'led_by')}",
        url=link("meetings:detail")(pk),
    )


def _about_the_meeting(row: dict) -> str:
    meeting = Meeting(meeting_type=row["type"])
    return f"{meeting.get_meeting_type_display()} on {when.date(when.from_database(row['starts']), short=True)}"


def _finalised(pk: int, moment: datetime, row: dict) -> Entry:
    amended = f". Amended: {row['amended']}" if row["amended"] else ""
    return Entry(
        when=moment,
        strand=Strand.MEETINGS,
        title=f"Record finalised (version {row['number']})",
        detail=_about_the_meeting(row) + amended,
        who=_named(row, "finalised_by"),
        url=link("meetings:record")(row["meeting"]),
    )


def _shared(pk: int, moment: datetime, row: dict) -> Entry:
    return Entry(
        when=moment,
        strand=Strand.MEETINGS,
        title=f"Record shared with the family (version {row['number']})",
        detail=_about_the_meeting(row),
        who=_named(row, "shared_by"),
        url=link("meetings:record")(row["meeting"]),
    )


_RECORD = {"number": "number", "meeting": "record__meeting_id", "type": "record__meeting__meeting_type"}
_RECORD["starts"] = "record__meeting__starts_at"


def _versions(pupil: int, role: str) -> list[QuerySet]:
    return [RecordVersion.objects.filter(record__meeting__pupil=pupil)]


def _reply(pk: int, moment: datetime, row: dict) -> Entry:
    """What the family said through the link in their notices: as it stands now (the reply's history keeps the
    earlier answers)."""
    if row["meeting"]:
        about = f"the meeting on {when.date(when.from_database(row['meeting_starts']), short=True)}"
        url = link("meetings:detail")(row["meeting"])
    else:
        about = f"the invitation to the review day on {when.date(row['day'], short=True)}"
        url = ""  # the day's list is the office's page; the reply is all here
    said = [f"Days and times that suit: {row['suits']}" if row["suits"] else "", row["note"]]
    return Entry(
        when=moment,
        strand=Strand.MEETINGS,
        title=f"Reply to {about}: {Reply(answer=row['answer'], review_day_id=row['review_day']).in_words}",
        detail=". ".join(part for part in said if part),
        who=_named(row, "parent") + (" (changed their reply)" if row["changed"] else ""),
        url=url,
        flag="Family's reply",
    )


# Messages: the five ways a message can be about the pupil, each an indexed look-up (one OR across the five joins
# would make the database read every message the school ever sent), of the kinds this person's role may see. Each
# kind's subject narrows those further to the pupils (or families) the person sees (notices.kinds.visible_to): here
# the pupil is one they see, or the page would not open, and each way ties the message to the pupil or the pupil's
# family. (That rule is one OR across every kind, which the planner answers by reading every message.)


def _messages_about(pupil: int, role: str) -> list[QuerySet]:
    family = ParentCarer.objects.filter(pupil_links__pupil=pupil)
    sent = Message.objects.filter(status=MessageStatus.SENT, kind__in=[kind.value for kind in kinds.seen_by(role)])
    came = Guest.objects.filter(event=OuterRef("event"), parent=OuterRef("parent"), children=pupil)
    return [
        sent.filter(meeting__pupil=pupil),
        sent.filter(review_day__invitations__pupil=pupil, parent__in=family),
        sent.filter(Exists(came), event__isnull=False, parent__in=family),
        sent.filter(loan__pupil=pupil),
        sent.filter(sen_letter__pupil=pupil),
    ]


def _message(pk: int, moment: datetime, row: dict) -> Entry | None:
    """A message as sent: to whom and its subject. None for one without them, read by `message_entries`."""
    if not (row["subject"] and row["recipient_name"]):
        return None
    return _message_entry(Message(pk=pk, sent_at=moment, **row))


def message_entries(ids) -> list[Entry]:
    """The messages with these ids (from the index: about the pupil, and seen by this person) as model rows, to be
    written with what they are about (by the app that sent them) and the person they went to."""
    joined = ("meeting", "review_day", "event", "loan__copy__item", "sen_letter__pupil", "support_plan__pupil")
    sent = Message.objects.filter(pk__in=ids).select_related(*joined, "parent", "young_person", "staff").order_by()
    return [_message_entry(message) for message in sent]


def _message_entry(message: Message) -> Entry:
    return Entry(
        when=message.sent_at,
        strand=Strand.MESSAGES,
        title=f"{message.get_kind_display()} sent to {message.recipient_name or message.recipient}",
        detail=f"{message.get_channel_display()}: {message.subject}" if message.subject else message.about,
        url=link("notices:detail")(message.pk),
    )


# Contacts and concerns


def _contact(pk: int, moment: datetime, row: dict) -> Entry:
    contact = Contact(channel=row["channel"], direction=row["direction"])
    concern = None
    if row["raises_concern"] and row["due"]:
        concern = Concern(due_at=when.from_database(row["due"]), responded_at=when.from_database(row["responded"]))
    flag = "Concern raised" if concern else ("Positive news" if row["positive"] else "")
    with_whom = f" ({_named(row, 'parent')})" if row["parent_first"] or row["parent_last"] else ""
    still_open = ""
    if concern and not concern.responded_at:
        late = "overdue, was due" if concern.is_overdue() else "response due"
        still_open = f" · {late} {concern.due_in_words} ({_named(row, 'assigned_to')})"
    return Entry(
        when=moment,
        strand=Strand.CONTACTS,
        title=f"{contact.get_channel_display()}, {contact.get_direction_display().lower()}{with_whom}",
        detail=row["summary"],
        who=f"Logged by {_named(row, 'recorded_by')}{still_open}",
        url=link("contacts:pupil_contacts")(row["pupil"]),
        flag=flag,
    )


def _response(pk: int, moment: datetime, row: dict) -> Entry:
    concern = Concern(contact=Contact(happened_at=when.from_database(row["raised"])), responded_at=moment)
    return Entry(
        when=moment,
        strand=Strand.CONTACTS,
        title="Response to the concern",
        detail=row["summary"],
        who=_named(row, "responded_by"),
        url=link("contacts:pupil_contacts")(row["pupil"]),
        flag="" if concern.answered_in_time else "Late",
    )


def _responses(pupil: int, role: str) -> list[QuerySet]:
    return [Concern.objects.filter(contact__pupil=pupil, contact__raises_concern=True, responded_at__isnull=False)]


# Events and the lending library


def _came(pk: int, moment: datetime, row: dict) -> Entry:
    kind = Event(kind=row["kind"]).get_kind_display().lower()
    return Entry(
        when=moment,
        strand=Strand.EVENTS,
        title=f"{_named(row, 'parent')} came to {kind}: {row['topic']}",
        detail=row["venue"],
    )


def _lent(pk: int, moment: datetime, row: dict) -> Entry:
    return Entry(
        when=moment,
        strand=Strand.LIBRARY,
        title=f"Borrowed: {row['item']}",
        detail=f"Lent to {_named(row, 'parent')}, due back {when.date(row['due'], short=True)}",
    )


def _returned(pk: int, moment: datetime, row: dict) -> Entry:
    return Entry(when=moment, strand=Strand.LIBRARY, title=f"Returned: {row['item']}")


SOURCES = (
    Source(
        "meeting",
        Strand.MEETINGS,
        lambda pupil, role: [Meeting.objects.filter(pupil=pupil)],
        "starts_at",
        {"type": "meeting_type", "status": "status", "place": "place", **_person("led_by")},
        _meeting,
    ),
    Source(
        "finalised",
        Strand.MEETINGS,
        _versions,
        "finalised_at",
        {**_RECORD, "amended": "amendment_reason", **_person("finalised_by")},
        _finalised,
    ),
    Source(
        "shared",
        Strand.MEETINGS,
        lambda pupil, role: [way.filter(shared_at__isnull=False) for way in _versions(pupil, role)],
        "shared_at",
        {**_RECORD, **_person("shared_by")},
        _shared,
    ),
    Source(
        "reply",
        Strand.MEETINGS,
        lambda pupil, role: replies_about(pupil),
        Coalesce("changed_at", "answered_at"),
        {
            "answer": "answer",
            "review_day": "review_day_id",
            "day": "review_day__date",
            "meeting": "meeting_id",
            "meeting_starts": "meeting__starts_at",
            "suits": "suits_times",
            "note": "note",
            "changed": "changed_at",
            **_person("parent", with_title=True),
        },
        _reply,
    ),
    Source(
        "message",
        Strand.MESSAGES,
        _messages_about,
        "sent_at",
        {"kind": "kind", "channel": "channel", "subject": "subject", "recipient_name": "recipient_name"},
        _message,
    ),
    Source(
        "contact",
        Strand.CONTACTS,
        lambda pupil, role: [Contact.objects.filter(pupil=pupil)],
        "happened_at",
        {
            "pupil": "pupil_id",
            "channel": "channel",
            "direction": "direction",
            "summary": "summary",
            "positive": "is_positive_news",
            "raises_concern": "raises_concern",
            "due": "concern__due_at",
            "responded": "concern__responded_at",
            **_person("parent", with_title=True),
            **_person("recorded_by"),
            **{name: f"concern__{path}" for name, path in _person("assigned_to").items()},
        },
        _contact,
    ),
    Source(
        "response",
        Strand.CONTACTS,
        _responses,
        "responded_at",
        {"pupil": "contact__pupil_id", "summary": "response_summary", "raised": "contact__happened_at"}
        | _person("responded_by"),
        _response,
    ),
    Source(
        "came",
        Strand.EVENTS,
        lambda pupil, role: [attended_events([pupil])],
        "event__starts_at",
        {"kind": "event__kind", "topic": "event__topic", "venue": "event__venue", **_person("parent", True)},
        _came,
    ),
    Source(
        "lent",
        Strand.LIBRARY,
        lambda pupil, role: [loans_for([pupil])],
        "lent_on",
        {"item": "copy__item__title", "due": "due_back_on", **_person("parent", with_title=True)},
        _lent,
        on_a_day=True,
    ),
    Source(
        "returned",
        Strand.LIBRARY,
        lambda pupil, role: [loans_for([pupil]).filter(returned_on__isnull=False)],
        "returned_on",
        {"item": "copy__item__title"},
        _returned,
        on_a_day=True,
    ),
)


# The register


def _history(pupil: int, role: str) -> list[QuerySet]:
    return [Pupil.history.filter(id=pupil)]


HISTORY = Source(
    "history",
    Strand.REGISTER,
    _history,
    "history_date",
    {
        "status": "sen_status",
        "removed": "removed_from_register_on",
        "reason": "removal_reason",
        "by": "history_user_id",
        **_person("history_user"),
    },
    whole=True,
)


def register_entries(history: list[tuple[datetime, int, dict]]) -> list[Entry]:
    """Joining and leaving the register and each change of SEN status, from the pupil's change history: (when,
    history id, fields) in the order the changes were made."""
    statuses = dict(SenStatus.choices)
    entries = []
    previous = None
    for moment, _, row in history:
        who = _named(row, "history_user") if row["by"] else "System or import"
        said = []
        if previous is None:
            said.append((f"Added to the SEND register: {statuses.get(row['status'], row['status'])}", ""))
        else:
            if row["status"] != previous["status"]:
                said.append((f"SEN status: {statuses.get(previous['status'])} → {statuses.get(row['status'])}", ""))
            if row["removed"] and not previous["removed"]:
                said.append(("Removed from the SEND register", row["reason"]))
            elif previous["removed"] and not row["removed"]:
                said.append(("Back on the SEND register", ""))
        entries += [Entry(moment, Strand.REGISTER, title, detail, who) for title, detail in said]
        previous = row
    return entries
