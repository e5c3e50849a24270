"""Issue 21's 'Done means' for replies, in real Chromium: a parent answers 'we need another time' on her phone from the
link in her notice email, signed out, and the meeting's leader sees it (by email and on the meeting's page)."""

import datetime
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD
from meetings.notice_planning import plan_meeting
from notices.sending import deliver, scan
from replies import reminders
from replies.models import Reply
from security.tests.helpers import sign_in

from .helpers import LINK, meeting_with_parent, the_school

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def next_weekday_in(days: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 45)))


def test_a_parent_asks_for_another_time_on_her_phone_and_the_leader_sees_it(
    chromium, live_server, page, settings, transactional_db, senco, pupil_a, parent_a
):
    settings.SITE_URL = live_server.url
    the_school()
    meeting = meeting_with_parent(senco, pupil_a, parent_a.parent_record, starts_at=next_weekday_in(10))
    plan_meeting(meeting)  # less than two weeks ahead: the notice goes at once
    for pk in scan():
        deliver(pk)
    [notice] = [email for email in mail.outbox if parent_a.email in email.to[0]]
    link = LINK.search(notice.body)[0]

    phone = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        parent = phone.new_page()
        parent.set_default_timeout(15_000)
        parent.goto(link)
        expect(parent.get_by_role("heading", name="The meeting about Amelia")).to_be_visible()
        parent.wait_for_load_state("load")  # the stylesheet, which makes the targets big, has arrived
        assert parent.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for answer in ("We'll be there", "We need another time", "We can't come"):
            assert parent.get_by_text(answer, exact=True).bounding_box()["height"] >= 44  # a thumb-sized target
        times = parent.get_by_label("Which days and times suit you?")
        expect(times).to_be_hidden()  # asked only of a family who needs another time
        serious = [v["id"] for v in Axe().run(parent).response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []

        parent.get_by_text("We need another time", exact=True).click()
        expect(times).to_be_visible()
        parent.get_by_role("button", name="Send my reply").click()  # no times yet: told, nothing lost
        expect(parent.get_by_text("Please tell us which days and times suit you")).to_be_visible()
        expect(parent.get_by_label("We need another time")).to_be_checked()
        times.fill("Tuesday or Thursday after 3pm")
        parent.get_by_label("What would you like to talk about?").fill("How she is getting on with reading.")
        parent.get_by_role("button", name="Send my reply").click()
        expect(parent.get_by_text("Thank you. We have your reply.")).to_be_visible()
        expect(parent.locator(".reply-said")).to_have_text("We need another time")
        ARTIFACTS.mkdir(exist_ok=True)
        parent.screenshot(path=str(ARTIFACTS / "reply-sent-390.png"), full_page=True)
    finally:
        phone.close()
    reply = Reply.objects.get()
    assert (reply.parent, reply.answer, reply.suits_times) == (
        parent_a.parent_record,
        "another_time",
        "Tuesday or Thursday after 3pm",
    )

    # The leader hears of it at the next scan, and sees it on the meeting's page.
    for pk in reminders.scan():
        reminders.deliver(pk)
    [told] = [email for email in mail.outbox if senco.email in email.to[0]]
    assert told.subject.startswith("Alice Ashworth needs another time: the meeting about Amelia Ashworth")
    meeting_page = re.search(r"https?://\S+/meetings/\d+/", told.body)[0]
    sign_in(page, senco.email, TEST_PASSWORD)
    page.goto(meeting_page.replace(settings.SITE_URL, ""))
    replies = page.locator("[data-family-replies]")
    expect(replies).to_contain_text("We need another time")
    expect(replies).to_contain_text("Tuesday or Thursday after 3pm")
