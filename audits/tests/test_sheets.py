"""The audit tool sheets as a PDF: blank to photocopy, and completed with the school's agreed positions."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from audits.models import AuditQuestion, AuditSection, Rating, Scope
from documents.tests.pdfs import page_texts, pdf_text, smallest_type

from .acting import agree, make_audit, question


def sheets(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(f"audits:{name}", args=args))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def without_spaces(text: str) -> str:
    return "".join(text.split())


def test_blank_sheets_have_every_question_in_use_with_its_prompt_and_both_columns(client, senco):
    hidden = question("S12")
    hidden.is_hidden = True
    hidden.save()
    pdf = sheets(client, senco, "sheets_blank")
    words = without_spaces(pdf_text(pdf))  # text read back from a PDF wraps anywhere: compare without spaces
    for each in AuditQuestion.objects.in_use().select_related("section"):
        assert without_spaces(f"{each.reference}. {each.text}") in words, each.reference
        if each.sheet_prompt:
            assert without_spaces(f"({each.sheet_prompt})") in words, each.reference
    assert without_spaces(hidden.text) not in words
    assert without_spaces("Current Practice Points for Action") in words
    assert without_spaces("1. Communication") in words and without_spaces("3. Support") in words
    assert "askaparent!!" in words  # the guide's refrain closes each section
    assert smallest_type(pdf) >= 14


def test_each_section_starts_on_its_own_landscape_pages(client, senco):
    pdf = sheets(client, senco, "sheets_blank")
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape: room for three columns
    pages = page_texts(pdf)
    starts = [i for i, page in enumerate(pages) if "Question Current Practice Points for Action" in page]
    firsts = {
        section.title: next(i for i, page in enumerate(pages) if f"{section.number}. {section.title}" in page)
        for section in AuditSection.objects.all()
    }
    assert firsts["Communication"] == 0 and firsts["Communication"] < firsts["Involvement"] < firsts["Support"]
    assert set(firsts.values()) <= set(starts)
    # Written by hand: room to write means a few questions a page, not all of them.
    assert len(pages) >= 10


def test_blank_sheets_for_an_audit_hold_only_its_scope(client, senco, head):
    audit = make_audit(senco, scope=Scope.SECTIONS)
    audit.sections.add(AuditSection.objects.get(key="involvement"))
    words = without_spaces(pdf_text(sheets(client, head, "audit_sheets_blank", audit.pk)))
    assert without_spaces(question("I7").text) in words
    assert without_spaces(question("C1").text) not in words
    assert without_spaces(audit.title) in words


@pytest.fixture
def agreed_audit(senco):
    audit = make_audit(senco, scope=Scope.QUESTIONS, title="Communication check")
    audit.questions.add(question("C1"), question("C3"), question("C9"))
    agree(
        audit,
        "C1",
        Rating.PARTLY,
        practice="The office greets parents; the signs at the back gate are missing.",
        points="Put up signs at the back gate.",
    )
    agree(audit, "C3", Rating.IN_PLACE, practice="Calls returned the same day.", points="")
    return audit


def test_completed_sheets_carry_the_agreed_words_and_rating(client, senco, agreed_audit):
    pdf = sheets(client, senco, "audit_sheets_completed", agreed_audit.pk)
    words = " ".join(pdf_text(pdf).split())
    squeezed = without_spaces(words)
    assert without_spaces("The office greets parents; the signs at the back gate are missing.") in squeezed
    assert without_spaces("Put up signs at the back gate.") in squeezed
    assert without_spaces("Agreed: Partly in place") in squeezed and without_spaces("Agreed: In place") in squeezed
    assert without_spaces("C9. Do you think about how you present written communications?") in squeezed
    assert without_spaces("Not agreed yet.") in squeezed  # C9 is in scope, with nothing agreed
    assert without_spaces(question("C2").text) not in squeezed
    assert "Group or name" not in words  # a completed sheet has no blanks to fill in
    assert smallest_type(pdf) >= 14


def test_staff_and_parents_cannot_print_the_sheets(client, teacher, parent_a, agreed_audit):
    for user in (teacher, parent_a):
        client.force_login(user)
        assert client.get(reverse("audits:audit_sheets_completed", args=[agreed_audit.pk])).status_code == 403
        assert client.get(reverse("audits:sheets_blank")).status_code == 403
