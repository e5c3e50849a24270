"""Who an event is for, and the invitations and reminders planned for them."""

import datetime

import pytest
from django.utils import timezone

from events.models import Audience, Guest
from events.notices import EventMessageKind, audience_pupils, plan_invitations, preview
from events.tests.factories import EventFactory
from notices.models import Channel, Message, MessageStatus
from notices.timing import reminder_due_at, reminder_expires_at
from pupils.models import AreaOfNeed, SenStatus
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory

pytestmark = pytest.mark.django_db


def family(first_name, *, parent_name="Parent", **pupil):
    """A pupil and one parent with parental responsibility."""
    child = PupilFactory(legal_first_name=first_name, **pupil)
    parent = ParentCarerFactory(first_name=parent_name, last_name=child.legal_last_name)
    PupilParentFactory(pupil=child, parent=parent)
    return child, parent


def invited_names(event) -> set[str]:
    return {guest.parent.first_name for guest in Guest.objects.filter(event=event, invited_at__isnull=False)}


def test_need_audience_matches_primary_or_secondary_need_and_nobody_else():
    primary, _ = family("Pria", parent_name="P", primary_need=AreaOfNeed.ASD)
    secondary, _ = family("Sami", parent_name="S", primary_need=AreaOfNeed.SLCN, secondary_need=AreaOfNeed.ASD)
    family("Other", parent_name="O", primary_need=AreaOfNeed.SPLD, secondary_need=AreaOfNeed.SEMH)
    event = EventFactory(audience=Audience.NEED, need=AreaOfNeed.ASD)
    assert set(audience_pupils(event)) == {primary, secondary}
    plan_invitations(event)
    assert invited_names(event) == {"P", "S"}


def test_pupils_off_the_register_or_only_monitored_are_not_in_a_group_audience():
    family("Current", parent_name="C")
    family("Left", parent_name="L", removed_from_register_on=datetime.date(2026, 1, 5), removal_reason="Moved school")
    family("Watched", parent_name="W", sen_status=SenStatus.MONITORING, primary_need="")
    family("Ehcp", parent_name="E", sen_status=SenStatus.EHC_PLAN)
    event = EventFactory(audience=Audience.ALL_SEND)
    plan_invitations(event)
    assert invited_names(event) == {"C", "E"}


def test_year_group_audience_takes_only_that_year():
    family("Five", parent_name="Y5", year_group=5)
    family("Six", parent_name="Y6", year_group=6)
    event = EventFactory(audience=Audience.YEAR_GROUP, year_group=6)
    plan_invitations(event)
    assert invited_names(event) == {"Y6"}


def test_chosen_audience_takes_the_chosen_children_still_on_the_register():
    chosen, _ = family("Chosen", parent_name="Ch", sen_status=SenStatus.MONITORING, primary_need="")
    left, _ = family("Gone", parent_name="G", removed_from_register_on=datetime.date(2026, 1, 5), removal_reason="Left")
    family("Not", parent_name="N")
    event = EventFactory(audience=Audience.CHOSEN, chosen_pupils=[chosen, left])
    plan_invitations(event)
    assert invited_names(event) == {"Ch"}


def test_only_parents_with_parental_responsibility_are_invited():
    child, mum = family("Kid", parent_name="Mum")
    PupilParentFactory(pupil=child, parent=ParentCarerFactory(first_name="Worker"), has_parental_responsibility=False)
    event = EventFactory()
    plan_invitations(event)
    assert invited_names(event) == {"Mum"}


def test_parents_of_a_young_person_past_school_age_are_invited_only_with_their_agreement():
    family("Adult", parent_name="NotAsked", date_of_birth=datetime.date(2005, 1, 1), year_group=14)
    family(
        "Agreed",
        parent_name="Asked",
        date_of_birth=datetime.date(2005, 1, 1),
        year_group=14,
        parents_may_see_record_agreed_at=timezone.now(),
    )
    event = EventFactory()
    plan_invitations(event)
    assert invited_names(event) == {"Asked"}


