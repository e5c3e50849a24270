"""Event messages through the generic sender: what parents read, and what is no longer sent."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Guest
from events.notices import EventMessageKind, cancel, event_message_still_needed, plan_invitations, replan
from events.tests.factories import EventFactory
from notices.models import Message, MessageStatus
from notices.sending import deliver
from notices.timing import reminder_due_at
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory
from school.models import ClosureDay, School, TermDates

pytestmark = pytest.mark.django_db


@pytest.fixture
def mum(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    school = School.load()
    school.name, school.phone, school.email = "Greenfield Primary", "01632 960000", "office@greenfield.example"
    school.save()
    child = PupilFactory(legal_first_name="Oliver", legal_last_name="Okafor")
    parent = ParentCarerFactory(title="Mrs", first_name="Grace", last_name="Okafor", email="grace@home.example")
    PupilParentFactory(pupil=child, parent=parent)
    return parent


@pytest.fixture
def event(senco):
    return EventFactory(
        topic="Understanding autism at home",
        venue="The Willow Room",
        creche_offered=True,
        notes="Tea, coffee and biscuits provided.",
        created_by=senco,
        starts_at=timezone.make_aware(datetime.datetime(2026, 12, 10, 9, 15)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 12, 10, 10, 45)),
    )


NOW = timezone.make_aware(datetime.datetime(2026, 11, 25, 8, 0))


def invitation(event) -> Message:
    return Message.objects.get(event=event, kind=EventMessageKind.INVITATION, status=MessageStatus.PLANNED)


def test_invitation_email_names_the_event_date_time_venue_and_creche(event, mum):
    plan_invitations(event, now=NOW)
    assert deliver(invitation(event).pk, now=NOW) == MessageStatus.SENT
    [email] = mail.outbox
    assert email.to == ["Mrs Grace Okafor <grace@home.example>"]
    assert email.subject == "You are invited: Coffee morning, Thursday 10 December 2026 at 9:15am"
    text = email.body
    assert "Dear Mrs Okafor," in text
    assert "invite you to our coffee morning" in text
    assert "parent or carer of Oliver" in text
    assert "Understanding autism at home" in text
    assert "Thursday 10 December 2026, from 9:15am to 10:45am" in text
    assert "The Willow Room" in text
    assert "free creche for younger children" in text
    assert "Tea, coffee and biscuits provided." in text
    assert "01632 960000" in text
    assert "Sam Senco" in text and "Greenfield Primary" in text
    html = email.alternatives[0][0]
    assert "The Willow Room" in html and "font-size:14pt" in html


def test_without_a_creche_the_invitation_offers_help_with_childcare(event, mum):
    event.creche_offered = False
    event.save()
    plan_invitations(event, now=NOW)
    deliver(invitation(event).pk, now=NOW)
    assert "free creche" not in mail.outbox[0].body
    assert "We will try to help" in mail.outbox[0].body


def test_reminder_on_the_school_day_before_says_tomorrow(event, mum):
    plan_invitations(event, now=NOW)
    reminder = Message.objects.get(event=event, kind=EventMessageKind.REMINDER)
    assert deliver(reminder.pk, now=reminder.due_at) == MessageStatus.SENT
    assert mail.outbox[0].subject == "Reminder: Coffee morning tomorrow at 9:15am"
    assert "The Willow Room" in mail.outbox[0].body


def test_the_same_invitation_is_never_sent_twice(event, mum):
    plan_invitations(event, now=NOW)
    pk = invitation(event).pk
    assert deliver(pk, now=NOW) == MessageStatus.SENT
    assert deliver(pk, now=NOW) == "not claimed"
    assert len(mail.outbox) == 1


def test_not_needed_once_cancelled(event, mum):
    plan_invitations(event, now=NOW)
    message = invitation(event)
    event.cancelled_at = NOW
    event.save()
    assert event_message_still_needed(message) is False


def test_not_needed_once_the_parent_is_no_longer_a_guest(event, mum):
    plan_invitations(event, now=NOW)
    message = invitation(event)
    assert event_message_still_needed(message) is True
    Guest.objects.filter(event=event).delete()
    assert event_message_still_needed(message) is False
    assert deliver(message.pk, now=NOW) == MessageStatus.CANCELLED
    assert mail.outbox == []


def test_a_reminder_for_the_old_time_is_not_needed(event, mum):
    plan_invitations(event, now=NOW)
    reminder = Message.objects.get(event=event, kind=EventMessageKind.REMINDER)
    event.starts_at += datetime.timedelta(minutes=30)
    event.ends_at += datetime.timedelta(minutes=30)
    event.save()
    assert event_message_still_needed(reminder) is False


def test_moving_the_event_sends_the_new_time_and_plans_the_reminder_for_it(event, mum):
    plan_invitations(event, now=NOW)
    deliver(invitation(event).pk, now=NOW)
    event.starts_at = timezone.make_aware(datetime.datetime(2026, 12, 15, 18, 0))
    event.ends_at = timezone.make_aware(datetime.datetime(2026, 12, 15, 19, 30))
    event.save()
    later = NOW + datetime.timedelta(hours=1)
    replan(event, now=later)

    reminders = Message.objects.filter(event=event, kind=EventMessageKind.REMINDER)
    assert {(r.status, r.due_at) for r in reminders} == {
        (MessageStatus.CANCELLED, reminder_due_at(datetime.datetime(2026, 12, 10, 9, 15, tzinfo=datetime.UTC))),
        (MessageStatus.PLANNED, reminder_due_at(event.starts_at)),
    }
    assert deliver(invitation(event).pk, now=later) == MessageStatus.SENT
    new_time = mail.outbox[1]
    assert new_time.subject == "New time: Coffee morning, now Tuesday 15 December 2026 at 6pm"
    assert "was planned for Thursday 10 December 2026 at 9:15am" in new_time.body
    assert "Tuesday 15 December 2026, from 6pm to 7:30pm" in new_time.body

    replan(event, now=later)  # nothing changed: nothing more planned
    assert Message.objects.filter(event=event, status=MessageStatus.PLANNED).count() == 1


def test_changing_the_venue_only_sends_nothing_new(event, mum):
    plan_invitations(event, now=NOW)
    deliver(invitation(event).pk, now=NOW)
    event.venue = "The hall"
    event.save()
    replan(event, now=NOW + datetime.timedelta(hours=1))
    assert list(Message.objects.filter(event=event, status=MessageStatus.PLANNED).values_list("kind", flat=True)) == [
        EventMessageKind.REMINDER
    ]


def test_cancelling_stops_what_is_planned_and_counts_parents_already_told(event, mum):
    other = ParentCarerFactory(first_name="Late")
    PupilParentFactory(pupil=PupilFactory(), parent=other)
    plan_invitations(event, now=NOW)
    deliver(Message.objects.get(event=event, parent=mum, kind=EventMessageKind.INVITATION).pk, now=NOW)
    assert cancel(event, now=NOW) == 1
    assert not Message.objects.filter(event=event, status=MessageStatus.PLANNED).exists()
    assert Message.objects.filter(event=event, status=MessageStatus.SENT).count() == 1
    assert event.cancelled_at == NOW


def test_the_senco_can_send_a_copy_of_a_sent_invitation(client, event, mum, senco):
    # A copy is about the same event: it used to lose the event and fail the database's check (a 500).
    plan_invitations(event, now=NOW)
    sent = invitation(event)
    deliver(sent.pk, now=NOW)
    sent.refresh_from_db()
    client.force_login(senco)

    response = client.post(reverse("notices:resend", args=[sent.pk]))

    assert response.status_code == 302
    copy = Message.objects.get(resend_of=sent)
    assert (copy.event, copy.parent, copy.kind, copy.body_text) == (event, mum, sent.kind, sent.body_text)
    mail.outbox.clear()
    assert deliver(copy.pk) == MessageStatus.SENT
    assert [email.subject for email in mail.outbox] == [sent.subject]


# The school's calendar


def test_an_inset_day_added_after_inviting_moves_the_reminder_and_leaves_the_invitation(
    event, mum, django_capture_on_commit_callbacks
):
    plan_invitations(event, now=NOW)
    deliver(invitation(event).pk, now=NOW)
    with (
        time_machine.travel(NOW + datetime.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ClosureDay.objects.create(date=datetime.date(2026, 12, 9), reason="INSET day")
    reminders = Message.objects.filter(event=event, kind=EventMessageKind.REMINDER)
    assert set(reminders.values_list("status", "due_at")) == {
        (MessageStatus.CANCELLED, timezone.make_aware(datetime.datetime(2026, 12, 9, 15, 30))),
        (MessageStatus.PLANNED, timezone.make_aware(datetime.datetime(2026, 12, 8, 15, 30))),  # Tuesday
    }
    assert Message.objects.get(event=event, kind=EventMessageKind.INVITATION).status == MessageStatus.SENT


def test_an_evening_event_on_the_first_day_back_is_reminded_that_morning(
    event, mum, django_capture_on_commit_callbacks
):
    event.starts_at = timezone.make_aware(datetime.datetime(2027, 1, 5, 18, 0))
    event.ends_at = timezone.make_aware(datetime.datetime(2027, 1, 5, 19, 30))
    event.save()
    plan_invitations(event, now=NOW)
    with (
        time_machine.travel(NOW + datetime.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        TermDates.objects.create(
            term="autumn", starts_on=datetime.date(2026, 9, 3), ends_on=datetime.date(2026, 12, 18)
        )
        TermDates.objects.create(term="spring", starts_on=datetime.date(2027, 1, 5), ends_on=datetime.date(2027, 3, 26))
        school = School.load()
        school.first_day_back_reminder_time = datetime.time(8, 0)
        school.save()
    reminder = Message.objects.get(event=event, kind=EventMessageKind.REMINDER, status=MessageStatus.PLANNED)
    assert reminder.due_at == timezone.make_aware(datetime.datetime(2027, 1, 5, 8, 0))
    assert deliver(reminder.pk, now=reminder.due_at) == MessageStatus.SENT
    assert mail.outbox[0].subject == "Reminder: Coffee morning today at 6pm"
    assert "for parents and carers today." in mail.outbox[0].body
