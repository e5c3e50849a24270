"""The meetings issue's 'Done means', walked through in real Chromium against the demo school."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from meetings.dashboard import family_meetings
from meetings.models import Meeting
from pupils.models import Pupil
from school.years import academic_year_of
from security.tests.helpers import sign_in

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def demo_school(transactional_db):
    call_command("demo_school", stdout=io.StringIO())


def held_this_year(pupil) -> int:
    today = timezone.localdate()
    [row] = family_meetings(Pupil.objects.filter(pk=pupil.pk), academic_year_of(today), today)
    return row.held


def pupil_with_two_parents_and_one_meeting() -> Pupil:
    candidates = Pupil.objects.on_register().filter(sen_status="K")
    for pupil in candidates.order_by("pk"):
        parents = pupil.parent_links.filter(has_parental_responsibility=True).count()
        if parents == 2 and held_this_year(pupil) == 1:
            return pupil
    raise AssertionError("The demo school should have a two-parent family with one meeting held this year")


def next_weekday_in(days: int) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def test_senco_arranges_records_and_shares_a_review_and_the_count_moves(page, demo_school):
    pupil = pupil_with_two_parents_and_one_meeting()
    sign_in(page, "senco@demo.school.example", "demo-school-2026")
    expect(page.get_by_role("heading", name=re.compile("Meetings with families"))).to_be_visible()

    page.goto(f"/pupils/{pupil.pk}/")
    expect(page.locator("[data-held-count]")).to_have_text("1")
    page.get_by_role("link", name="Arrange a meeting").click()
    day = next_weekday_in(5)
    page.get_by_label("Date and time").fill(f"{day.isoformat()}T15:45")
    page.get_by_label("Place").fill("SENCO office, room 12 (ground floor)")
    page.get_by_label("Purpose").fill(f"To hear how {pupil.first_name} is getting on and agree next steps.")
    expect(page.get_by_role("checkbox", checked=True).filter(has_text="")).not_to_have_count(0)
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_text(re.compile(r"This gives the family \d+ days' notice, less than the 14"))).to_be_visible()
    page.get_by_label("Short notice reason").fill("Mum asked to meet before the school trip.")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_text(re.compile(r"Short notice: \d+ days")).first).to_be_visible()
    meeting = Meeting.objects.filter(pupil=pupil).latest("pk")
    assert meeting.invitees.filter(kind="parent").count() == 2

    # A few days later: the meeting has taken place.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    page.reload()
    page.get_by_role("link", name="Record the meeting").click()
    for select in page.locator("select[name$='-attendance']").all():
        select.select_option("present")
    page.get_by_label("What the parents told us").fill("Mum and Dad feel mornings are calmer since the new routine.")
    page.get_by_label("The main issue, as agreed with the parents").fill("Keeping mornings calm.")
    page.get_by_label("Support agreed").fill("A soft start on Mondays with the TA.")
    due = next_weekday_in(21).isoformat()
    owners = [("school", "Rachel Whitfield"), ("parent", None), ("pupil", None)]
    for n, (owner, staff) in enumerate(owners):
        page.locator(f"[name='actions-{n}-description']").fill(f"Action {n + 1} for {owner}")
        page.locator(f"[name='actions-{n}-owner']").select_option(owner)
        if staff:
            page.locator(f"[name='actions-{n}-owner_staff']").select_option(label=staff)
        page.locator(f"[name='actions-{n}-due_on']").fill(due)
    page.get_by_label("Summary agreed at the close").fill("We will keep the soft start and meet again next term.")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "record-four-stages.png", full_page=True)
    page.get_by_role("button", name="Save and finalise").click()

    expect(page.get_by_text("Record finalised as version 1")).to_be_visible()
    expect(page.get_by_role("cell", name="Action 3 for pupil")).to_be_visible()
    expect(page.get_by_role("heading", name="Who it will go to")).to_be_visible()
    page.get_by_role("button", name="Share with the family").click()
    expect(page.get_by_text(re.compile("Shared with the parents"))).to_be_visible()
    expect(page.get_by_role("heading", name="Sent to the family")).to_be_visible()

    page.goto("/meetings/dashboard/")
    # The side blocks come after the page, all at once, in place of their placeholders.
    expect(page.get_by_role("heading", name=re.compile(r"Records overdue to parents \(\d+\)"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"No meeting this term yet \(\d+\)"))).to_be_visible()
    expect(page.locator("[data-load]")).to_have_count(0)
    page.get_by_label("Find a pupil").fill(f"{pupil.legal_first_name} {pupil.legal_last_name}")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(f"[data-held='{pupil.pk}'] .fs-5")).to_have_text("2")
    page.goto(f"/pupils/{pupil.pk}/")
    expect(page.locator("[data-held-count]")).to_have_text("2")
    page.screenshot(path=ARTIFACTS / "pupil-after-second-meeting.png", full_page=True)
