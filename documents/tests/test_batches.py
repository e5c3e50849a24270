"""Today's letters prepared as one PDF by the worker, then downloaded."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents.batches import prepare
from documents.models import PreparedDocument, PreparedStatus
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import MeetingFactory
from notices.models import Channel, Message, MessageStatus
from pupils.tests.factories import ParentCarerFactory


@pytest.fixture
def letter(db, pupil_a):
    parent = ParentCarerFactory(first_name="Lena", last_name="Letterby", email="", address="1 High Street\nNottingham")
    meeting = MeetingFactory(pupil=pupil_a)
    return Message.objects.create(
        meeting=meeting,
        kind=MeetingMessageKind.NOTICE,
        parent=parent,
        channel=Channel.LETTER,
        due_at=timezone.now(),
        expires_at=meeting.starts_at,
        next_attempt_at=timezone.now(),
        for_starts_at=meeting.starts_at,
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        recipient_name="Mrs Lena Letterby",
        recipient_address="1 High Street\nNottingham",
        subject="Meeting about Amelia",
        body_text="Dear Mrs Letterby,\n\nI would like to invite you to a meeting.",
    )


def test_office_asks_for_the_batch_and_downloads_it_when_ready(
    client, office, letter, django_capture_on_commit_callbacks
):
    client.force_login(office)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("documents:letters_batch"))
    document = PreparedDocument.objects.get()
    assert response["Location"] == reverse("documents:prepared", args=[document.pk])
    assert len(callbacks) == 1  # the task is queued once the request's transaction commits
    waiting = client.get(response["Location"]).content.decode()
    assert "being prepared" in waiting and 'http-equiv="refresh"' in waiting

    assert prepare(document.pk) == PreparedStatus.READY
    assert prepare(document.pk) == "not claimed"  # a redelivered task renders nothing twice
    assert "Download the PDF" in client.get(response["Location"]).content.decode()
    pdf = client.get(reverse("documents:prepared_pdf", args=[document.pk])).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Mrs Lena Letterby" in text and "1 High Street" in text


def test_a_batch_belongs_to_the_person_who_asked(client, office, senco, letter):
    document = PreparedDocument.objects.create(kind="letters", requested_by=senco)
    client.force_login(office)
    assert client.get(reverse("documents:prepared", args=[document.pk])).status_code == 404


def test_teachers_cannot_prepare_letters(client, teacher):
    client.force_login(teacher)
    assert client.post(reverse("documents:letters_batch")).status_code == 403
