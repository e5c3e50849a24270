"""The notice each family had of a meeting, counted from when they were actually told: an email when it was sent, a
letter when it was printed and two days for the post, a family told in person from the invitation date."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from meetings.models import Invitee, InviteeKind, Meeting
from meetings.notice_planning import plan_meeting
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import MeetingFactory
from notices.models import Channel, Message, MessageStatus
from notices.sending import deliver, scan
from pupils.tests.factories import ParentCarerFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def run_until(moment: datetime.datetime) -> None:
    with time_machine.travel(moment, tick=False):
        for pk in scan():
            deliver(pk)


def invite(meeting, **fields):
    parent = ParentCarerFactory(**fields)
    Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=parent, role="Parent")
    return parent


@pytest.fixture
def meeting(senco, pupil_a):
    """Thursday 3 December 2026 at 3:45pm; the invitation date on the form says 1 November (21+ days)."""
    return MeetingFactory(
        pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 3, 15, 45), invited_on=datetime.date(2026, 11, 1)
    )


def by_parent(meeting) -> dict[str, int]:
    return {family.parent.first_name: family.days for family in meeting.notice_given.families}


def afresh(meeting) -> Meeting:
    return Meeting.objects.get(pk=meeting.pk)


def test_the_notice_counts_from_the_email_not_the_invitation_date(meeting):
    invite(meeting, first_name="Emma")
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 23, 10, 1))
    meeting = afresh(meeting)
    assert by_parent(meeting) == {"Emma": 10}
    assert meeting.notice_days == 10 and meeting.is_short_notice


def test_a_letter_counts_from_two_days_after_it_was_printed(meeting):
    invite(meeting, first_name="Lou", email="", address="1 High Street")
    with time_machine.travel(london(2026, 11, 12, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 12, 10, 1))
    with time_machine.travel(london(2026, 11, 16, 9, 0), tick=False):
        meeting = afresh(meeting)
        assert by_parent(meeting) == {"Lou": 15}  # not printed yet: the best it can be, from 18 November
        letter = Message.objects.get(channel=Channel.LETTER)
        Message.objects.filter(pk=letter.pk).update(printed_at=london(2026, 11, 17, 9, 0))
        meeting = afresh(meeting)
        [lou] = meeting.notice_given.families
    assert (lou.told_on, lou.days) == (datetime.date(2026, 11, 19), 14)
    assert not meeting.is_short_notice


def test_each_family_counts_from_when_it_was_told_and_the_meeting_from_the_last(meeting):
    invite(meeting, first_name="Emma")
    with time_machine.travel(london(2026, 11, 12, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 12, 10, 1))
    invite(meeting, first_name="Dan")  # added later: his notice goes when he is added
    with time_machine.travel(london(2026, 11, 24, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 24, 10, 1))
    meeting = afresh(meeting)
    assert by_parent(meeting) == {"Emma": 21, "Dan": 9}
    assert meeting.notice_days == 9 and meeting.is_short_notice


def test_a_family_told_without_a_notice_counts_from_the_invitation_date(meeting):
    invite(meeting, first_name="Emma")  # nothing sent: told in person, or before the portal sent notices
    assert by_parent(meeting) == {"Emma": 32}
    assert meeting.notice_given.families[0].how == "the invitation date: no notice sent by the portal"
    with time_machine.travel(london(2026, 11, 20, 10, 0), tick=False):
        plan_meeting(meeting)  # a notice waiting for the sender has told nobody yet
    assert by_parent(afresh(meeting)) == {"Emma": 32}


def test_a_moved_meeting_counts_from_the_change_notice(meeting):
    invite(meeting, first_name="Emma")
    with time_machine.travel(london(2026, 11, 2, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 2, 10, 1))
    with time_machine.travel(london(2026, 11, 30, 9, 0), tick=False):
        meeting.starts_at = london(2026, 12, 4, 9, 0)
        meeting.save()
        plan_meeting(meeting)
    run_until(london(2026, 11, 30, 9, 1))
    assert Message.objects.get(kind=MeetingMessageKind.CHANGE).status == MessageStatus.SENT
    meeting = afresh(meeting)
    assert by_parent(meeting) == {"Emma": 4}


def test_the_meeting_page_shows_each_familys_notice(client, senco, meeting):
    invite(meeting, first_name="Emma", last_name="Email")
    invite(meeting, first_name="Lou", last_name="Letter", email="", address="1 High Street")
    with time_machine.travel(london(2026, 11, 12, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 12, 10, 1))
    Message.objects.filter(channel=Channel.LETTER).update(printed_at=london(2026, 11, 13, 9, 0))
    client.force_login(senco)
    with time_machine.travel(london(2026, 11, 20, 9, 0), tick=False):
        page = " ".join(strip_tags(client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()).split())
    assert "Emma Email: 21 days' notice from 12 November 2026 (email)" in page
    assert "Lou Letter: 18 days' notice from 15 November 2026" in page
    assert "letter printed 13 November 2026, counted from 2 days later" in page
    assert "Short notice" not in page


def test_my_meetings_reads_every_meetings_notice_at_once(client, senco, pupil_a):
    def book(count):
        for n in range(count):
            meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 3 + n, 15, 45))
            invite(meeting)
            with time_machine.travel(london(2026, 11, 30, 10, 0), tick=False):
                plan_meeting(meeting)
        run_until(london(2026, 11, 30, 10, 1))

    client.force_login(senco)
    with time_machine.travel(london(2026, 11, 30, 12, 0), tick=False):
        book(1)
        with CaptureQueriesContext(connection) as one:
            page = client.get(reverse("meetings:mine")).content.decode()
        assert "Short notice: 3 days" in page
        book(4)
        with CaptureQueriesContext(connection) as five:
            client.get(reverse("meetings:mine"))
    assert len(five) == len(one), "\n".join(q["sql"] for q in five.captured_queries)
