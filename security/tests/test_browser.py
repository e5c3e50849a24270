"""Two-step sign-in and the content security policy in real Chromium: a teacher sets up an authenticator app on a
phone-sized screen, and the SENCO's main pages work with nothing refused by the policy."""

import datetime
import re
from base64 import b32decode
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import MeetingFactory
from notices.models import Channel, Message, MessageStatus
from security.tests.helpers import sign_in

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def refused_by_policy(page) -> list[str]:
    """Every message Chromium logs when the content security policy refuses something on the page."""
    refused: list[str] = []

    def note(message):
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", note)
    return refused


def test_a_teacher_sets_up_two_step_sign_in_on_a_phone(phone, transactional_db, teacher):
    ARTIFACTS.mkdir(exist_ok=True)
    refused = refused_by_policy(phone)
    phone.goto("/login/")
    phone.get_by_label("Email address").fill(teacher.email)
    phone.get_by_label("Password").fill(TEST_PASSWORD)
    phone.get_by_role("button", name="Sign in").click()

    expect(phone.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    expect(phone.locator(".qr-code svg")).to_be_visible()
    phone.screenshot(path=ARTIFACTS / "two-step-set-up-phone.png", full_page=True)
    key = phone.locator("#secret-key").inner_text()
    code = f"{TOTP(b32decode(key.replace(' ', ''))).token():06d}"  # what the app shows once the key is typed in
    phone.get_by_label("Code from the app").fill("111111" if code != "111111" else "222222")
    phone.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(phone.get_by_text("That code is not right.")).to_be_visible()
    phone.wait_for_timeout(1100)  # django-otp's wait after a wrong code
    phone.get_by_label("Code from the app").fill(code)
    phone.get_by_role("button", name="Turn on two-step sign-in").click()

    expect(phone.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(phone.locator(".recovery-codes li")).to_have_count(10)
    phone.screenshot(path=ARTIFACTS / "two-step-recovery-codes-phone.png", full_page=True)
    phone.get_by_role("link", name="I have kept them safe: continue").click()
    expect(phone.get_by_role("heading", name=re.compile("My meetings"))).to_be_visible()
    assert refused == []


def test_the_code_page_on_a_phone(phone, transactional_db, teacher):
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(phone, teacher.email, TEST_PASSWORD)  # gives the teacher an app
    phone.context.clear_cookies()  # signed out
    phone.goto("/login/")
    phone.get_by_label("Email address").fill(teacher.email)
    phone.get_by_label("Password").fill(TEST_PASSWORD)
    phone.get_by_role("button", name="Sign in").click()

    expect(phone.get_by_role("heading", name="Enter your code")).to_be_visible()
    code = phone.get_by_label("Code")
    assert code.get_attribute("autocomplete") == "one-time-code"
    assert code.get_attribute("inputmode") == "numeric"
    phone.screenshot(path=ARTIFACTS / "two-step-code-phone.png", full_page=True)


def test_the_senco_pages_work_with_nothing_refused_by_the_policy(page, transactional_db, senco, pupil_a, parent_a):
    senco.is_staff = senco.is_superuser = True
    senco.save()
    now = timezone.now()
    email = Message.objects.create(
        parent=parent_a.parent_record,
        meeting=MeetingFactory(pupil=pupil_a, led_by=senco),
        kind=MeetingMessageKind.NOTICE,
        channel=Channel.EMAIL,
        status=MessageStatus.SENT,
        due_at=now,
        for_starts_at=now + datetime.timedelta(days=20),
        expires_at=now + datetime.timedelta(days=20),
        next_attempt_at=now,
        sent_at=now,
        attempts=1,
        recipient_name="Alice Ashworth",
        recipient_address=parent_a.email,
        subject="Meeting about Amelia",
        body_text="Dear Mrs Ashworth,",
        body_html='<h2 style="color:#0b3d75;">When</h2><p style="margin:0 0 1em;">Dear Mrs Ashworth,</p>',
    )
    refused = refused_by_policy(page)
    sign_in(page, senco.email, TEST_PASSWORD)

    for url in (
        "/meetings/dashboard/",
        "/pupils/",
        f"/pupils/{pupil_a.pk}/",
        f"/pupils/{pupil_a.pk}/profile/print/",
        "/meetings/calendar/",
        "/meetings/calendar/?view=month",
        "/notices/letters/",
        f"/notices/{email.pk}/",
        "/two-step/",
        "/admin/",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")

    page.goto("/meetings/dashboard/")
    page.get_by_label("Academic year").select_option(index=1)  # the page's script sends the form
    page.wait_for_url(re.compile(r"year=\d{4}"))
    assert refused == []
