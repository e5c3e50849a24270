"""'Ask a parent!!' in real Chromium at phone width: a parent answers in the portal without her name; another parent
answers through the link emailed to him, signed out, and the link then says it has been used."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD
from audits import questionnaire as rules
from audits.models import Audit, AuditQuestion, ParentReply, QuestionnaireParticipation, ReplyChannel
from pupils.tests.factories import PupilParentFactory
from security.tests.helpers import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LINK = re.compile(r"https?://\S+/questionnaire/link/\S+/")


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def questionnaire(transactional_db, senco):
    audit = Audit.objects.create(
        title="Working with parents", review_on=timezone.localdate() + timedelta(days=90), created_by=senco
    )
    questions = AuditQuestion.objects.filter(section__key="communication", number__in=[1, 3])
    return rules.set_up(
        audit,
        questions=questions,
        introduction=rules.default_introduction(),
        closes_on=timezone.localdate() + timedelta(days=14),
        by=senco,
    )


def answer(page, question: str, choice: str, comment: str = "") -> None:
    group = page.get_by_role("group", name=re.compile(re.escape(question)))
    target = group.get_by_text(choice, exact=True)
    page.wait_for_load_state("load")  # the stylesheet, which makes the targets big, has arrived
    assert target.bounding_box()["height"] >= 44  # a thumb-sized target
    target.click()
    expect(group.get_by_label(choice, exact=True)).to_be_checked()
    if comment:
        group.get_by_label(re.compile("Anything you would like to add")).fill(comment)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_parent_answers_in_the_portal_anonymously_and_another_through_an_emailed_link(
    phone, chromium, live_server, settings, senco, parent_a, pupil_a, questionnaire
):
    # In the portal, signed in on her phone.
    sign_in(phone, parent_a.email, TEST_PASSWORD)
    expect(phone.get_by_role("heading", name="We would like your views")).to_be_visible()
    phone.get_by_role("link", name="Answer the questions").click()
    expect(phone.get_by_role("heading", name="Tell us what you think")).to_be_visible()
    expect(phone.get_by_text("It takes about 5 minutes.", exact=False)).to_be_visible()
    assert fits_the_phone(phone)
    answer(phone, "Do you feel welcome when you visit the school?", "Sometimes", "The front door is hard to find.")
    answer(phone, "Is it easy for you to reach the school by phone", "No")
    phone.get_by_label("Do not put my name on my answers").check()
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("Thank you! We have your answers.")).to_be_visible()
    expect(phone.get_by_role("heading", name="We would like your views")).to_have_count(0)
    reply = ParentReply.objects.get()
    assert reply.parent is None and reply.channel == ReplyChannel.PORTAL
    assert QuestionnaireParticipation.objects.get().parent == parent_a.parent_record

    # Through an emailed link, signed out, on another phone.
    settings.SITE_URL = live_server.url
    carl = PupilParentFactory(pupil=pupil_a, parent__first_name="Carl", parent__email="carl@home.example").parent
    assert rules.send_links(questionnaire, rules.default_link_recipients(questionnaire), senco).sent == [carl]
    link = LINK.search(mail.outbox[-1].body)[0]
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(link)
        expect(page.get_by_role("heading", name="Tell us what you think")).to_be_visible()
        assert fits_the_phone(page)
        serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
        page.get_by_role("button", name="Send my answers").click()  # nothing chosen: told, nothing lost
        expect(page.get_by_text("Please answer at least one question")).to_be_visible()
        answer(page, "Do you feel welcome when you visit the school?", "Yes", "Always a smile at the door.")
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
        page.goto(link)
        expect(page.get_by_role("heading", name="This link has already been used")).to_be_visible()
    finally:
        context.close()
    assert ParentReply.objects.filter(parent=carl, channel=ReplyChannel.LINK).count() == 1

    # The SENCO sees both, the anonymous one without a name.
    summary = rules.parent_answers_by_question(questionnaire.audit)
    welcome = next(s for s in summary.values() if s.question.reference == "C1")
    assert welcome.counts["yes"] == 1 and welcome.counts["sometimes"] == 1
    assert sorted(welcome.comments, key=str) == sorted(
        [("The front door is hard to find.", None), ("Always a smile at the door.", carl.full_name)], key=str
    )
    assert reverse("audits:parents_answers", args=[questionnaire.audit.pk])
