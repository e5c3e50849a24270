"""Meetings, the people invited, action points and records, for any test that needs them.

A plain MeetingFactory() is an SEN support review three weeks from today at 15:30, proposed, led by a new
SENCO, with the invitation sent three weeks before (so never short notice). Pass `starts_at` to place it;
`invited_on` follows. Traits: `confirmed`, `held` (a week ago), `cancelled`, `rearranged`.
"""

import datetime

import factory
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from meetings.models import (
    ActionOwner,
    ActionPoint,
    ActionStatus,
    Invitee,
    InviteeKind,
    Meeting,
    MeetingRecord,
    MeetingStatus,
    MeetingType,
    RecordStatus,
    RecordVersion,
)
from pupils.tests.factories import ParentCarerFactory, PupilFactory


def local_datetime(day: datetime.date, hour: int = 15, minute: int = 30) -> datetime.datetime:
    """An aware datetime at a wall-clock time in the school's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def days_from_today(days: int, hour: int = 15, minute: int = 30) -> datetime.datetime:
    return local_datetime(timezone.localdate() + datetime.timedelta(days=days), hour, minute)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    pupil = factory.SubFactory(PupilFactory)
    meeting_type = MeetingType.SEN_REVIEW
    starts_at = factory.LazyFunction(lambda: days_from_today(21))
    duration_minutes = 45
    place = "SENCO office (room 12)"
    purpose = "To look at how reading is going, agree new targets and plan the support for next term."
    led_by = factory.SubFactory(UserFactory, role=Role.SENCO)
    invited_on = factory.LazyAttribute(lambda o: timezone.localtime(o.starts_at).date() - datetime.timedelta(days=21))
    status = MeetingStatus.PROPOSED
    created_by = factory.SelfAttribute("led_by")

    class Params:
        confirmed = factory.Trait(status=MeetingStatus.CONFIRMED)
        held = factory.Trait(status=MeetingStatus.HELD, starts_at=factory.LazyFunction(lambda: days_from_today(-7)))
        cancelled = factory.Trait(
            status=MeetingStatus.CANCELLED, cancellation_reason="The family asked to meet another week."
        )
        rearranged = factory.Trait(
            status=MeetingStatus.REARRANGED,
            rearranged_to=factory.SubFactory(
                "meetings.tests.factories.MeetingFactory",
                pupil=factory.SelfAttribute("..pupil"),
                led_by=factory.SelfAttribute("..led_by"),
                starts_at=factory.LazyAttribute(lambda o: o.factory_parent.starts_at + datetime.timedelta(days=7)),
            ),
            calendar_uid=factory.SelfAttribute("rearranged_to.calendar_uid"),  # one event, as scheduling.rearrange
        )


class InviteeFactory(factory.django.DjangoModelFactory):
    """A member of staff by default; `InviteeFactory(as_parent=True)` invites a parent or carer."""

    class Meta:
        model = Invitee

    meeting = factory.SubFactory(MeetingFactory)
    kind = InviteeKind.STAFF
    user = factory.SubFactory(UserFactory, role=Role.STAFF, job_title="Class teacher")
    role = "Class teacher"

    class Params:
        as_parent = factory.Trait(
            kind=InviteeKind.PARENT, user=None, parent=factory.SubFactory(ParentCarerFactory), role="Mother"
        )


class ActionPointFactory(factory.django.DjangoModelFactory):
    """A school action for a named member of staff, due four weeks after the meeting.

    `for_parent=True` makes it the parents' action; `for_pupil=True` the pupil's.
    """

    class Meta:
        model = ActionPoint

    meeting = factory.SubFactory(MeetingFactory, held=True)
    description = "Send home the list of 30 sight words to practise."
    owner = ActionOwner.SCHOOL
    owner_staff = factory.SubFactory(UserFactory, role=Role.STAFF)
    due_on = factory.LazyAttribute(lambda o: o.meeting.meeting_date + datetime.timedelta(days=28))
    status = ActionStatus.OPEN

    class Params:
        for_parent = factory.Trait(
            owner=ActionOwner.PARENT,
            owner_staff=None,
            owner_parent=factory.SubFactory(ParentCarerFactory),
            description="Read together for ten minutes each night.",
        )
        for_pupil = factory.Trait(
            owner=ActionOwner.PUPIL, owner_staff=None, description="Use the word mat in every writing lesson."
        )


class MeetingRecordFactory(factory.django.DjangoModelFactory):
    """A draft record of a meeting held a week ago, with every stage written."""

    class Meta:
        model = MeetingRecord

    meeting = factory.SubFactory(MeetingFactory, held=True)
    parent_views = "Reading at home is a battle; she says the words 'jump about'."
    pupil_views = "I like reading with Mrs Patel."
    staff_views = "Knows 18 of the 30 sight words; loses her place on busy pages."
    main_issue = "Reading fluency, and confidence reading aloud."
    support_agreed = "Precision teaching three times a week; a coloured overlay to try."
    summary = "We agreed two new targets and will meet again next term."
    status = RecordStatus.DRAFT


class RecordVersionFactory(factory.django.DjangoModelFactory):
    """A finalised copy of a record, not yet shared; `shared=True` marks it given to the parents."""

    class Meta:
        model = RecordVersion
        skip_postgeneration_save = True

    record = factory.SubFactory(MeetingRecordFactory, status=RecordStatus.FINALISED)
    number = 1
    content = factory.LazyAttribute(lambda o: {"summary": o.record.summary})
    finalised_by = factory.SelfAttribute("record.meeting.led_by")

    class Params:
        shared = factory.Trait(
            shared_at=factory.LazyFunction(timezone.now), shared_by=factory.SelfAttribute("finalised_by")
        )

    @factory.post_generation
    def note_shared(version, create, extracted, **kwargs):
        if create and version.shared_at:
            Meeting.objects.filter(pk=version.record.meeting_id).note_record_shared()


def weekday_from_today(days: int, hour: int = 15, minute: int = 30) -> datetime.datetime:
    """`days` ahead, moved on to the Monday if that falls at a weekend (school is closed)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return local_datetime(day, hour, minute)
