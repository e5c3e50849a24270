"""Issue 10's 'Done means', walked through in real Chromium: a teacher logs a parent's call raising a concern, sees
it due within 24 hours of school time, is reminded, records the response and logs a positive call; the SENCO creates
a coffee morning for parents of autistic pupils, invites them, records who came, and sees it all on the child's
timeline and the response figures on the dashboard."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from contacts import reminders
from contacts.models import Concern, ConcernReminder
from events.models import Event
from notices import sending
from pupils.models import AreaOfNeed
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory
from security.tests.helpers import sign_in

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password-1"


@pytest.fixture
def school(transactional_db, senco, teacher):
    for person in (senco, teacher):
        person.set_password(PASSWORD)
        person.save()
    amelia = PupilFactory(
        legal_first_name="Amelia", legal_last_name="Ashworth", class_teacher=teacher, primary_need=AreaOfNeed.ASD
    )
    alice = ParentCarerFactory(first_name="Alice", last_name="Ashworth", email="alice@home.example")
    PupilParentFactory(pupil=amelia, parent=alice)
    # Another autistic pupil's family is invited too; a family with dyslexia only is not.
    omar = PupilFactory(legal_first_name="Omar", legal_last_name="Okafor", secondary_need=AreaOfNeed.ASD)
    PupilParentFactory(pupil=omar, parent=ParentCarerFactory(first_name="Olu", last_name="Okafor"))
    ben = PupilFactory(legal_first_name="Ben", legal_last_name="Barker", primary_need=AreaOfNeed.SPLD)
    PupilParentFactory(pupil=ben, parent=ParentCarerFactory(first_name="Beth", last_name="Barker"))
    return amelia


def log_contact(page, pupil, summary: str, *, concern: bool = False, positive: bool = False) -> None:
    page.goto(f"/pupils/{pupil.pk}/")
    page.get_by_role("link", name="Contacts with the family").click()
    page.get_by_role("link", name="Log a contact").click()
    page.get_by_label("Parent or carer").select_option(label="Alice Ashworth")
    page.locator("#id_channel").select_option(label="Phone call")
    page.get_by_label("Direction").select_option(label="From the family" if concern else "To the family")
    page.get_by_label("Summary").fill(summary)
    if concern:
        page.get_by_label("The parent raised a concern").check()
        page.get_by_label("Who will respond (if a concern was raised)").select_option(label="Tia Teacher")
    if positive:
        page.get_by_label("Positive news").check()
    page.get_by_role("button", name="Log the contact").click()


def test_a_concern_answered_good_news_shared_and_a_coffee_morning_all_on_the_timeline(page, school, teacher):
    amelia = school
    sign_in(page, teacher.email, PASSWORD)

    # A parent's call raising a concern: due within 24 hours of school time, with the teacher responding.
    log_contact(page, amelia, "Mum rang: Amelia is upset by the noise at lunchtime.", concern=True)
    concern = Concern.objects.get()
    assert concern.due_at == Concern.due_after(concern.contact.happened_at)
    expect(page.get_by_text(f"Tia Teacher will respond {concern.due_in_words}.")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Concerns").click()
    row = page.locator("[data-concern]")
    expect(row).to_contain_text("Amelia Ashworth")
    expect(row).to_contain_text(f"Due {concern.due_in_words}")

    # Four hours of the working day before the deadline, the beat's scan reminds her: once.
    remind_at = ConcernReminder.objects.get().due_at
    assert remind_at <= concern.due_at - timedelta(hours=4)
    for pk in reminders.scan(remind_at):
        reminders.deliver(pk, remind_at)
    [reminder] = [m for m in mail.outbox if "teacher@school.example" in m.to[0]]
    assert "Amelia" in reminder.subject
    assert reminders.scan(remind_at) == []

    row.get_by_role("link", name=re.compile("Record the response")).click()
    page.get_by_label("What we said or did").fill("Rang back: Amelia will eat in the quiet room from Monday.")
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("Response recorded. The concern is closed.")).to_be_visible()

    # Then good news, the same week.
    log_contact(page, amelia, "Amelia read her poem to the class today.", positive=True)
    expect(page.get_by_text("Contact logged.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The SENCO sets up a coffee morning for parents of autistic pupils and invites them.
    sign_in(page, "senco@school.example", PASSWORD)
    page.get_by_role("button", name="Families").click()
    page.get_by_role("link", name="Events and groups").click()
    page.get_by_role("link", name="Add an event").click()
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Type of event").select_option(label="Coffee morning")
    page.get_by_label("Topic").fill("Autism and sleep")
    page.get_by_label("Starts").fill(f"{tomorrow.isoformat()}T09:00")
    page.get_by_label("Ends").fill(f"{tomorrow.isoformat()}T10:30")
    page.get_by_label("Venue").fill("The family room, next to the office")
    page.get_by_label("Families of pupils with a particular need").check()
    page.get_by_label("Need", exact=True).select_option(label="Autistic spectrum disorder")
    page.get_by_label("Creche offered").check()
    page.get_by_role("button", name="Save the event").click()
    page.get_by_role("link", name="Invite families").click()
    expect(page.locator("[data-preview]")).to_contain_text("This will invite 2 parents or carers")
    page.get_by_role("button", name="Send the invitations").click()

    now = timezone.now()
    for pk in sending.scan(now):
        sending.deliver(pk, now)
    [invitation] = [m for m in mail.outbox if m.to[0].endswith("<alice@home.example>")]
    assert "Autism and sleep" in invitation.body and "creche" in invitation.body.lower()

    # On the day: who came.
    Event.objects.update(starts_at=now - timedelta(hours=2), ends_at=now - timedelta(minutes=30))
    page.reload()
    page.get_by_role("link", name="Record who came").click()
    page.get_by_role("row", name=re.compile("Alice Ashworth")).get_by_label("Came", exact=True).check()
    page.get_by_role("row", name=re.compile("Olu Okafor")).get_by_label("Did not come").check()
    page.get_by_role("button", name="Save who came").click()

    # Everything is on Amelia's timeline.
    page.goto(f"/pupils/{amelia.pk}/")
    page.get_by_role("link", name="Timeline").click()
    timeline = page.locator("main")
    expect(timeline).to_contain_text("Alice Ashworth came to coffee morning: Autism and sleep")
    expect(timeline).to_contain_text("Mum rang: Amelia is upset by the noise at lunchtime.")
    expect(timeline).to_contain_text("Response to the concern")
    expect(timeline).to_contain_text("Amelia read her poem to the class today.")
    expect(timeline).to_contain_text("Invitation to an event sent to Alice Ashworth")
    expect(page.locator(".timeline-entry", has_text="read her poem")).to_contain_text("Positive news")

    # And the response figures on the dashboard.
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("[data-response-figures]")).to_contain_text(
        "1 concern raised, a response in 0.0 hours (median), 100% answered within 24 hours (1 of 1)"
    )
    expect(page.locator("[data-school-week]")).to_contain_text("1 piece of good news to 1 family")