def test_a_parent_of_two_children_gets_one_guest_row_naming_both():
    older, mum = family("Older", parent_name="Mum", primary_need=AreaOfNeed.ASD)
    younger = PupilFactory(legal_first_name="Younger", primary_need=AreaOfNeed.SLCN, secondary_need=AreaOfNeed.ASD)
    PupilParentFactory(pupil=younger, parent=mum)
    event = EventFactory(audience=Audience.NEED, need=AreaOfNeed.ASD)
    assert plan_invitations(event) == 1
    guest = Guest.objects.get(event=event)
    assert set(guest.children.all()) == {older, younger}
    assert Message.objects.filter(event=event, kind=EventMessageKind.INVITATION).count() == 1


def test_invitation_due_now_until_the_start_and_reminder_the_school_day_before():
    _, mum = family("Kid", parent_name="Mum")
    event = EventFactory()
    now = timezone.now()
    plan_invitations(event, now=now)
    invitation = Message.objects.get(event=event, kind=EventMessageKind.INVITATION)
    assert (invitation.parent, invitation.due_at, invitation.next_attempt_at) == (mum, now, now)
    assert invitation.expires_at == invitation.for_starts_at == event.starts_at
    assert invitation.channel == Channel.EMAIL and invitation.status == MessageStatus.PLANNED
    reminder = Message.objects.get(event=event, kind=EventMessageKind.REMINDER)
    assert reminder.due_at == reminder_due_at(event.starts_at)
    assert reminder.expires_at == reminder_expires_at(event.starts_at)
    assert timezone.localtime(reminder.due_at).date() < timezone.localtime(event.starts_at).date()


def test_a_parent_who_prefers_letters_gets_the_invitation_as_a_letter_and_no_late_reminder():
    _, mum = family("Kid", parent_name="Mum")
    mum.preferred_contact_method = "letter"
    mum.save()
    event = EventFactory()
    plan_invitations(event)
    # The invitation only: a reminder letter would arrive after the event.
    assert [(m.kind, m.channel) for m in Message.objects.filter(event=event)] == [
        (EventMessageKind.INVITATION, Channel.LETTER)
    ]


def test_no_reminder_when_its_moment_has_passed():
    family("Kid", parent_name="Mum")
    starts = timezone.now() + datetime.timedelta(hours=2)
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    plan_invitations(event)
    assert [m.kind for m in Message.objects.filter(event=event)] == [EventMessageKind.INVITATION]


def test_inviting_again_only_adds_new_families_and_children():
    first, mum = family("First", parent_name="Mum")
    event = EventFactory()
    assert plan_invitations(event) == 1
    assert plan_invitations(event) == 0
    assert Message.objects.filter(event=event).count() == 2  # one invitation and one reminder

    sibling = PupilFactory(legal_first_name="Sibling")
    PupilParentFactory(pupil=sibling, parent=mum)
    family("Newcomer", parent_name="Dad")
    assert plan_invitations(event) == 1
    assert invited_names(event) == {"Mum", "Dad"}
    assert set(Guest.objects.get(event=event, parent=mum).children.all()) == {first, sibling}
    assert Message.objects.filter(event=event, parent=mum).count() == 2
    assert Message.objects.filter(event=event).count() == 4


def test_preview_counts_families_parents_and_those_still_to_invite():
    child, mum = family("Kid", parent_name="Mum")
    PupilParentFactory(pupil=child, parent=ParentCarerFactory(first_name="Dad"))
    event = EventFactory()
    assert preview(event) == (1, 2, 2)
    plan_invitations(event)
    family("Another", parent_name="Gran")
    assert preview(event) == (2, 3, 1)


def test_no_invitations_for_a_cancelled_event_or_one_that_has_begun():
    family("Kid", parent_name="Mum")
    cancelled = EventFactory(cancelled_at=timezone.now())
    begun = EventFactory(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    assert plan_invitations(cancelled) == 0
    assert plan_invitations(begun) == 0
    assert not Message.objects.exists()
    assert not Guest.objects.exists()
