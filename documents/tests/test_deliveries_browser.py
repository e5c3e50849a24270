"""In real Chromium: the SENCO shares a record; the mother, with no account, opens the emailed link on her phone and
reads it; the SENCO sees on the record's page that it was emailed and opened, and that the father's letter waits."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD
from security.tests.helpers import sign_in

from .conftest import finalised_record
from .test_deliveries import ACTION, send_due

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
LINK = re.compile(r"https?://\S+/record/[A-Za-z0-9_-]+/")


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_mother_reads_the_emailed_record_on_her_phone_and_the_senco_sees_it_opened(
    page, phone, live_server, settings, transactional_db, school, senco, pupil_a, two_parents
):
    settings.SITE_URL = live_server.url
    version = finalised_record(pupil_a, senco, two_parents[0])
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, senco.email, TEST_PASSWORD)
    page.goto(reverse("meetings:version", args=[version.pk]))
    expect(page.get_by_role("heading", name="Who it will go to")).to_be_visible()
    page.get_by_role("button", name="Share with the family").click()
    expect(page.get_by_role("heading", name="Sent to the family")).to_be_visible()
    send_due()

    phone.goto(LINK.search(mail.outbox[0].body)[0])
    expect(phone.get_by_role("heading", name="Record of the meeting about Amelia")).to_be_visible()
    expect(phone.get_by_text(ACTION)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=ARTIFACTS / "record-link-phone.png", full_page=True)
    with phone.expect_response(lambda response: response.url.endswith(".pdf")) as opened:
        phone.get_by_role("link", name="Download the record (PDF)").click()
    assert opened.value.status == 200 and opened.value.headers["content-type"] == "application/pdf"

    page.reload()
    deliveries = page.locator("section", has=page.get_by_role("heading", name="Sent to the family"))
    expect(deliveries.get_by_text("Emailed")).to_be_visible()
    expect(deliveries.get_by_text(re.compile("^Opened "))).to_be_visible()
    expect(deliveries.get_by_text("Waiting to be printed")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "record-sent-to-the-family.png", full_page=True)
