"""Who an event is for, and the invitations and reminders that go to them through the notices machinery.

`plan_invitations` is safe to call any number of times: guests are one per parent, and messages are keyed
(event, parent, kind, planned time). `replan` keeps planned messages in line with the event after it is changed or
cancelled; `plan_reminders_again` moves the reminders not yet sent when the school's calendar changes (connected in
`EventsConfig.ready()`). Sending is generic (`notices/sending.py`); the kinds registered here
(`register_message_kinds`) tell it what the messages say (`event_message_context`), whether each is still needed
(`event_message_still_needed`) and who may see them.
"""

from collections import defaultdict
from datetime import datetime
from typing import NamedTuple

from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.text import get_text_list

from common import when
from notices.channels import channel_choice
from notices.content import common_context
from notices.kinds import SEEN_BY_SCHOOL, MessageKind, MessageSubject, register, to_families_seen_by
from notices.models import Channel, Message, MessageStatus
from notices.timing import reminder_due_at, reminder_expires_at
from pupils.models import ParentCarer, Pupil, PupilParent, SenStatus
from school.models import School

from .models import Audience, Event, Guest


class EventMessageKind(models.TextChoices):
    INVITATION = "event_invitation", "Invitation to an event"
    REMINDER = "event_reminder", "Event reminder"


EVENT_KINDS = (EventMessageKind.INVITATION, EventMessageKind.REMINDER)


# Who is invited


def audience_pupils(event: Event) -> QuerySet[Pupil]:
    """The pupils whose families the event is for: on the register now (SEN support or an EHC plan, as for review
    days), matching the audience. Chosen families may include a pupil being monitored."""
    on_register = Pupil.objects.on_register()
    if event.audience == Audience.CHOSEN:
        return on_register.filter(pk__in=event.chosen_pupils.values("pk"))
    on_sen_register = on_register.filter(sen_status__in=(SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN))
    if event.audience == Audience.NEED:
        return on_sen_register.filter(Q(primary_need=event.need) | Q(secondary_need=event.need))
    if event.audience == Audience.YEAR_GROUP:
        return on_sen_register.filter(year_group=event.year_group)
    return on_sen_register


def invitable_links(event: Event) -> QuerySet[PupilParent]:
    """Parent-child links that bring an invitation: parents with parental responsibility, and (past compulsory school
    age) only where the young person agreed their parents may see their record, as in the portal."""
    pupils = audience_pupils(event).filter(pk__in=Pupil.objects.shown_to_parent().values("pk"))
    return PupilParent.objects.filter(pupil__in=pupils, has_parental_responsibility=True)


def children_by_parent(event: Event) -> dict[int, set[int]]:
    children = defaultdict(set)
    for parent_id, pupil_id in invitable_links(event).values_list("parent_id", "pupil_id"):
        children[parent_id].add(pupil_id)
    return dict(children)


class InvitationPreview(NamedTuple):
    families: int  # pupils whose parents would be invited
    parents: int
    new_parents: int  # not yet invited to this event


def preview(event: Event) -> InvitationPreview:
    wanted = children_by_parent(event)
    invited = set(Guest.objects.filter(event=event, invited_at__isnull=False).values_list("parent_id", flat=True))
    pupils = set().union(*wanted.values()) if wanted else set()
    return InvitationPreview(len(pupils), len(wanted), len(set(wanted) - invited))


@transaction.atomic
def plan_invitations(event: Event, now: datetime | None = None) -> int:
    """Invite the audience's parents: a guest row each (with the children that bring the invitation), an
    invitation due now and a reminder the school day before. Returns how many parents were newly invited."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled or event.has_begun(now):
        return 0
    newly_invited = 0
    for parent_id, pupil_ids in children_by_parent(event).items():
        guest, created = Guest.objects.get_or_create(event=event, parent_id=parent_id, defaults={"invited_at": now})
        if not created and guest.invited_at is None:
            guest.invited_at = now
            guest.save(update_fields=["invited_at"])
            created = True
        guest.children.add(*pupil_ids)
        newly_invited += created
        _invite(event, guest.parent, now)
    _plan_reminders(event, now)
    return newly_invited


@transaction.atomic
def replan(event: Event, now: datetime | None = None) -> None:
    """After the event is changed or cancelled: planned messages for another time (or for a cancelled event) are
    not needed; parents already invited get a fresh invitation naming the new time, and a reminder for it."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    planned = Message.objects.filter(event=event, status=MessageStatus.PLANNED)
    if event.is_cancelled:
        planned.update(status=MessageStatus.CANCELLED)
        return
    planned.exclude(for_starts_at=event.starts_at).update(status=MessageStatus.CANCELLED)
    if event.has_begun(now):
        return
    for guest in Guest.objects.filter(event=event, invited_at__isnull=False).select_related("parent"):
        _invite(event, guest.parent, now)
    _plan_reminders(event, now)


def plan_reminders_again(**kwargs) -> None:
    """The school's closure days, term dates or reminder times changed (`school.signals.calendar_changed`): the
    reminders of every event still to come move to their new time; those already sent stay as they were."""
    now = timezone.now()
    for pk in Event.objects.filter(cancelled_at__isnull=True, starts_at__gt=now).values_list("pk", flat=True):
        with transaction.atomic():
            _plan_reminders(Event.objects.select_for_update().get(pk=pk), now)


@transaction.atomic
def cancel(event: Event, now: datetime | None = None) -> int:
    """Cancel the event and every message still planned for it. Returns how many parents had already been sent an
    invitation (the SENCO lets them know)."""
    now = now or timezone.now()
    Event.objects.filter(pk=event.pk, cancelled_at__isnull=True).update(cancelled_at=now)
    event.refresh_from_db(fields=["cancelled_at"])
    replan(event, now)
    return (
        Message.objects.filter(event=event, kind=EventMessageKind.INVITATION, status=MessageStatus.SENT)
        .values("parent")
        .distinct()
        .count()
    )


