"""The one-page profile and the letters to print, as PDFs."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pdfminer.high_level import extract_pages
from pypdf import PdfReader

from meetings.notices import MeetingMessageKind
from meetings.tests.factories import MeetingFactory
from notices.content import compose
from notices.models import Channel, Message, MessageStatus
from pupils.models import OnePageProfile

from .pdfs import catalog, chars, page_texts, pdf_text, smallest_type, type_sizes


def get(client, user, name, *args, query=""):
    client.force_login(user)
    return client.get(reverse(name, args=args) + query)


def test_profile_pdf_reads_the_profile_in_the_pupils_words(client, senco, school, pupil_a):
    OnePageProfile.objects.create(pupil=pupil_a, important_to_me="My dog Biscuit and drawing comics.")
    response = get(client, senco, "documents:profile_pdf", pupil_a.pk)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Amelia's one-page profile" in text
    assert "My dog Biscuit and drawing comics." in text
    assert "What is important to me" in text
    assert "One page about your child" in text  # the glossary explains 'one-page profile'
    assert catalog(response.content)[0]["/MarkInfo"]["/Marked"].value is True


# A full profile as a family and a school write them: every section filled, a few sentences each, some classroom
# words the glossary explains. About one and a half times the demo's longest.
FULL_PROFILE = {
    "liked_and_admired": "Kind to younger children; always notices when someone is on their own.\n"
    "A brilliant sense of humour that lifts the whole class.\nNever gives up on a tricky problem in maths.",
    "important_to_me": "My dog, Biscuit, and taking him for long walks with Dad.\nPlaying football at the park at "
    "the weekend.\nKnowing what is happening next, and having the same place on the carpet.",
    "how_to_support_me": "Give me one instruction at a time and show me as well as tell me.\nLet me wear my ear "
    "defenders in assembly and in the hall.\nUse my visual timetable, and tell me about changes before they "
    "happen.\nGive me time to answer: count to ten before you ask again.",
    "strengths": "Remembering facts about animals.\nBuilding things with Lego.\nDrawing comics.",
    "strategies_at_home": "A picture list for the morning routine.\nTen minutes of reading together at bedtime.",
    "strategies_at_school": "A movement break after 20 minutes of sitting.\nA word mat for topic words.",
    "in_my_own_words": "I like it when people are patient with me. I try my best.",
}


def test_the_one_page_profile_fits_one_a4_page(client, senco, teacher, school, pupil_a):
    pupil_a.key_worker = teacher
    pupil_a.save()
    OnePageProfile.objects.create(pupil=pupil_a, **FULL_PROFILE)
    pdf = get(client, senco, "documents:profile_pdf", pupil_a.pk).content
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert [round(float(side)) for side in reader.pages[0].mediabox[2:]] == [595, 842]  # A4, in points
    text = pdf_text(pdf)
    for section in FULL_PROFILE.values():
        assert " ".join(section.split()) in text
    assert text.startswith("Hillside Primary School · 01234 567890 Amelia's one-page profile")  # one line of school
    assert (
        "Last reviewed:" in text and "Who to ask: Tia Teacher (key worker and class teacher), Sam Senco (SENCO)" in text
    )
    assert "Soft headphones that block out loud noise." in text  # ear defenders, explained
    assert smallest_type(pdf) >= 14


def test_a_profile_leaves_out_what_is_not_written(client, senco, school, pupil_a):
    OnePageProfile.objects.create(pupil=pupil_a, important_to_me="My dog Biscuit.")
    text = pdf_text(get(client, senco, "documents:profile_pdf", pupil_a.pk).content)
    assert "What is important to me" in text and "How best to support me" not in text
    assert "Not written yet" not in text


def test_a_large_print_profile_may_take_more_pages(client, senco, school, pupil_a):
    OnePageProfile.objects.create(pupil=pupil_a, **FULL_PROFILE)
    pdf = get(client, senco, "documents:profile_pdf", pupil_a.pk, query="?large=1").content
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2 and smallest_type(pdf) >= 18


def test_large_print_profile_is_at_least_18_point(client, senco, school, pupil_a):
    pdf = get(client, senco, "documents:profile_pdf", pupil_a.pk, query="?large=1").content
    assert min(min(sizes) for sizes in type_sizes(pdf)) >= 18


def test_teacher_gets_404_for_the_stranger_familys_profile(client, teacher, pupil_b):
    assert get(client, teacher, "documents:profile_pdf", pupil_b.pk).status_code == 404


def test_office_cannot_open_a_profile_pdf(client, office, pupil_a):
    assert get(client, office, "documents:profile_pdf", pupil_a.pk).status_code == 403


def letter(meeting, parent, body, **fields):
    now = timezone.now()
    return Message.objects.create(
        meeting=meeting,
        kind=MeetingMessageKind.NOTICE,
        parent=parent,
        channel=Channel.LETTER,
        due_at=now - datetime.timedelta(hours=1),
        for_starts_at=meeting.starts_at,
        expires_at=meeting.starts_at,
        next_attempt_at=now,
        status=MessageStatus.SENT,
        sent_at=now - datetime.timedelta(minutes=50),
        recipient_name=parent.full_name,
        recipient_address=parent.address,
        subject="A meeting about your child",
        body_text=body,
        **fields,
    )


@pytest.fixture
def letters(school, senco, pupil_a, pupil_b, parent_a, parent_b):
    family_a, family_b = parent_a.parent_record, parent_b.parent_record
    family_a.address = "4 Mill Lane\nHilltown"
    family_a.save()
    family_b.address = "9 Brook Street\nDaleford"
    family_b.needs_large_print = True
    family_b.save()
    return [
        letter(MeetingFactory(pupil=pupil_a, led_by=senco), family_a, "Dear Mrs Ashworth,\n\nA review with the SENCO."),
        letter(MeetingFactory(pupil=pupil_b, led_by=senco), family_b, "Dear Ms Barker,\n\nA meeting about Ben."),
    ]


def test_letters_pdf_has_every_letter_on_its_own_page(client, office, letters):
    response = get(client, office, "documents:letters_pdf")
    assert response.status_code == 200
    pages = page_texts(response.content)
    assert len(pages) == 2
    assert "Alice Ashworth" in pages[0] and "4 Mill Lane" in pages[0] and "A review with the SENCO." in pages[0]
    assert "Bella Barker" in pages[1] and "9 Brook Street" in pages[1] and "A meeting about Ben." in pages[1]
    assert "The special educational needs co-ordinator" in pages[0]  # this letter says SENCO
    assert "What some words mean" not in pages[1]  # this one uses no specialist word
    assert all("Hillside Primary School" in page for page in pages)


def test_letters_are_large_print_for_the_parent_who_needs_it(client, office, letters):
    standard, large = type_sizes(get(client, office, "documents:letters_pdf").content)
    assert min(standard) >= 14 and min(standard) < 18
    assert min(large) >= 18


def test_printed_letters_are_left_out(client, office, letters):
    Message.objects.filter(pk=letters[0].pk).update(printed_at=timezone.now())
    text = pdf_text(get(client, office, "documents:letters_pdf").content)
    assert "Alice Ashworth" not in text and "Bella Barker" in text


def test_teacher_cannot_download_the_letters(client, teacher, letters):
    assert get(client, teacher, "documents:letters_pdf").status_code == 403


def test_letters_page_offers_the_batch_pdf(client, office, letters):
    page = get(client, office, "notices:letters").content.decode()
    assert f'action="{reverse("documents:letters_batch")}"' in page


def test_profile_print_page_links_to_the_pdf(client, senco, pupil_a):
    page = get(client, senco, "pupils:profile_print", pupil_a.pk).content.decode()
    assert reverse("documents:profile_pdf", args=[pupil_a.pk]) in page


def test_each_letter_numbers_its_own_pages(client, office, letters):
    pages = page_texts(get(client, office, "documents:letters_pdf").content)
    assert all("Page 1 of 1" in page for page in pages)  # not 'Page 2 of 2' for the second family's letter


def test_a_composed_letter_prints_its_headings_in_bold(client, office, school, senco, pupil_a, parent_a):
    family = parent_a.parent_record
    family.address, family.email = "4 Mill Lane\nHilltown", ""
    family.save()
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, place="The library")
    message = letter(meeting, family, "")
    compose(message)
    message.save()

    pdf = get(client, office, "documents:letters_pdf").content
    text = pdf_text(pdf)
    assert "The library" in text and meeting.starts_at.strftime("%-d %B %Y") in text
    bold_words = "".join(
        char.get_text() for page in extract_pages(io.BytesIO(pdf)) for char in chars(page) if "Bold" in char.fontname
    )
    assert "When" in bold_words and "Where" in bold_words
    assert "<h2" not in text and "style=" not in text  # markup is printed as headings, never as text


def test_no_letters_waiting_gives_a_page_that_says_so(client, office, school):
    text = pdf_text(get(client, office, "documents:letters_pdf").content)
    assert "There are no letters waiting to be printed." in text
