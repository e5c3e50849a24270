"""The issue's 'Done means', walked through in real Chromium against the demo school."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from pupils.models import Pupil
from security.tests.helpers import sign_in as sign_in_with_code
from support_plans.models import SupportPlan

pytestmark = pytest.mark.browser
PASSWORD = "demo-school-2026"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def demo_school(transactional_db):
    call_command("demo_school", stdout=io.StringIO())


def sign_in(page, email):
    sign_in_with_code(page, email, PASSWORD)


def snapshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def test_senco_filters_the_register_opens_a_pupil_and_writes_their_plan(page, demo_school):
    sign_in(page, "senco@demo.school.example")
    expect(page.get_by_role("heading", name=re.compile("Meetings with families"))).to_be_visible()
    page.get_by_role("link", name="SEND register").click()
    expect(page.get_by_role("heading", name="SEND register")).to_be_visible()
    on_register = Pupil.objects.on_register().count()
    assert 140 <= on_register <= 160
    expect(page.locator("[data-count=total]")).to_have_text(str(on_register))

    page.get_by_label("Year", exact=True).select_option(label="Year 8")
    page.get_by_label("SEN status").select_option(label="SEN support")
    page.get_by_role("button", name="Apply").click()
    rows = page.locator("tbody tr")
    expected = Pupil.objects.on_register().filter(year_group=8, sen_status="K").count()
    expect(rows).to_have_count(expected)
    for year_cell in rows.locator("td:nth-child(3)").all_inner_texts():
        assert year_cell.startswith("Year 8")
    snapshot(page, "register-year-8")

    # The demo's SEN-support pupils have plans already; a pupil with an EHC plan and targets has none yet.
    page.get_by_label("SEN status").select_option(label="EHC plan")
    page.get_by_role("button", name="Apply").click()
    pupil = (
        Pupil.objects.on_register()
        .filter(year_group=8, sen_status="E", outcomes__isnull=False, support_plans__isnull=True)
        .first()
    )
    page.get_by_role("link", name=f"{pupil.legal_last_name}, {pupil.first_name}").click()
    expect(page.get_by_role("heading", name=pupil.full_name, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="One-page profile")).to_be_visible()

    # Targets are written in the SEN support plan: the first one brings in the targets already recorded.
    page.get_by_role("button", name="Start a plan").click()
    expect(page.get_by_role("status")).to_contain_text("first plan is started")
    page.get_by_role("link", name=re.compile("Edit the outcome and its support")).first.click()
    page.get_by_role("textbox", name=re.compile(r"^Outcome")).fill("Ask for help using the help card in every lesson.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved the outcome")
    page.on("dialog", lambda dialog: dialog.accept())  # "Finalise version 1? It becomes the current plan..."
    page.get_by_role("button", name="Finalise (locks it)").click()
    expect(page.get_by_role("alert")).to_contain_text("Say what the pupil's needs are")
    page.get_by_role("link", name="Edit the words and dates").click()
    page.get_by_role("textbox", name=re.compile("pupil's needs")).fill("Finding words for what she wants to say.")
    page.get_by_role("textbox", name=re.compile("tell you about progress")).fill("A call each half term.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Finalise (locks it)").click()
    expect(page.get_by_role("status")).to_contain_text("is finalised")
    expect(page.get_by_text("Ask for help using the help card in every lesson.")).to_be_visible()
    snapshot(page, "plan-after-outcome-edit")
    plan = SupportPlan.objects.get(pupil=pupil)
    assert plan.is_current and plan.outcomes.filter(description__startswith="Ask for help using the help").exists()


def test_office_cannot_reach_any_sen_detail(page, demo_school):
    sign_in(page, "office@demo.school.example")
    expect(page.get_by_role("heading", name="Families and contacts")).to_be_visible()
    body = page.locator("main").inner_text()
    assert not re.search(r"SEN support|EHC plan|Monitoring|SEMH|SPLD|target", body)
    snapshot(page, "office-families")

    pupil = Pupil.objects.on_register().filter(outcomes__isnull=False).first()
    for path in ("/pupils/", f"/pupils/{pupil.pk}/", f"/pupils/{pupil.pk}/profile/print/", "/pupils/export.csv"):
        response = page.goto(path)
        assert response.status == 403, path
        expect(page.get_by_role("heading", name="This page is not available to you")).to_be_visible()
    expect(page.get_by_role("link", name="SEND register")).to_have_count(0)
