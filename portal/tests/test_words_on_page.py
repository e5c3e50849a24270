"""Every specialist word on a family's page is explained on it: "Words on this page" reads the whole page as rendered,
not a part its view picked out; and a meeting's day and time read the same on the portal, in its notice and in the
record's PDF."""

import re

import pytest
from django.urls import reverse

from common import when
from documents.glossary import document_text, glossary_for
from documents.tests.pdfs import pdf_text
from meetings.models import MeetingType
from meetings.notices import MeetingMessageKind
from meetings.records import finalise, share
from meetings.tests.factories import InviteeFactory, MeetingFactory, MeetingRecordFactory, days_from_today
from notices.content import compose
from notices.models import Channel, Message
from pupils.tests.factories import OnePageProfileFactory
from support_plans import cycle
from support_plans.tests.factories import PlanProvisionFactory, draft_plan

WORDS = "Words on this page"


@pytest.fixture
def signed_in(client, parent_a):
    client.force_login(parent_a)
    return client


@pytest.fixture
def upcoming(pupil_a, senco):
    meeting = MeetingFactory(
        pupil=pupil_a,
        led_by=senco,
        meeting_type=MeetingType.SEN_REVIEW,
        starts_at=days_from_today(15, 15, 45),
        purpose="To look at how the SEND support is going.",
        confirmed=True,
    )
    InviteeFactory(meeting=meeting, user=senco, role="SENCO")
    return meeting


def main_and_box(response) -> tuple[str, str]:
    main = re.search(r"<main\b.*?</main>", response.content.decode(), re.DOTALL).group(0)
    page, _, box = document_text(main).partition(WORDS)
    return page, box


def explained(box: str) -> set[str]:
    return {term.term for term in glossary_for(box)}


def test_the_meetings_page_explains_every_word_on_it(signed_in, pupil_a, upcoming):
    page, box = main_and_box(signed_in.get(reverse("portal:meetings", args=[pupil_a.pk])))
    assert "SEN support review" in page and "SENCO" in page and "SEND" in page
    assert {"SEN support", "SENCO", "SEND"} <= explained(box)
    assert "The special educational needs co-ordinator." in box


def test_the_home_page_has_a_words_box(signed_in, pupil_a, upcoming):
    page, box = main_and_box(signed_in.get(reverse("portal:home")))
    assert "SEN support review" in page
    assert "SEN support" in explained(box)


@pytest.mark.parametrize(
    "name", ["portal:home", "portal:child", "portal:plan", "portal:meetings", "portal:actions", "portal:contacts"]
)
def test_every_word_a_family_page_uses_is_explained_on_it(signed_in, pupil_a, senco, upcoming, name):
    OnePageProfileFactory(pupil=pupil_a, how_to_support_me="Ear defenders in assembly, and a visual timetable.")
    plan = draft_plan(pupil_a)
    PlanProvisionFactory(plan=plan, what="Precision teaching with a teaching assistant, in a small group", wave=2)
    cycle.finalise(plan, senco)
    url = reverse(name, args=[pupil_a.pk]) if name in ("portal:child", "portal:plan", "portal:meetings") else None
    page, box = main_and_box(signed_in.get(url or reverse(name)))
    used = {term.term for term in glossary_for(page)}
    assert used <= explained(box), sorted(used - explained(box))


def test_a_meeting_reads_the_same_in_the_portal_the_notice_and_the_record(signed_in, pupil_a, parent_a, senco):
    starts_at = days_from_today(-20, 15, 45)
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=starts_at, held=True)
    words = when.day_at(starts_at)  # "Tuesday 8 December 2026 at 3:45pm"
    assert re.fullmatch(r"[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ 20\d\d at 3:45pm", words)

    notice = Message(
        meeting=meeting,
        kind=MeetingMessageKind.NOTICE,
        parent=parent_a.parent_record,
        channel=Channel.EMAIL,
        due_at=starts_at,
        next_attempt_at=starts_at,
        for_starts_at=starts_at,
        expires_at=starts_at,
    )
    notice.save()
    compose(notice)
    assert words in notice.body_text and words in notice.subject

    version = finalise(MeetingRecordFactory(meeting=meeting), senco)
    share(version, senco)
    assert f"When: {words}" in pdf_text(signed_in.get(reverse("portal:record_pdf", args=[version.pk])).content)
    record_page = document_text(signed_in.get(reverse("portal:record", args=[version.pk])).content.decode())
    assert words in record_page
    meetings_page = document_text(signed_in.get(reverse("portal:meetings", args=[pupil_a.pk])).content.decode())
    assert when.day(starts_at) in meetings_page
