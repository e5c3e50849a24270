"""Day-before reminders by each parent's channel: an email, or a call on the office's call list; never a letter,
which would arrive after the meeting. One reminder each, by one channel, unless the school says otherwise."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from meetings.models import Invitee, InviteeKind
from meetings.notice_planning import plan_meeting
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import MeetingFactory
from notices.channels import reminder_channels
from notices.models import Channel, Message, MessageStatus
from notices.sending import deliver, scan
from pupils.models import ContactMethod
from pupils.tests.factories import ParentCarerFactory
from school.models import LetterFamilyReminder, School

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
REMINDERS = (MeetingMessageKind.REMINDER, MeetingMessageKind.PHONE_REMINDER)


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def run_until(moment: datetime.datetime) -> None:
    with time_machine.travel(moment, tick=False):
        for pk in scan():
            deliver(pk)


def school_setting(**values) -> None:
    school = School.load()
    for name, value in values.items():
        setattr(school, name, value)
    school.save()


def emailing(**fields):
    return ParentCarerFactory(**{"first_name": "Emma", "last_name": "Email"} | fields)


def phoning(**fields):
    pat = {"first_name": "Pat", "last_name": "Phone", "preferred_contact_method": ContactMethod.PHONE}
    return ParentCarerFactory(**pat | {"mobile_phone": "07700 900456", "best_times_to_contact": "after 3pm"} | fields)


def by_letter(**fields):
    lou = {"first_name": "Lou", "last_name": "Letter", "email": "", "address": "1 High Street\nTown"}
    return ParentCarerFactory(**lou | {"home_phone": "01632 960111"} | fields)


@pytest.fixture
def families(senco, pupil_a):
    """A review on Thursday 3 December 2026 at 3:45pm, booked on 12 November: three parents, one of each channel."""
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 3, 15, 45))
    parents = {"email": emailing(), "phone": phoning(), "letter": by_letter(mobile_phone="")}
    for parent in parents.values():
        Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=parent, role="Parent")
    with time_machine.travel(london(2026, 11, 12, 10, 0), tick=False):
        plan_meeting(meeting)
    return meeting, parents


def reminders_to(parent) -> list[tuple[str, str, datetime.datetime]]:
    rows = Message.objects.filter(parent=parent, kind__in=REMINDERS).exclude(status=MessageStatus.CANCELLED)
    return sorted((m.kind, m.channel, m.due_at) for m in rows)


def test_which_channel_reminds_each_parent():
    assert reminder_channels(emailing()) == [Channel.EMAIL]
    assert reminder_channels(emailing(preferred_contact_method=ContactMethod.TEXT)) == [Channel.EMAIL]
    assert reminder_channels(phoning()) == [Channel.PHONE]
    # Prefers a call but we have no number: an email instead; no email either: nothing (never a letter).
    assert reminder_channels(phoning(mobile_phone="")) == [Channel.EMAIL]
    assert reminder_channels(phoning(mobile_phone="", email="")) == []
    assert reminder_channels(by_letter()) == [Channel.PHONE]
    assert reminder_channels(emailing(preferred_contact_method=ContactMethod.LETTER)) == [Channel.PHONE]
    assert reminder_channels(by_letter(home_phone="", mobile_phone="")) == []


def test_a_school_that_relies_on_the_notice_does_not_ring_letter_families():
    school_setting(letter_families_reminded=LetterFamilyReminder.NOTICE)
    assert reminder_channels(by_letter()) == []
    assert reminder_channels(phoning()) == [Channel.PHONE]  # who prefers a call is still rung


def test_more_than_one_channel_only_when_the_school_says_so():
    school_setting(remind_by_more_than_one_channel=True)
    assert reminder_channels(phoning()) == [Channel.PHONE, Channel.EMAIL]
    assert reminder_channels(emailing()) == [Channel.EMAIL]
    assert reminder_channels(by_letter()) == [Channel.PHONE]  # no email address to add


def test_each_parent_is_reminded_once_by_their_own_channel_and_letters_are_never_queued(families):
    meeting, parents = families
    reminder_day = london(2026, 12, 2, 15, 30)
    assert reminders_to(parents["email"]) == [(MeetingMessageKind.REMINDER, Channel.EMAIL, reminder_day)]
    # The calls are on the office's list from 08:00 on the reminder's day, to be made during the day.
    call_time = london(2026, 12, 2, 8, 0)
    assert reminders_to(parents["phone"]) == [(MeetingMessageKind.PHONE_REMINDER, Channel.PHONE, call_time)]
    assert reminders_to(parents["letter"]) == [(MeetingMessageKind.PHONE_REMINDER, Channel.PHONE, call_time)]
    assert not Message.objects.filter(kind__in=REMINDERS, channel=Channel.LETTER).exists()

    run_until(london(2026, 11, 12, 10, 1))  # the notices: two emails, one letter to print
    assert sorted(m.to[0].split("<")[-1].rstrip(">") for m in mail.outbox) == sorted(
        [parents["email"].email, parents["phone"].email]
    )
    letter = Message.objects.get(parent=parents["letter"], kind=MeetingMessageKind.NOTICE)
    assert letter.channel == Channel.LETTER and letter.status == MessageStatus.SENT
    assert "We will ring you the day before to remind you." in letter.body_text

    run_until(london(2026, 12, 2, 8, 1))  # the calls go on the list; no email yet
    calls = Message.objects.filter(kind=MeetingMessageKind.PHONE_REMINDER, status=MessageStatus.SENT)
    assert sorted(calls.values_list("recipient_name", flat=True)) == ["Lou Letter", "Pat Phone"]
    assert calls.get(parent=parents["phone"]).recipient_address == "Mobile: 07700 900456"
    assert calls.get(parent=parents["letter"]).recipient_address == "Home: 01632 960111"
    assert len(mail.outbox) == 2
    run_until(london(2026, 12, 2, 15, 31))
    assert sorted(m.subject for m in mail.outbox[2:]) == [
        "Reminder: meeting about Amelia tomorrow at 3:45pm",  # to Emma
        "Your meeting tomorrow: Amelia Ashworth at 3:45pm",  # to the SENCO
    ]
    run_until(london(2026, 12, 2, 17, 0))
    assert len(mail.outbox) == 4  # nobody reminded twice
    for parent in parents.values():
        assert Message.objects.filter(parent=parent, kind__in=REMINDERS, status=MessageStatus.SENT).count() == 1


def test_the_call_says_what_to_say(families):
    meeting, parents = families
    run_until(london(2026, 12, 2, 8, 1))
    call = Message.objects.get(parent=parents["phone"], kind=MeetingMessageKind.PHONE_REMINDER)
    assert call.subject == "Ring Pat Phone: meeting about Amelia tomorrow at 3:45pm"
    assert "is that Pat Phone?" in call.body_text
    assert "the meeting about Amelia tomorrow, at 3:45pm, at SENCO office (room 12)" in call.body_text
    assert "If nobody answers, leave a short message" in call.body_text


def test_letter_families_not_rung_are_asked_to_write_the_date_down(senco, pupil_a):
    school_setting(letter_families_reminded=LetterFamilyReminder.NOTICE)
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 3, 15, 45))
    lou = by_letter()
    Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=lou, role="Parent")
    with time_machine.travel(london(2026, 11, 12, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 12, 3, 9, 0))
    assert reminders_to(lou) == []
    letter = Message.objects.get(parent=lou, kind=MeetingMessageKind.NOTICE)
    assert "Please write the date down now: we will not send a reminder before the meeting." in letter.body_text


def test_with_more_than_one_channel_a_parent_who_is_rung_is_emailed_too(senco, pupil_a):
    school_setting(remind_by_more_than_one_channel=True)
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 3, 15, 45))
    pat = phoning()
    Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=pat, role="Parent")
    with time_machine.travel(london(2026, 11, 12, 10, 0), tick=False):
        plan_meeting(meeting)
    assert [kind for kind, _, _ in reminders_to(pat)] == [
        MeetingMessageKind.PHONE_REMINDER,
        MeetingMessageKind.REMINDER,
    ]


def test_a_meeting_arranged_on_the_call_day_still_goes_on_todays_list(senco, pupil_a):
    meeting = MeetingFactory(
        pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 3, 15, 45), short_notice_reason="Family asked"
    )
    pat = phoning()
    Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=pat, role="Parent")
    with time_machine.travel(london(2026, 12, 2, 11, 0), tick=False):
        plan_meeting(meeting)
        plan_meeting(meeting)  # planning again keeps the one call
    assert reminders_to(pat) == [(MeetingMessageKind.PHONE_REMINDER, Channel.PHONE, london(2026, 12, 2, 11, 0))]


def test_a_parent_already_reminded_by_email_is_not_rung_when_their_preference_changes(families):
    meeting, parents = families
    run_until(london(2026, 12, 2, 15, 31))
    emma = parents["email"]
    emma.preferred_contact_method, emma.mobile_phone = ContactMethod.PHONE, "07700 900789"
    emma.save()
    with time_machine.travel(london(2026, 12, 2, 15, 40), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 12, 2, 16, 0))
    assert [kind for kind, _, _ in reminders_to(emma)] == [MeetingMessageKind.REMINDER]


def test_changing_the_letter_families_setting_plans_their_reminders_again(families, django_capture_on_commit_callbacks):
    meeting, parents = families
    with time_machine.travel(london(2026, 11, 20, 9, 0), tick=False), django_capture_on_commit_callbacks(execute=True):
        school_setting(letter_families_reminded=LetterFamilyReminder.NOTICE)
    assert reminders_to(parents["letter"]) == []
    assert len(reminders_to(parents["phone"])) == 1  # who prefers a call is still rung
