"""What families read, measured on the demo school: every kind of letter, notice, reminder and invitation (as an
email and as a printed letter), a meeting record and a one-page profile reads easily (Flesch reading ease at least
70) and explains every specialist word it uses, in its own "What some words mean"."""

import re
from datetime import date
from html import unescape

import pytest
import textstat
from django.utils import timezone

from accounts.models import Role, User
from documents.deliveries import send_to_family
from documents.glossary import TAG, glossary_for
from documents.letters import letter_html
from documents.records import profile_context, record_html
from documents.rendering import render_html
from meetings.models import MeetingStatus, RecordVersion
from notices.content import compose
from notices.models import Channel, Message
from pupils.models import OnePageProfile, Pupil, SenStatus
from pupils.sen_changes import SenChange
from sen_letters.drafting import draft_letters
from sen_letters.sending import approve

pytestmark = pytest.mark.django_db

DEMO_DAY = date(2026, 11, 24)
EASY_ENOUGH = 70  # Flesch reading ease: 70 and above is "fairly easy", plain English for most adults

# Addresses, links and numbers are copied, not read: they are not prose to score.
NOT_PROSE = re.compile(r"https?://\S+|\S+@\S+|\b\d[\d ]{6,}\d\b|\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")

# Every kind of message a family gets, by letter or by email (a reminder call is the office's script, not theirs).
KINDS = [
    "notice",
    "reminder",
    "change",
    "cancellation",
    "invitation",
    "event_invitation",
    "event_reminder",
    "loan_due_back",
    "record_shared",
    "sen_status_letter",
]
GLOSSARY_HEADING = "What some words mean"


# A heading, a line of an address, an item in a list or a key fact is read as a unit of its own, as a sentence is.
BLOCK = re.compile(r"<(?:/?(?:p|div|h[1-6]|li|dt|dd|tr|address|header|footer|section|aside|article)\b[^>]*|br\s*/?)>")


def lines_of(html: str) -> str:
    """A rendered page's words, a line for each block, as the reader meets them."""
    body = html.partition("<body")[2] or html
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", body, flags=re.DOTALL)
    return unescape(TAG.sub(" ", BLOCK.sub("\n", body)))


def reading_ease(text: str) -> float:
    """Flesch reading ease of the words a family reads, each line counted as a sentence (a line without a full stop
    is a heading, a key fact or a line of an address), leaving out links, addresses and numbers."""
    lines = (" ".join(NOT_PROSE.sub(" ", line).split()) for line in text.splitlines())
    sentences = [line if line[-1] in ".!?" else f"{line}." for line in lines if line]
    textstat.set_lang("en_GB")
    return textstat.flesch_reading_ease(" ".join(sentences))


def explained_and_not(text: str) -> tuple[set[str], set[str]]:
    """The terms a text's own words use, and those its "What some words mean" explains."""
    words, _, explained = text.partition(GLOSSARY_HEADING)
    return {term.term for term in glossary_for(words)}, {term.term for term in glossary_for(explained)}


def a_message_of_each_kind() -> dict[str, Message]:
    """One message to a family of every kind: from the demo where it has one, else made as the site makes them."""
    senco = User.objects.filter(role=Role.SENCO).order_by("pk").first()
    found = {
        kind: Message.objects.filter(kind=kind).exclude(parent=None).order_by("pk").first()
        for kind in KINDS
        if Message.objects.filter(kind=kind).exclude(parent=None).exists()
    }
    notice = found["notice"]
    for kind in ("change", "cancellation"):
        copy = Message.objects.get(pk=notice.pk)
        copy.pk, copy.kind = None, kind
        copy.save()
        found[kind] = copy
    found["cancellation"].meeting.status = MeetingStatus.CANCELLED
    found["cancellation"].meeting.cancellation_reason = "Mrs Whitfield is away on a course that day."
    found["cancellation"].meeting.save()
    version = RecordVersion.objects.filter(shared_at__isnull=False).order_by("-pk").first()
    found["record_shared"] = send_to_family(version)[0].message
    pupil = (
        Pupil.objects.on_register()
        .filter(sen_status=SenStatus.SEN_SUPPORT, year_group__lte=11, parent_links__has_parental_responsibility=True)
        .order_by("pk")
        .first()
    )
    [letter] = draft_letters([SenChange(pupil, SenStatus.NO_SEN, SenStatus.SEN_SUPPORT, DEMO_DAY, senco)])
    found["sen_status_letter"] = approve(letter, senco)[0]
    assert set(found) == set(KINDS)
    return found


@pytest.fixture
def messages(demo_school, on_date):
    on_date(DEMO_DAY)
    return a_message_of_each_kind()


def as_email(message: Message) -> str:
    message.channel = Channel.EMAIL
    compose(message)
    return f"{message.subject}\n{message.body_text}"


def as_letter(message: Message) -> str:
    message.channel = Channel.LETTER
    compose(message)
    return lines_of(letter_html(message))


@pytest.mark.parametrize("kind", KINDS)
def test_every_email_and_letter_to_a_family_reads_easily_and_explains_its_words(messages, kind):
    message = messages[kind]
    for text in (as_email(message), as_letter(message)):
        used, explained = explained_and_not(text)
        assert used <= explained, f"{kind}: {sorted(used - explained)} used but not explained"
        assert reading_ease(text) >= EASY_ENOUGH, f"{kind}: reading ease {reading_ease(text):.0f}\n{text}"
        # Times written one way: "3:45pm", "9am", never "15:45", "09:00" or "3:45 p.m.".
        assert not re.findall(r"\b\d{1,2}:\d{2}\b|\b[ap]\.m\.", NOT_PROSE.sub(" ", text)), kind


def test_the_reminder_letter_explains_the_senco_next_to_the_signature(messages):
    """'<strong>Rachel Whitfield</strong><br>SENCO': the tag between the words once hid the term."""
    text = as_letter(messages["reminder"])
    assert GLOSSARY_HEADING in text and "co-ordinator" in text.partition(GLOSSARY_HEADING)[2]


def test_a_meeting_record_and_a_one_page_profile_read_easily_and_explain_their_words(demo_school):
    version = RecordVersion.objects.filter(shared_at__isnull=False).order_by("-pk").first()
    profile = OnePageProfile.objects.order_by("pk").first()
    for html in (
        record_html(version, large_print=False),
        render_html("documents/profile.html", profile_context(profile.pupil), title="Profile"),
    ):
        text = lines_of(html)
        used, explained = explained_and_not(text)
        assert used <= explained, f"{sorted(used - explained)} used but not explained"
        assert reading_ease(text) >= EASY_ENOUGH, f"reading ease {reading_ease(text):.0f}\n{text}"


def test_no_internal_names_reach_families(messages):
    for kind, message in messages.items():
        for text in (as_email(message), as_letter(message)):
            assert "slot" not in text.lower(), kind
            assert "SEND parent review day" not in text, kind
    assert timezone.localdate() == DEMO_DAY
