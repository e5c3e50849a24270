"""A family with a current plan whose review is coming up, told by the real notices machinery, and their personal
link found in what they were sent."""

import datetime
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import time_machine

from notices.sending import deliver, scan
from plan_comments import reminders
from school.models import School
from support_plans import cycle
from support_plans.tests.factories import draft_plan

LONDON = ZoneInfo("Europe/London")
LINK = re.compile(r"https?://\S+?/p/[A-Z0-9-]+/")
# The plan's cycle: agreed on Monday 4 January 2027, reviewed on Friday 12 March; it goes to the family two weeks
# before, on Friday 26 February at the school's reminder time (15:30).
AGREED = datetime.datetime(2027, 1, 4, 10, 0, tzinfo=LONDON)
REVIEW_ON = datetime.date(2027, 3, 12)
GOES_AT = datetime.datetime(2027, 2, 26, 15, 30, tzinfo=LONDON)


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def the_school() -> School:
    school = School.load()
    school.name, school.phone, school.email = "Hillside Primary", "01632 960 123", "office@hillside.example"
    school.save()
    return school


def agreed_plan(pupil, senco, at: datetime.datetime = AGREED, **fields):
    """A plan for `pupil` written and finalised by the SENCO at `at`, its review on REVIEW_ON unless said."""
    fields.setdefault("starts_on", at.date())
    fields.setdefault("review_on", REVIEW_ON)
    with time_machine.travel(at, tick=False):
        plan = draft_plan(pupil, written_by=senco, **fields)
        plan.outcomes.update(by_when=plan.review_on)
        return cycle.finalise(plan, senco)


def run_until(moment: datetime.datetime) -> None:
    """Scan and send as beat and a worker would, at `moment`: messages to families, and comments told to staff."""
    with time_machine.travel(moment, tick=False):
        for pk in scan():
            deliver(pk)
        for pk in reminders.scan():
            reminders.deliver(pk)


def link_in(text: str) -> str:
    """The path of the personal link in a message's text."""
    return urlsplit(LINK.search(text)[0]).path
