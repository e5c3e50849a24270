"""The issue's walk-through in real Chromium: the SENCO signs in with a code from her app and invites a parent; the
parent sets a password on a phone, sees only her own child, reads a record and downloads its PDF; another parent
cannot reach that child by editing the address; a member of staff gets nowhere with a password alone."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD
from meetings.records import finalise, share
from meetings.tests.factories import MeetingFactory, MeetingRecordFactory
from pupils.tests.factories import ParentCarerFactory, PupilParentFactory
from security.tests.helpers import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LINK = re.compile(r"https?://\S+/welcome/\S+/")


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def family_a(transactional_db, senco, pupil_a):
    """Amelia's mother, Alice, with no account yet; a meeting held and its record shared."""
    mother = ParentCarerFactory(first_name="Alice", last_name="Ashworth", email="alice@home.example")
    PupilParentFactory(pupil=pupil_a, parent=mother)
    record = MeetingRecordFactory(meeting=MeetingFactory(pupil=pupil_a, led_by=senco, held=True))
    version = share(finalise(record, senco), senco)
    return {"mother": mother, "version": version}


def test_senco_invites_a_parent_who_reads_and_downloads_her_childs_record_on_a_phone(
    page, phone, live_server, settings, senco, pupil_a, pupil_b, parent_b, family_a
):
    settings.SITE_URL = live_server.url
    sign_in(page, senco.email, TEST_PASSWORD)  # the password, then the code from her app
    expect(page.get_by_role("heading", name=re.compile("Meetings with families"))).to_be_visible()

    page.goto(reverse("pupils:family_detail", args=[pupil_a.pk]))
    page.get_by_role("button", name="Invite to the parents' portal to Alice Ashworth").click()
    expect(page.get_by_text(re.compile("invit", re.IGNORECASE)).first).to_be_visible()
    assert [message.to for message in mail.outbox] == [["alice@home.example"]]
    link = LINK.search(mail.outbox[0].body)[0]

    phone.goto(link)
    phone.get_by_label("New password").fill("Blue-kettle-morning-42")
    phone.get_by_label("Type the same password again").fill("Blue-kettle-morning-42")
    phone.get_by_role("button", name="Save my password and sign in").click()
    expect(phone.get_by_role("heading", name="Hello Alice")).to_be_visible()
    expect(phone.get_by_role("link", name=re.compile(pupil_a.full_name))).to_be_visible()
    assert pupil_b.full_name not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone

    phone.get_by_role("link", name=re.compile(pupil_a.full_name)).click()
    phone.get_by_role("link", name="Meetings and records").click()
    phone.get_by_role("link", name="Read the record").click()
    expect(phone.get_by_text("Reading fluency, and confidence reading aloud.")).to_be_visible()
    with phone.expect_response(lambda response: response.url.endswith(".pdf")) as opened:
        phone.get_by_role("link", name="Download the record (PDF)").click()
    assert opened.value.status == 200 and opened.value.headers["content-type"] == "application/pdf"
    assert phone.context.request.get(opened.value.url).body()[:5] == b"%PDF-"

    # The link worked once: opened again, it says so.
    phone.context.clear_cookies()
    phone.goto(link)
    expect(phone.get_by_text(re.compile("already been used|has been used|no longer works"))).to_be_visible()


def test_another_parent_cannot_reach_the_child_by_editing_the_address(phone, pupil_a, parent_b, family_a):
    sign_in(phone, parent_b.email, TEST_PASSWORD)  # a parent: the password only
    expect(phone.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    version = family_a["version"]
    for url in (
        reverse("portal:child", args=[pupil_a.pk]),
        reverse("portal:meetings", args=[pupil_a.pk]),
        reverse("portal:record", args=[version.pk]),
        reverse("portal:record_pdf", args=[version.pk]),
        reverse("pupils:pupil_detail", args=[pupil_a.pk]),
    ):
        response = phone.goto(url)
        assert response.status in (403, 404), url
        assert pupil_a.legal_last_name not in phone.content()


def test_staff_get_nowhere_with_a_password_alone(phone, transactional_db, teacher, pupil_a):
    phone.goto("/login/")
    phone.get_by_label("Email address").fill(teacher.email)
    phone.get_by_label("Password").fill(TEST_PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    for url in (reverse("pupils:pupil_detail", args=[pupil_a.pk]), reverse("meetings:mine"), "/admin/"):
        phone.goto(url)
        expect(phone.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
        assert pupil_a.legal_last_name not in phone.content()
