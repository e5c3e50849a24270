"""In real Chromium: a parent opens the plan from the link in her email on her phone, signed out, reads it and says
what she thinks; the SENCO sees it where the review is recorded. No serious accessibility problem on either page."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD
from notices.sending import deliver, scan
from plan_comments.models import PlanComment
from school.calendar import is_school_day, next_school_day
from security.tests.helpers import sign_in
from support_plans import cycle
from support_plans.tests.factories import draft_plan

from .helpers import LINK, the_school

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def serious(page) -> list[str]:
    return [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]


def test_a_parent_comments_on_the_plan_on_her_phone_and_the_senco_sees_it_at_the_review(
    chromium, live_server, page, settings, transactional_db, senco, pupil_a, parent_a
):
    settings.SITE_URL = live_server.url
    the_school()
    review_on = timezone.localdate() + datetime.timedelta(days=10)
    review_on = review_on if is_school_day(review_on) else next_school_day(review_on)
    plan = draft_plan(pupil_a, written_by=senco, starts_on=timezone.localdate(), review_on=review_on)
    plan.outcomes.update(by_when=review_on)
    cycle.finalise(plan, senco)  # less than two weeks before the review: the plan goes at once
    for pk in scan():
        deliver(pk)
    [email] = [email for email in mail.outbox if parent_a.email in email.to[0]]
    link = LINK.search(email.body)[0]

    phone = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        parent = phone.new_page()
        parent.set_default_timeout(15_000)
        parent.goto(link)
        expect(parent.get_by_role("heading", name="Amelia's SEN support plan", exact=True)).to_be_visible()
        parent.wait_for_load_state("load")
        assert parent.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert serious(parent) == []
        parent.get_by_role("link", name="Go to your comments").click()
        parent.get_by_label("Is anything worrying you?").fill("Spelling tests upset her.")
        parent.get_by_role("button", name="Send my comments").click()
        expect(parent.get_by_text("Thank you. We have your comments.")).to_be_visible()
    finally:
        phone.close()
    assert PlanComment.objects.get(plan=plan).worries == "Spelling tests upset her."

    page.set_default_timeout(15_000)
    sign_in(page, senco.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/review/")
    expect(page.get_by_role("heading", name="The family's comments before the review")).to_be_visible()
    expect(page.get_by_text("Spelling tests upset her.")).to_be_visible()
    assert serious(page) == []
