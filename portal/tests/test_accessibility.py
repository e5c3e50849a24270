"""Accessibility in real Chromium: axe-core (from the axe-playwright-python wheel, never a CDN) finds no serious or
critical problem on the portal pages and the main staff pages, at phone and desk widths; and a parent can read and
download a record with the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
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

SERIOUS = ("serious", "critical")
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


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


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def check_pages(context, urls) -> list[str]:
    page = context.new_page()
    problems = []
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        problems += [f"{url}: {problem}" for problem in serious_violations(page)]
        if page.evaluate("document.documentElement.scrollWidth") > page.viewport_size["width"]:
            problems.append(f"{url}: wider than the screen (the menu or a table does not fit)")
    return problems


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_portal_pages_have_no_serious_accessibility_problems(
    chromium, live_server, client, family_a_world, parent_a, viewport
):
    pupil, version, message = family_a_world["pupil"], family_a_world["version"], family_a_world["message"]
    urls = [
        reverse("portal:home"),
        reverse("portal:child", args=[pupil.pk]),
        reverse("portal:plan", args=[pupil.pk]),
        reverse("portal:plan_version", args=[family_a_world["plans"][0].pk]),
        reverse("portal:meetings", args=[pupil.pk]),
        reverse("portal:record", args=[version.pk]),
        reverse("portal:actions"),
        reverse("portal:messages"),
        reverse("portal:message", args=[message.pk]),
        reverse("portal:contacts"),
        reverse("portal:services"),
        reverse("portal:glossary"),
        reverse("portal:settings"),
    ]
    context = signed_in_context(chromium, live_server, client, parent_a, viewport)
    try:
        problems = check_pages(context, urls)
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_main_staff_pages_have_no_serious_accessibility_problems(
    chromium, live_server, client, family_a_world, senco, office
):
    pupil, meeting, version = family_a_world["pupil"], family_a_world["meeting"], family_a_world["version"]
    senco_urls = [
        reverse("meetings:dashboard"),
        reverse("pupils:register"),
        reverse("pupils:pupil_detail", args=[pupil.pk]),
        reverse("pupils:profile_edit", args=[pupil.pk]),
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("meetings:schedule", args=[pupil.pk]),
        reverse("meetings:record", args=[version.record.meeting.pk]),
        reverse("meetings:version", args=[version.pk]),
        reverse("meetings:calendar"),
        reverse("meetings:actions"),
        reverse("pupils:family_detail", args=[pupil.pk]),
    ]
    office_urls = [reverse("pupils:families"), reverse("booking:days"), reverse("notices:letters")]
    problems = []
    for user, urls in ((senco, senco_urls), (office, office_urls)):
        context = signed_in_context(chromium, live_server, client, user, DESK)
        try:
            problems += check_pages(context, urls)
        finally:
            context.close()
    assert not problems, "\n".join(problems)


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
