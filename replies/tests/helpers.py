"""A family told of a meeting by the real notices machinery, and their personal link found in what they were sent."""

import datetime
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail

from meetings.models import Invitee, InviteeKind
from meetings.notice_planning import plan_meeting
from meetings.tests.factories import MeetingFactory
from notices.sending import deliver, scan
from replies import reminders
from school.models import School

LONDON = ZoneInfo("Europe/London")
LINK = re.compile(r"https?://\S+?/r/[A-Z0-9-]+/")


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def the_school() -> School:
    school = School.load()
    school.name, school.phone, school.email = "Hillside Primary", "01632 960 123", "office@hillside.example"
    school.office_hours = "Monday to Friday, 8.15am to 4pm"
    school.save()
    return school


def meeting_with_parent(senco, pupil, parent, starts_at=None, **fields):
    """A review for `pupil` led by the SENCO (Thursday 3 December 2026 at 15:45 unless said), the parent invited."""
    meeting = MeetingFactory(pupil=pupil, led_by=senco, starts_at=starts_at or london(2026, 12, 3, 15, 45), **fields)
    Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=parent, role="Mother")
    return meeting


def run_until(moment: datetime.datetime) -> None:
    """Scan and send as beat and a worker would, at `moment`: families' messages and replies told to staff."""
    with time_machine.travel(moment, tick=False):
        for pk in scan():
            deliver(pk)
        for pk in reminders.scan():
            reminders.deliver(pk)


def tell_the_family(meeting, booked_at=None, sent_by=None) -> list:
    """Book the meeting's messages and send what is due by `sent_by` (the two-week notice by default); the emails."""
    with time_machine.travel(booked_at or london(2026, 11, 10, 10, 0), tick=False):
        plan_meeting(meeting)
    before = len(mail.outbox)
    run_until(sent_by or london(2026, 11, 19, 16, 0))
    return mail.outbox[before:]


def link_in(text: str) -> str:
    """The path of the personal link in a message's text."""
    return urlsplit(LINK.search(text)[0]).path
