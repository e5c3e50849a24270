"""A parent can read and download a record with the keyboard alone, in real Chromium. (axe-core's checks of every
page, at a desk width and a phone's, are in demo/tests/test_every_page.py.)"""

import pytest
from django.conf import settings
from django.urls import reverse

from documents.models import GlossaryTerm
from meetings.records import finalise, share
from meetings.tests.factories import (
    ActionPointFactory,
    InviteeFactory,
    MeetingFactory,
    MeetingRecordFactory,
    days_from_today,
)
from notices.tests.test_views import make_message
from pupils.tests.factories import OnePageProfileFactory
from support_plans import cycle
from support_plans.tests.factories import finalised_plan

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def family_a_world(transactional_db, senco, teacher, pupil_a, parent_a):
    parent = parent_a.parent_record
    OnePageProfileFactory(pupil=pupil_a)
    first = finalised_plan(pupil_a, senco)
    plan = cycle.finalise(cycle.start_plan(pupil_a, senco), senco)
    upcoming = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=days_from_today(16, 9, 30), confirmed=True)
    InviteeFactory(meeting=upcoming, user=teacher, role="Class teacher")
    held = MeetingFactory(pupil=pupil_a, led_by=senco, held=True)
    version = share(finalise(MeetingRecordFactory(meeting=held), senco), senco)
    ActionPointFactory(meeting=held, for_parent=True, owner_parent=parent)
    message = make_message(upcoming, parent=parent)
    GlossaryTerm.objects.get_or_create(term="SENCO", defaults={"explanation": "The teacher who leads SEND support."})
    return {"pupil": pupil_a, "version": version, "message": message, "meeting": upcoming, "plans": (first, plan)}


def signed_in_context(chromium, live_server, client, user, viewport):
    """A browser already signed in as `user`: the session is made by the test client (whose sign-in includes the
    second factor, see conftest's TwoStepClient), then handed to Chromium as its cookie."""
    client = type(client)()
    client.force_login(user)
    context = chromium.new_context(base_url=live_server.url, viewport=viewport)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


def tab_to(page, text: str, presses: int = 60) -> None:
    """Press Tab until the focused element's text contains `text`, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.innerText || document.activeElement.value || ''")
        if text in focused:
            return
    raise AssertionError(f"Tab never reached {text!r}")


def test_a_parent_reads_and_downloads_a_record_with_the_keyboard_alone(
    chromium, live_server, client, family_a_world, parent_a
):
    context = signed_in_context(chromium, live_server, client, parent_a, PHONE)
    page = context.new_page()
    try:
        page.goto(reverse("portal:home"))
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.innerText") == "Skip to main content"
        tab_to(page, family_a_world["pupil"].full_name)
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{reverse('portal:child', args=[family_a_world['pupil'].pk])}")
        tab_to(page, "Meetings and records")
        page.keyboard.press("Enter")
        page.wait_for_url("**/meetings/")
        tab_to(page, "Read the record")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{reverse('portal:record', args=[family_a_world['version'].pk])}")
        tab_to(page, "Download the record (PDF)")
        # Chromium opens the PDF in its viewer (it is served inline): the response is the proof.
        with page.expect_response(lambda response: response.url.endswith(".pdf")) as opened:
            page.keyboard.press("Enter")
        assert opened.value.status == 200 and opened.value.headers["content-type"] == "application/pdf"
        # The viewer stands between the page and the bytes: fetch them again as this signed-in browser.
        assert context.request.get(opened.value.url).body()[:5] == b"%PDF-"
    finally:
        context.close()
