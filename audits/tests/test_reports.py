"""The handover for a new SENCO, and the governors' anonymous figures (no child identifiable: counts under 5 hidden).

People: senco, head (both see the reports), teacher (sees none of them).
"""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from audits.models import AuditActionStatus, ParentQuestionnaire, ParentReply, Rating, ReplyChannel, Scope
from audits.reports import FEWER, HIDDEN, suppressed
from documents.tests.pdfs import pdf_text, smallest_type
from meetings.tests.factories import MeetingFactory
from pupils.models import AreaOfNeed, SenStatus
from pupils.tests.factories import PupilFactory

from .acting import agree, london, make_action, make_audit, question

D = datetime.date
NOW = london(2026, 11, 25, 12, 0)  # a Wednesday in the autumn term


@pytest.fixture(autouse=True)
def _fixed_day():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    """The page's words, a space wherever a tag was (so table cells do not run together)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def get(client, user, name, **query):
    client.force_login(user)
    return client.get(reverse(f"audits:{name}"), query)


# The handover


@pytest.fixture
def audited(senco, teacher, office):
    """An earlier audit of everything, and a re-audit of Communication with a parents' questionnaire and actions."""
    earlier = make_audit(senco, title="Working with parents 2025", held_on=D(2025, 11, 20), review_on=D(2026, 11, 1))
    audit = make_audit(
        senco,
        title="Communication re-audit",
        held_on=D(2026, 11, 18),
        review_on=D(2027, 7, 1),
        scope=Scope.SECTIONS,
        started_from=earlier,
        groups=["whole_staff", "office", "parents"],
    )
    audit.sections.add(question("C1").section)
    for number, (then, now) in enumerate(
        [("not_yet", "partly"), ("partly", "in_place"), ("partly", "partly"), ("in_place", "partly")], start=1
    ):
        agree(earlier, f"C{number}", then)
        agree(audit, f"C{number}", now, points="Ask a parent" if number == 1 else "")
    questionnaire = ParentQuestionnaire.objects.create(audit=audit, closes_on=D(2026, 12, 4), created_by=senco)
    questionnaire.questions.add(question("C1"), question("C3"))
    for _ in range(2):
        ParentReply.objects.create(questionnaire=questionnaire, channel=ReplyChannel.PAPER, entered_by=office)
    make_action(audit, teacher, D(2026, 11, 20), "C1", description="New signs at both gates")
    make_action(audit, office, D(2026, 12, 20), "C3", description="Answer messages in a day")
    make_action(
        audit, office, D(2026, 11, 1), "C4", description="Old leaflet", status=AuditActionStatus.DONE,
        completed_on=D(2026, 11, 1),
    )  # fmt: skip
    return audit


def test_handover_shows_the_last_audit_its_headline_open_actions_and_review(client, senco, audited):
    page = text(get(client, senco, "handover"))
    assert "Communication re-audit , 18 November 2026 (a re-audit of November 2025" in page
    assert "What it looked at Communication" in page
    assert "Who was asked Whole staff, Office staff, Parents" in page
    assert "Next review Thursday 1 July 2027" in page
    # C1-C4 agreed (2 partly, 1 in place... ), C5-C15 not yet agreed.
    assert "Communication 1 3 0 11" in page and "All 1 3 0 11" in page
    assert "2 questions for parents, answers wanted by 4 December 2026 (still open). 2 replies" in page
    assert "Open actions (2, 1 overdue)" in page
    assert "C1 New signs at both gates Tia Teacher 20 Nov 2026 overdue Not started" in page
    assert "Answer messages in a day Olu Office 20 Dec 2026" in page
    assert "Old leaflet" not in page


def test_handover_before_any_audit_says_so(client, head):
    page = text(get(client, head, "handover"))
    assert "No audit has been run yet." in page and "Open actions (0)" in page