def _invite(event: Event, parent: ParentCarer, now: datetime) -> None:
    """An invitation naming the event's time, due now, unless the parent has one for that time already."""
    starts = event.starts_at
    invitation_for_now = (
        Message.objects.filter(
            event=event, parent=parent, kind=EventMessageKind.INVITATION, for_starts_at=starts, resend_of=None
        )
        .exclude(status=MessageStatus.CANCELLED)
        .exists()
    )
    if not invitation_for_now:
        _ensure(event, parent, EventMessageKind.INVITATION, due_at=now, expires_at=starts)


def _plan_reminders(event: Event, now: datetime) -> None:
    """Each invited guest's reminder for the event's time, at `reminder_due_at` (the day before): one planned for
    another moment is cancelled; one sent or in the sender's hands stays, and no second one is planned. Call with
    the event locked."""
    starts = event.starts_at
    due = reminder_due_at(starts)
    reminders = Message.objects.filter(
        event=event, kind=EventMessageKind.REMINDER, for_starts_at=starts, resend_of=None
    )
    reminded = set(reminders.handed_to_sender(now).values_list("parent_id", flat=True))
    reminders.filter(status=MessageStatus.PLANNED, due_at__gt=now).exclude(due_at=due).update(
        status=MessageStatus.CANCELLED
    )
    if due <= now:
        return
    planned = set(reminders.filter(status=MessageStatus.PLANNED, due_at=due).values_list("parent_id", flat=True))
    guests = Guest.objects.filter(event=event, invited_at__isnull=False).exclude(parent__in=reminded | planned)
    expires = reminder_expires_at(starts)
    for guest in guests.select_related("parent"):
        if channel_choice(guest.parent) == Channel.LETTER:
            continue  # a letter posted the day before arrives too late: their invitation letter gives the date
        _ensure(event, guest.parent, EventMessageKind.REMINDER, due_at=due, expires_at=expires)


def _ensure(event: Event, parent: ParentCarer, kind: str, *, due_at: datetime, expires_at: datetime) -> None:
    """The message planned, once: a row with the same key cancelled earlier (the time changed back) is planned again."""
    message, created = Message.objects.get_or_create(
        event=event,
        parent=parent,
        kind=kind,
        due_at=due_at,
        resend_of=None,
        defaults={
            "channel": channel_choice(parent),
            "next_attempt_at": due_at,
            "expires_at": expires_at,
            "for_starts_at": event.starts_at,
        },
    )
    if not created and message.status == MessageStatus.CANCELLED:
        message.status = MessageStatus.PLANNED
        message.next_attempt_at, message.expires_at, message.for_starts_at = due_at, expires_at, event.starts_at
        message.channel = channel_choice(parent)
        message.save(update_fields=["status", "next_attempt_at", "expires_at", "for_starts_at", "channel"])


# Sending: asked by notices/sending.py and notices/content.py through the kinds registered below


def event_message_still_needed(message: Message) -> bool:
    """Not once the event is cancelled, the parent is no longer a guest, or the event moved to another time (a new
    invitation and reminder are planned for the new time)."""
    event = message.event
    if event.is_cancelled or event.starts_at != message.for_starts_at:
        return False
    return Guest.objects.filter(event=event, parent=message.parent_id).exists()


def event_message_still_needed_or_copy(message: Message) -> bool:
    """A copy sent by hand goes whatever."""
    return message.resend_of_id is not None or event_message_still_needed(message)


def previous_starts_at(message: Message) -> datetime | None:
    """The time this parent was last sent an invitation for, when the event has moved since; else None."""
    earlier = (
        Message.objects.filter(
            event=message.event_id,
            parent=message.parent_id,
            kind=EventMessageKind.INVITATION,
            status=MessageStatus.SENT,
        )
        .exclude(pk=message.pk)
        .exclude(for_starts_at=message.event.starts_at)
        .order_by("-sent_at")
        .first()
    )
    return earlier.for_starts_at if earlier else None


def event_message_context(message: Message) -> dict:
    event, school = message.event, School.load()
    guest = Guest.objects.filter(event=event, parent=message.parent_id).first()
    children = list(guest.children.order_by("date_of_birth", "pk")) if guest else []
    return common_context(message, event.created_by, school) | {
        "event": event,
        "children": children,
        "names": get_text_list([child.first_name for child in children] or ["your child"], "and"),
        "old_starts_at": previous_starts_at(message) if message.kind == EventMessageKind.INVITATION else None,
        "contact": {"name": "the school office", "phone": school.phone, "email": school.email},
    }


def event_message_about(message: Message) -> str:
    event = message.event
    return f"{event.get_kind_display()}: {event.topic}, {when.day_at(event.starts_at)}"


def about_pupils_events(pupil: Pupil) -> Q:
    """Invitations and reminders to the pupil's family, for events the pupil's invitation named."""
    return Q(event__guests__children=pupil, event__guests__parent=F("parent")) & Q(parent__pupil_links__pupil=pupil)


EVENT = MessageSubject(
    field="event",
    about=event_message_about,
    visible_to=to_families_seen_by,
    about_pupil=about_pupils_events,
    related=("event",),
)


def register_message_kinds() -> None:
    """Called from EventsConfig.ready()."""
    register(
        *(
            MessageKind(
                value=kind.value,
                label=kind.label,
                subject=EVENT,
                to_parent=True,
                seen_by=SEEN_BY_SCHOOL,
                templates=f"notices/{kind.value}",
                context=event_message_context,
                still_needed=event_message_still_needed_or_copy,
            )
            for kind in EventMessageKind
        )
    )
