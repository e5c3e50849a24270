"""One chronological timeline per pupil: meetings, the family's replies to them, and records, messages sent, contacts
and concerns, events the family came to, loans from the lending library, and changes of SEN status and of the register.

Each source is read with one query (plus, for events, one prefetch), so the page costs the same number of queries
however long the pupil's history is: `tests/test_timeline.py` proves it.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from common import when
from contacts.models import Contact
from events.models import Guest
from events.timeline import attended_events
from library.timeline import loans_for
from meetings.models import Meeting, RecordVersion
from notices.models import Message, MessageStatus
from pupils.models import ParentCarer, Pupil, SenStatus
from replies.summaries import about_pupil as replies_about


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


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def pupil_timeline(pupil: Pupil, user, strand: str | None = None) -> list[Entry]:
    """Everything about the pupil and their family, newest first. `user` decides which messages are shown."""
    sources = {
        Strand.MEETINGS: _meetings,
        Strand.MESSAGES: _messages,
        Strand.CONTACTS: _contacts,
        Strand.EVENTS: _events,
        Strand.LIBRARY: _loans,
        Strand.REGISTER: _register,
    }
    entries: list[Entry] = []
    for name, source in sources.items():
        if strand in (None, name):
            entries.extend(source(pupil, user))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _meetings(pupil: Pupil, user) -> list[Entry]:
    entries = []
    for meeting in Meeting.objects.filter(pupil=pupil).select_related("led_by"):
        entries.append(
            Entry(
                when=meeting.starts_at,
                strand=Strand.MEETINGS,
                title=f"{meeting.get_meeting_type_display()} ({meeting.get_status_display().lower()})",
                detail=meeting.place,
                who=f"Led by {meeting.led_by.get_full_name()}",
                url=reverse("meetings:detail", args=[meeting.pk]),
            )
        )
    versions = RecordVersion.objects.filter(record__meeting__pupil=pupil).select_related(
        "record__meeting", "finalised_by", "shared_by"
    )
    for version in versions:
        meeting = version.record.meeting
        url = reverse("meetings:record", args=[meeting.pk])
        about = f"{meeting.get_meeting_type_display()} on {when.date(meeting.starts_at, short=True)}"
        entries.append(
            Entry(
                when=version.finalised_at,
                strand=Strand.MEETINGS,
                title=f"Record finalised (version {version.number})",
                detail=about + (f". Amended: {version.amendment_reason}" if version.amendment_reason else ""),
                who=version.finalised_by.get_full_name(),
                url=url,
            )
        )
        if version.shared_at:
            entries.append(
                Entry(
                    when=version.shared_at,
                    strand=Strand.MEETINGS,
                    title=f"Record shared with the family (version {version.number})",
                    detail=about,
                    who=version.shared_by.get_full_name() if version.shared_by else "",
                    url=url,
                )
            )
    return entries + _replies(pupil)


def _replies(pupil: Pupil) -> list[Entry]:
    """What the family said through the link in their notices: as it stands now (the reply's history keeps the
    earlier answers)."""
    entries = []
    for reply in replies_about(pupil):
        if reply.meeting_id:
            about = f"the meeting on {when.date(reply.meeting.starts_at, short=True)}"
            url = reverse("meetings:detail", args=[reply.meeting_id])
        else:
            about = f"the invitation to the review day on {when.date(reply.review_day.date, short=True)}"
            url = ""  # the day's list is the office's page; the reply is all here
        said = [f"Days and times that suit: {reply.suits_times}" if reply.suits_times else "", reply.note]
        entries.append(
            Entry(
                when=reply.last_said_at,
                strand=Strand.MEETINGS,
                title=f"Reply to {about}: {reply.in_words}",
                detail=". ".join(part for part in said if part),
                who=reply.parent.full_name + (" (changed their reply)" if reply.changed_at else ""),
                url=url,
                flag="Family's reply",
            )
        )
    return entries


def _messages(pupil: Pupil, user) -> list[Entry]:
    # Five ways a message can be about the pupil, each an indexed look-up, joined by UNION: one OR across the five
    # joins would make the database read every message the school ever sent. (`.order_by()`: no sorting inside.)
    family = ParentCarer.objects.filter(pupil_links__pupil=pupil)
    about_pupil = (
        Message.objects.filter(meeting__pupil=pupil)
        .order_by()
        .values("pk")
        .union(
            Message.objects.filter(review_day__invitations__pupil=pupil, parent__in=family).order_by().values("pk"),
            Message.objects.filter(
                Exists(Guest.objects.filter(event=OuterRef("event"), parent=OuterRef("parent"), children=pupil)),
                event__isnull=False,
                parent__in=family,
            )
            .order_by()
            .values("pk"),
            Message.objects.filter(loan__pupil=pupil).order_by().values("pk"),
            Message.objects.filter(sen_letter__pupil=pupil).order_by().values("pk"),
        )
    )
    sent = (
        Message.objects.visible_to(user)
        # The ids first, as a list: the planner cannot tell how few rows a UNION gives, and would join every
        # message before narrowing them down.
        .filter(pk__in=[row["pk"] for row in about_pupil], status=MessageStatus.SENT)
        .select_related("meeting", "review_day", "event", "loan__copy__item", "sen_letter__pupil", "parent", "staff")
    )
    return [
        Entry(
            when=message.sent_at,
            strand=Strand.MESSAGES,
            title=f"{message.get_kind_display()} sent to {message.recipient_name or message.recipient}",
            detail=f"{message.get_channel_display()}: {message.subject}" if message.subject else message.about,
            url=reverse("notices:detail", args=[message.pk]),
        )
        for message in sent
    ]


def _contacts(pupil: Pupil, user) -> list[Entry]:
    url = reverse("contacts:pupil_contacts", args=[pupil.pk])
    entries = []
    contacts = Contact.objects.filter(pupil=pupil).select_related(
        "parent", "recorded_by", "concern__assigned_to", "concern__responded_by"
    )
    for contact in contacts:
        concern = getattr(contact, "concern", None) if contact.raises_concern else None
        flag = "Concern raised" if concern else ("Positive news" if contact.is_positive_news else "")
        with_whom = f" ({contact.parent.full_name})" if contact.parent else ""
        entries.append(
            Entry(
                when=contact.happened_at,
                strand=Strand.CONTACTS,
                title=f"{contact.get_channel_display()}, {contact.get_direction_display().lower()}{with_whom}",
                detail=contact.summary,
                who=f"Logged by {contact.recorded_by.get_full_name()}" + _still_open(concern),
                url=url,
                flag=flag,
            )
        )
        if concern and concern.responded_at:
            entries.append(
                Entry(
                    when=concern.responded_at,
                    strand=Strand.CONTACTS,
                    title="Response to the concern",
                    detail=concern.response_summary,
                    who=concern.responded_by.get_full_name(),
                    url=url,
                    flag="" if concern.answered_in_time else "Late",
                )
            )
    return entries


def _still_open(concern) -> str:
    if concern is None or concern.responded_at:
        return ""
    late = "overdue, was due" if concern.is_overdue() else "response due"
    return f" · {late} {concern.due_in_words} ({concern.assigned_to.get_full_name()})"


def _events(pupil: Pupil, user) -> list[Entry]:
    return [
        Entry(
            when=guest.event.starts_at,
            strand=Strand.EVENTS,
            title=f"{guest.parent.full_name} came to {guest.event.get_kind_display().lower()}: {guest.event.topic}",
            detail=guest.event.venue,
        )
        for guest in attended_events([pupil.pk])
    ]


def _loans(pupil: Pupil, user) -> list[Entry]:
    entries = []
    for loan in loans_for([pupil.pk]):
        item = loan.copy.item.title
        entries.append(
            Entry(
                when=_start_of(loan.lent_on),
                strand=Strand.LIBRARY,
                title=f"Borrowed: {item}",
                detail=f"Lent to {loan.parent.full_name}, due back {when.date(loan.due_back_on, short=True)}",
            )
        )
        if loan.returned_on:
            entries.append(Entry(when=_start_of(loan.returned_on), strand=Strand.LIBRARY, title=f"Returned: {item}"))
    return entries


def _register(pupil: Pupil, user) -> list[Entry]:
    """Joining and leaving the register and each change of SEN status, from the pupil's change history."""
    statuses = dict(SenStatus.choices)
    entries = []
    previous = None
    for row in Pupil.history.filter(id=pupil.pk).select_related("history_user").order_by("history_date", "history_id"):
        who = row.history_user.get_full_name() if row.history_user else "System or import"
        if previous is None:
            entries.append(
                Entry(
                    when=row.history_date,
                    strand=Strand.REGISTER,
                    title=f"Added to the SEND register: {statuses.get(row.sen_status, row.sen_status)}",
                    who=who,
                )
            )
        else:
            if row.sen_status != previous.sen_status:
                entries.append(
                    Entry(
                        when=row.history_date,
                        strand=Strand.REGISTER,
                        title=f"SEN status: {statuses.get(previous.sen_status)} → {statuses.get(row.sen_status)}",
                        who=who,
                    )
                )
            if row.removed_from_register_on and not previous.removed_from_register_on:
                entries.append(
                    Entry(
                        when=row.history_date,
                        strand=Strand.REGISTER,
                        title="Removed from the SEND register",
                        detail=row.removal_reason,
                        who=who,
                    )
                )
            elif previous.removed_from_register_on and not row.removed_from_register_on:
                entries.append(
                    Entry(when=row.history_date, strand=Strand.REGISTER, title="Back on the SEND register", who=who)
                )
        previous = row
    return entries