def test_handover_pdf_fits_the_summary_in_print_style(client, head, audited):
    response = get(client, head, "handover_pdf")
    words = pdf_text(response.content)
    assert "Where the parent partnership audit stands" in words
    assert "Last audit: Communication re-audit, 18 November 2026" in words
    assert "Next review: 1 July 2027" in words
    assert "New signs at both gates" in words and "(overdue)" in words
    assert "Old leaflet" not in words
    assert smallest_type(response.content) >= 14


def test_handover_pdf_stays_on_one_page_with_many_open_actions(client, head, audited, teacher):
    from io import BytesIO

    from pypdf import PdfReader

    for day in range(6):
        make_action(audited, teacher, D(2027, 1, 10 + day), "C2", description=f"Later action {day}")
    response = get(client, head, "handover_pdf")
    assert len(PdfReader(BytesIO(response.content)).pages) == 1
    words = pdf_text(response.content)
    assert "New signs at both gates" in words  # due soonest
    assert "Later action 5" not in words and "5 more are in the action plan" in words


def test_teacher_sees_no_reports(client, teacher):
    for name in ("handover", "handover_pdf", "governors", "governors_pdf"):
        assert get(client, teacher, name).status_code == 403


# The governors' figures


def test_small_counts_are_hidden_and_one_alone_hides_the_next_smallest():
    assert suppressed([("a", 4), ("b", 2), ("c", 5)]) == [("a", FEWER), ("b", FEWER), ("c", "5")]
    # 4 alone could be worked out from the total of 46: the next smallest count (12) is hidden too.
    assert suppressed([("a", 4), ("b", 30), ("c", 12)]) == [("a", FEWER), ("b", "30"), ("c", HIDDEN)]
    assert suppressed([("a", 0), ("b", 7)]) == [("a", "0"), ("b", "7")]
    assert suppressed([("a", 3)]) == [("a", FEWER)]  # the total is under 5 as well: nothing to work out


@pytest.fixture
def register():
    """Eleven pupils on SEN support or with an EHC plan, and two not counted (monitoring; left the register)."""
    pupils = []
    for need, year, count in [(AreaOfNeed.SPLD, 3, 4), (AreaOfNeed.MLD, 4, 2), (AreaOfNeed.SEMH, 5, 5)]:
        pupils += [PupilFactory(primary_need=need, year_group=year, legal_last_name="Zebedee") for _ in range(count)]
    pupils[0].sen_status = SenStatus.EHC_PLAN
    pupils[0].save()
    pupils.append(PupilFactory(sen_status=SenStatus.MONITORING, primary_need=AreaOfNeed.HI))
    pupils.append(
        PupilFactory(removed_from_register_on=D(2026, 10, 1), removal_reason="Moved school", primary_need=AreaOfNeed.VI)
    )
    return pupils


def test_a_count_of_four_shows_as_fewer_than_five_and_five_as_five(client, head, register):
    page = text(get(client, head, "governors"))
    assert "Specific learning difficulty fewer than 5" in page
    assert "Moderate learning difficulty fewer than 5" in page
    assert "Social, emotional and mental health 5" in page
    assert "Hearing impairment" not in page and "Vision impairment" not in page  # not on SEN support; left
    assert "Key stage 2 (years 3 to 6) 11" in page
    assert "On SEN support not shown With an EHC plan fewer than 5 Altogether 11" in page


def test_by_year_group_hides_what_is_small(client, head, register):
    page = text(get(client, head, "governors", by="year"))
    assert "Year 3 fewer than 5 Year 4 fewer than 5 Year 5 5" in page


def test_no_pupil_is_named_anywhere_on_the_page_or_in_the_pdf(client, senco, head, register, pupil_a):
    page = get(client, head, "governors").content.decode()
    pdf = pdf_text(get(client, senco, "governors_pdf").content)
    for pupil in register + [pupil_a]:
        for identifier in (pupil.legal_first_name, pupil.legal_last_name, pupil.upn):
            assert identifier not in page and identifier not in pdf, identifier


