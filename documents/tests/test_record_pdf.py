"""The record of a meeting as a PDF a parent can read: what it says, how it looks, who may open it."""

import pytest
from django.urls import reverse

from documents.models import SharedRecordPdf
from meetings.records import amend, finalise

from .pdfs import catalog, pdf_text, smallest_type


def record_pdf(client, user, version, query=""):
    client.force_login(user)
    return client.get(reverse("documents:record_pdf", args=[version.pk]) + query)


def test_record_pdf_has_the_pupil_the_date_and_every_action_point(client, senco, version_a):
    response = record_pdf(client, senco, version_a)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    meeting = version_a.record.meeting
    day = meeting.meeting_date
    assert "Amelia Ashworth" in text
    assert f"{day:%A} {day.day} {day:%B %Y}" in text
    assert "Hillside Primary School" in text
    assert "01234 567890" in text and "office@hillside.example" in text
    for action in meeting.action_points.all():
        assert action.description in text
        assert action.owner_name in text
        assert f"{action.due_on.day} {action.due_on:%b %Y}" in text


def test_record_pdf_explains_the_terms_it_uses_and_no_others(client, senco, version_a):
    text = pdf_text(record_pdf(client, senco, version_a).content)
    assert "What some words mean" in text
    assert "Speech and language therapy. A speech and language therapist helps" in text  # SALT is used
    assert "The extra help a school gives a child with special educational needs" in text  # 'SEN support review'
    assert "Child and adolescent mental health services" not in text  # CAMHS is not
    assert "An education, health and care plan. A legal document" not in text


def test_record_pdf_body_text_is_at_least_14_point(client, senco, version_a):
    assert smallest_type(record_pdf(client, senco, version_a).content) >= 14


def test_large_print_record_is_at_least_18_point(client, senco, version_a):
    assert smallest_type(record_pdf(client, senco, version_a, "?large=1").content) >= 18


def test_a_parent_who_needs_large_print_gets_it_without_asking(client, senco, version_a, parent_a):
    parent_a.parent_record.needs_large_print = True
    parent_a.parent_record.save()
    assert smallest_type(record_pdf(client, senco, version_a).content) >= 18
    assert smallest_type(record_pdf(client, senco, version_a, "?large=0").content) < 18


def test_record_pdf_is_tagged_with_its_language_title_and_author(client, senco, version_a):
    root, metadata = catalog(record_pdf(client, senco, version_a).content)
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert metadata.title.startswith("Record of the meeting about Amelia Ashworth")
    assert metadata.author == "Hillside Primary School"


def test_sharing_keeps_the_pdf_the_parents_were_given(client, senco, version_a):
    client.force_login(senco)
    client.post(reverse("meetings:version_share", args=[version_a.pk]))
    stored = SharedRecordPdf.objects.get(version=version_a)
    given = stored.pdf.read()
    assert given.startswith(b"%PDF")
    assert record_pdf(client, senco, version_a).content == given


def test_a_shared_record_downloads_byte_identical_after_it_is_amended(client, senco, version_a):
    client.force_login(senco)
    client.post(reverse("meetings:version_share", args=[version_a.pk]))
    given = record_pdf(client, senco, version_a).content

    record = amend(version_a.record, "The date for the sight words was wrong.")
    record.summary = "We changed the date for the sight words."
    record.save()
    version_2 = finalise(record, senco)

    assert record_pdf(client, senco, version_a).content == given
    assert "We changed the date for the sight words." in pdf_text(record_pdf(client, senco, version_2).content)
    assert "We changed the date" not in pdf_text(given)


def test_teacher_gets_404_for_the_stranger_familys_record(client, teacher, version_b):
    assert record_pdf(client, teacher, version_b).status_code == 404


def test_teacher_opens_their_own_pupils_record(client, teacher, version_a):
    assert record_pdf(client, teacher, version_a).status_code == 200


def test_office_cannot_open_a_record_pdf(client, office, version_a):
    assert record_pdf(client, office, version_a).status_code == 403


@pytest.mark.parametrize("role", ["parent_a", "head"])
def test_parents_and_head_cannot_open_a_record_pdf_here(client, request, role, version_a):
    assert record_pdf(client, request.getfixturevalue(role), version_a).status_code == 403


def test_record_page_links_to_both_pdfs(client, senco, version_a):
    client.force_login(senco)
    page = client.get(reverse("meetings:version", args=[version_a.pk])).content.decode()
    url = reverse("documents:record_pdf", args=[version_a.pk])
    assert f'href="{url}"' in page and f'href="{url}?large=1"' in page


def test_minutes_name_who_was_present_and_every_action(client, senco, version_a):
    response = record_pdf(client, senco, version_a, "?as=minutes")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Minutes of the meeting about Amelia Ashworth" in text
    assert "Present, and apologies" in text and "Present: Alice Ashworth (Mother); Tia Teacher (Class teacher)" in text
    for action in version_a.record.meeting.action_points.all():
        assert action.description in text and action.owner_name in text
    assert "Signed as a true record" in text
    assert catalog(response.content)[1].title.startswith("Minutes of the meeting about Amelia Ashworth")
    assert smallest_type(response.content) >= 14


def test_minutes_of_a_stranger_familys_meeting_are_not_found(client, teacher, version_b):
    assert record_pdf(client, teacher, version_b, "?as=minutes").status_code == 404
