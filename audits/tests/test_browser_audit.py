"""Running an audit in real Chromium: the SENCO starts a full audit asking the whole staff, types in their answers to
one section, agrees three questions, re-audits the Communication section and sees the comparison chart."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD
from audits.models import AgreedPosition, Audit, AuditResponse
from security.tests.helpers import sign_in

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def no_serious_accessibility_problems(page) -> None:
    violations = Axe().run(page).response["violations"]
    serious = [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], page.url


def answer(page, reference: str, practice: str, action: str, rating: str) -> None:
    page.get_by_label(f"Current Practice for {reference}", exact=True).fill(practice)
    page.get_by_label(f"Points for Action for {reference}", exact=True).fill(action)
    page.get_by_role("group", name=f"Rating for {reference}", exact=True).get_by_label(rating, exact=True).check()


def agree(page, reference: str, practice: str, rating: str) -> None:
    page.get_by_label(f"Agreed Current Practice for {reference}", exact=True).fill(practice)
    page.get_by_role("group", name=f"Agreed rating for {reference}", exact=True).get_by_label(
        rating, exact=True
    ).check()


def test_senco_runs_an_audit_agrees_it_re_audits_communication_and_sees_the_chart(page, senco):
    sign_in(page, senco.email, TEST_PASSWORD)
    page.get_by_role("link", name="Audit", exact=True).click()
    page.get_by_role("link", name="Start a new audit").click()
    page.get_by_label("Title").fill("Working with parents 2026")
    page.get_by_label("Full audit: every question").check()
    page.get_by_label("Whole staff", exact=True).check()
    page.get_by_role("button", name="Start the audit").click()
    expect(page.get_by_text("Working with parents 2026 is set up: 40 questions")).to_be_visible()
    first = Audit.objects.get()

    # The whole staff's answers to Communication, typed in after a staff meeting.
    page.get_by_role("link", name="Communication for Whole staff").click()
    page.get_by_text("The guide's prompts for C1", exact=True).click()
    expect(page.get_by_text("Who is responsible for greeting parents?")).to_be_visible()
    answer(page, "C1", "The office greets every visitor.", "A photo board of office staff.", "Partly in place")
    answer(page, "C2", "Staff list on the website.", "A who's-who board in reception.", "Not yet")
    answer(page, "C3", "Messages passed on the same day.", "Reply within 24 hours.", "In place")
    no_serious_accessibility_problems(page)
    page.get_by_role("button", name="Save and go on to Involvement").click()
    expect(page.get_by_text("Saved Whole staff's answers to 3 of 15 questions.")).to_be_visible()
    assert AuditResponse.objects.filter(audit=first).count() == 3
    page.get_by_role("link", name="Back to the audit").click()
    expect(page.locator("[data-group=whole_staff] [data-answered]")).to_have_text("3 of 40 questions answered")

    # Consolidation: everyone's answers, then the agreed position, question after question.
    page.get_by_role("link", name="Agree the positions, question by question").click()
    expect(page.get_by_text("The office greets every visitor.")).to_be_visible()
    agree(page, "C1", "Reception greets every visitor.", "Partly in place")
    page.get_by_role("button", name="Save and go on to C2").click()
    agree(page, "C2", "A staff list on the website only.", "Not yet")
    page.get_by_role("button", name="Save and go on to C3").click()
    page.get_by_role("button", name="Save and go on to C4").click()  # forgot the rating: told, nothing lost
    expect(page.get_by_text("so that this audit can be compared with the next one")).to_be_visible()
    agree(page, "C3", "Messages passed on the same day.", "In place")
    page.get_by_role("button", name="Save and go on to C4").click()
    no_serious_accessibility_problems(page)
    page.get_by_role("link", name="All questions").first.click()
    expect(page.locator("[data-agreed-count]")).to_have_text("3")

    # A term later: re-audit Communication, starting from this audit.
    page.get_by_role("link", name="Re-audit").click()
    page.get_by_label("Title").fill("Communication again")
    page.get_by_label("Chosen sections").check()
    page.get_by_label("Communication", exact=True).check()
    expect(page.get_by_label("Whole staff", exact=True)).to_be_checked()
    page.get_by_role("button", name="Start the re-audit").click()
    expect(page.get_by_text("Communication again is set up: 15 questions")).to_be_visible()
    later = Audit.objects.get(title="Communication again")
    assert later.started_from == first

    page.get_by_role("link", name="Communication for Whole staff").click()
    expect(page.get_by_text("Reception greets every visitor.")).to_be_visible()  # last time's agreed position
    page.get_by_role("link", name="Back to the audit").click()
    page.get_by_role("link", name="Agree the positions, question by question").click()
    agree(page, "C1", "Photo board up; visitors greeted by name.", "In place")
    page.get_by_role("button", name="Save and go on to C2").click()
    agree(page, "C2", "Who's-who board in reception.", "Partly in place")
    page.get_by_role("button", name="Save and go on to C3").click()
    agree(page, "C3", "Replies are slower since the office changed.", "Partly in place")
    page.get_by_role("button", name="Save", exact=True).click()
    assert AgreedPosition.objects.filter(audit=later).count() == 3

    page.get_by_role("link", name="All questions").first.click()
    page.get_by_role("link", name=re.compile("What changed since")).click()
    chart = page.get_by_role("img", name=re.compile("Average score per section"))
    expect(chart).to_be_visible()
    expect(page.locator("svg .audit-bar")).to_have_count(2)  # one section, the earlier audit beside this one
    expect(page.locator("tr[data-question=C1]")).to_contain_text("Improved")
    expect(page.locator("tr[data-question=C2]")).to_contain_text("Improved")
    expect(page.locator("tr[data-question=C3]")).to_contain_text("Slipped")
    expect(page.locator("tr[data-question=C4]")).to_contain_text("Not compared")
    no_serious_accessibility_problems(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "audit-comparison-chart.png", full_page=True)