def test_meetings_held_against_the_three_a_year_duty(client, senco, head):
    pupils = [PupilFactory(legal_last_name=f"Family{n}") for n in range(7)]
    for pupil in pupils[:6]:
        MeetingFactory(pupil=pupil, led_by=senco, held=True)  # a week ago, this term
    MeetingFactory(pupil=pupils[0], led_by=senco, held=True, starts_at=london(2026, 10, 1, 15, 30))
    page = text(get(client, head, "governors"))
    assert "Families the school should meet 7 Meetings held with them 7" in page
    # Past the middle of the autumn term, the one family with no meeting is behind: alone, it would be worked out
    # from the total, so the families on track are not shown either.
    assert "on track: a meeting held every term so far not shown" in page
    assert "who have missed a term's meeting fewer than 5" in page


def test_the_audits_headline_progress(client, head, audited):
    page = text(get(client, head, "governors"))
    assert "found, across its questions: 1 in place, 3 partly in place, 0 not yet (11 not yet agreed)" in page
    assert "compared with the one before it (November 2025), question by question: Improved 2 questions" in page
    assert "Stayed the same 1 question Slipped 1 question" in page


def test_governors_pdf_in_print_style_with_the_words_explained(client, head, register, audited):
    response = get(client, head, "governors_pdf")
    words = pdf_text(response.content)
    assert "Special educational needs: our figures" in words
    assert "Social, emotional and mental health 5" in words and "fewer than 5" in words
    assert "What some words mean" in words  # a report for parents explains SEN and EHC plan
    assert "Improved 2 questions" in words
    assert smallest_type(response.content) >= 14


def test_spending_and_hours_on_sen_provision_hide_small_counts(client, head, senco, register):
    """Seven pupils in a wave 2 reading group (£18 an hour, 30 minutes on Mondays, £60 resources), two in a wave 3
    group: the two, and the spending and hours beside them, are not shown; nor, so that they cannot be worked out
    from the totals, are the seven."""
    from provision.tests.factories import GroupPlaceFactory, InterventionGroupFactory

    reading = InterventionGroupFactory(
        intervention__name="Reading", starts_on=D(2026, 11, 2), ends_on=D(2026, 11, 27), intervention__group_size=8
    )
    talking = InterventionGroupFactory(
        intervention__name="Talking", intervention__wave=3, starts_on=D(2026, 11, 2), ends_on=D(2026, 11, 27)
    )
    for pupil in register[:7]:
        GroupPlaceFactory(group=reading, pupil=pupil)
    for pupil in register[7:9]:
        GroupPlaceFactory(group=talking, pupil=pupil)
    page = text(get(client, head, "governors"))
    # Four Mondays: 4 x £9 + £60 = £96 a group; 2 hours of sessions each pupil.
    assert "2 interventions in 2 groups for 9 pupils, with 4 hours of staff time in sessions. They cost £192" in page
    assert (
        "Wave 2: small group not shown not shown not shown Wave 3: individual fewer than 5 not shown not shown" in page
    )
    assert "Specific learning difficulty fewer than 5 not shown not shown" in page
    talking.places.all().delete()
    GroupPlaceFactory(group=reading, pupil=register[7])
    page = text(get(client, head, "governors"))
    assert "Wave 2: small group 8 16 £96" in page  # nothing small to hide: 4 Mondays of 30 minutes each
    pdf = pdf_text(get(client, senco, "governors_pdf").content)
    assert "Spending and hours on SEN provision" in pdf and "They cost £96" in pdf
    for pupil in register:
        assert pupil.legal_first_name not in page


def test_nothing_to_report_yet(client, head):
    page = text(get(client, head, "governors"))
    assert "Altogether 0" in page and "The school has not yet audited how it works with parents." in page
    assert "No intervention groups have run yet this year." in page
    assert Rating.IN_PLACE  # the page still renders with no audit and no pupils
