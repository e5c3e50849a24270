"""Subject access: everything held about a pupil, or a parent or carer, as one zip, for the SENCO only; nothing
about another family in it; and each export written to the access log."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from booking import rules
from booking.models import Invitation
from booking.tests.factories import review_day_with
from documents.records import store_shared_pdf
from documents.tests.pdfs import pdf_text
from meetings.records import finalise, share
from meetings.tests.factories import ActionPointFactory, InviteeFactory, MeetingFactory, MeetingRecordFactory
from plan_comments.models import PlanComment
from privacy.access_log import AccessAction
from privacy.models import AccessLogEntry
from pupils.models import ProgressNote
from pupils.tests.factories import (
    OnePageProfileFactory,
    OutcomeFactory,
    ProfessionalInvolvementFactory,
    ProvisionFactory,
)
from support_plans import cycle
from support_plans.cycle import ResultGiven
from support_plans.models import Result
from support_plans.tests.factories import finalised_plan

PUPIL_FILES = {
    "README.txt",
    "pupil.json",
    "history.json",
    "one-page-profile.json",
    "outcomes.json",
    "provision.json",
    "support-plans.json",
    "plan-comments.json",
    "professionals.json",
    "meetings.json",
    "meeting-records.json",
    "action-points.json",
    "messages.json",
    "review-days.json",
    "access-log.json",
    "pdfs/one-page-profile.pdf",
}
PARENT_FILES = {
    "README.txt",
    "parent.json",
    "history.json",
    "messages.json",
    "plan-comments.json",
    "meetings.json",
    "action-points.json",
    "review-days.json",
    "access-log.json",
}


def family_file(pupil, parent, senco, office, review_day, slot_index):
    """A year's worth for one family: profile, a target with a progress note, provision, a professional, a
    meeting with its record finalised and shared, the parent's action point, and a review-day booking."""
    OnePageProfileFactory(pupil=pupil, important_to_me=f"{pupil.first_name}'s dog and football.")
    outcome = OutcomeFactory(pupil=pupil, description=f"{pupil.first_name} reads 30 common words by sight.")
    ProgressNote.objects.create(outcome=outcome, note=f"{pupil.first_name} knows 18 of the 30.", recorded_by=senco)
    ProvisionFactory(pupil=pupil)
    ProfessionalInvolvementFactory(pupil=pupil)
    plan = finalised_plan(pupil, senco, outcomes=1, aspirations=f"{pupil.first_name} wants to be a vet.")
    PlanComment.objects.create(plan=plan, parent=parent, worries=f"{pupil.first_name} is tired on Thursdays.")
    results = [ResultGiven(plan.outcomes.get(), f"{pupil.first_name} reads 20 of the 30.", Result.PARTLY_MET)]
    cycle.record_review(plan, held_on=plan.starts_on, held_by=senco, notes="", results=results, user=senco)
    meeting = MeetingFactory(pupil=pupil, led_by=senco, held=True)
    InviteeFactory(meeting=meeting, as_parent=True, parent=parent)
    ActionPointFactory(meeting=meeting, for_parent=True, owner_parent=parent)
    version = finalise(MeetingRecordFactory(meeting=meeting), senco)
    store_shared_pdf(share(version, senco))
    Invitation.objects.create(review_day=review_day, pupil=pupil, invited_by=senco)
    rules.book(review_day.slots.filter(staff=senco)[slot_index], pupil, office)
    return meeting


@pytest.fixture
def families(senco, office, pupil_a, pupil_b, parent_a, parent_b):
    review_day = review_day_with(senco)
    family_file(pupil_a, parent_a.parent_record, senco, office, review_day, 0)
    family_file(pupil_b, parent_b.parent_record, senco, office, review_day, 1)


def open_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(response.content))


def every_word(archive: zipfile.ZipFile) -> str:
    """The text of every file: JSON and README as written, PDFs as read."""
    texts = []
    for name in archive.namelist():
        content = archive.read(name)
        texts.append(pdf_text(content) if name.endswith(".pdf") else content.decode())
    return "\n".join(texts)


def export_pupil(client, pupil):
    return client.post(reverse("overview:pupil_subject_access", args=[pupil.pk]))


def test_pupil_export_holds_every_kind_of_record_and_the_pdfs(client, senco, pupil_a, families):
    client.force_login(senco)
    archive = open_zip(export_pupil(client, pupil_a))
    names = set(archive.namelist())
    assert names >= PUPIL_FILES
    assert any(name.startswith("pdfs/records/record-Amelia-") for name in names)
    assert any(name.startswith("pdfs/given-to-parents/record-Amelia-") for name in names)

    outcomes = json.loads(archive.read("outcomes.json"))
    assert outcomes[0]["description"] == "Amelia reads 30 common words by sight."
    assert [note["note"] for note in outcomes[0]["progress_notes"]] == ["Amelia knows 18 of the 30."]
    plans = json.loads(archive.read("support-plans.json"))
    assert [(plan["number"], plan["status"]) for plan in plans] == [(1, "finalised"), (2, "draft")]
    assert plans[0]["aspirations"] == "Amelia wants to be a vet."
    assert [c["worries"] for c in json.loads(archive.read("plan-comments.json"))] == ["Amelia is tired on Thursdays."]
    assert plans[0]["outcomes"][0]["result_at_review"]["evidence"] == "Amelia reads 20 of the 30."
    assert plans[0]["review"]["held_on"]
    assert plans[1]["outcomes"][0]["carried_from_id"] == plans[0]["outcomes"][0]["id"]
    assert {p["what"] for p in plans[0]["provision"]} == {
        "Support for outcome 1",
        "Coloured overlay and a reading ruler",
    }
    meetings = json.loads(archive.read("meetings.json"))
    assert len(meetings) == 2  # the review meeting and the review-day appointment
    assert "Alice Ashworth" in {invitee["name"] for meeting in meetings for invitee in meeting["invitees"]}
    records = json.loads(archive.read("meeting-records.json"))
    assert records[0]["versions"][0]["number"] == 1
    assert records[0]["versions"][0]["content"]["pupil"] == "Amelia Ashworth"
    pupil = json.loads(archive.read("pupil.json"))
    assert (pupil["sen_status"], pupil["sen_status_label"]) == ("K", "SEN support")
    assert pupil["parents_and_carers"][0]["name"] == "Alice Ashworth"
    assert "mobile_phone" not in json.dumps(pupil)  # a parent's contact details are in the parent's own export
    assert {entry["record"] for entry in json.loads(archive.read("history.json"))} >= {
        "Pupil details",
        "Target",
        "SEN support plan",
        "Outcome reviewed",
    }
    assert json.loads(archive.read("review-days.json"))["bookings"]
    assert json.loads(archive.read("messages.json"))

    profile = pdf_text(archive.read("pdfs/one-page-profile.pdf"))
    assert "Amelia's dog and football." in profile
    readme = archive.read("README.txt").decode()
    assert "outcomes.json" in readme and "Targets (outcomes)" in readme


def test_pupil_export_holds_nothing_about_another_family(client, senco, pupil_a, pupil_b, families):
    client.force_login(senco)
    words = every_word(open_zip(export_pupil(client, pupil_a)))
    assert "Amelia" in words
    for stranger in ("Ben Barker", "Bella", "Barker", pupil_b.upn):
        assert stranger not in words


def test_pupil_export_is_written_to_the_access_log(client, senco, pupil_a, families):
    client.force_login(senco)
    archive = open_zip(export_pupil(client, pupil_a))
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORTED)
    assert (entry.user, entry.pupil) == (senco, pupil_a)
    assert "Subject access" in entry.what
    # The export lists itself among the times the record was opened.
    assert [e["what"] for e in json.loads(archive.read("access-log.json"))] == [entry.what]


def test_parent_export_holds_their_details_messages_meetings_and_shared_records(
    client, senco, parent_a, pupil_a, pupil_b, families
):
    parent = parent_a.parent_record
    parent.needs_interpreter, parent.preferred_language = True, "Polish"
    parent.save()
    client.force_login(senco)
    archive = open_zip(client.post(reverse("overview:parent_subject_access", args=[parent.pk])))
    names = set(archive.namelist())
    assert names >= PARENT_FILES
    assert any(name.startswith("pdfs/given-to-parents/record-Amelia-") for name in names)
    details = json.loads(archive.read("parent.json"))
    assert (details["email"], details["mobile_phone"]) == ("parent.a@home.example", "07700 900123")
    assert details["access_needs"] == ["Polish interpreter"]
    assert [child["name"] for child in details["children"]] == ["Amelia Ashworth"]
    assert {m["parent_id"] for m in json.loads(archive.read("messages.json"))} == {parent.pk}
    assert len(json.loads(archive.read("meetings.json"))) == 2
    assert json.loads(archive.read("action-points.json"))[0]["owner_parent_id"] == parent.pk
    assert [c["worries"] for c in json.loads(archive.read("plan-comments.json"))] == ["Amelia is tired on Thursdays."]

    words = every_word(archive)
    for stranger in ("Ben Barker", "Bella", "Barker", pupil_b.upn):
        assert stranger not in words
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORTED)
    assert (entry.parent, entry.pupil) == (parent, None)


@pytest.mark.parametrize("role", ["teacher", "office", "head", "parent_a"])
def test_only_the_senco_may_export(client, request, role, pupil_a, parent_a):
    client.force_login(request.getfixturevalue(role))
    assert export_pupil(client, pupil_a).status_code == 403
    assert client.post(reverse("overview:parent_subject_access", args=[parent_a.parent_record.pk])).status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_export_is_a_post_only(client, senco, pupil_a):
    client.force_login(senco)
    assert client.get(reverse("overview:pupil_subject_access", args=[pupil_a.pk])).status_code == 405


def test_export_of_an_unknown_pupil_or_parent_is_not_found(client, senco):
    client.force_login(senco)
    assert client.post(reverse("overview:pupil_subject_access", args=[999_999])).status_code == 404
    assert client.post(reverse("overview:parent_subject_access", args=[999_999])).status_code == 404


def test_a_pupil_with_nothing_recorded_yet_still_exports(client, senco, pupil_b):
    client.force_login(senco)
    archive = open_zip(export_pupil(client, pupil_b))
    assert json.loads(archive.read("one-page-profile.json")) is None
    assert json.loads(archive.read("meetings.json")) == []
    assert pdf_text(archive.read("pdfs/one-page-profile.pdf"))


def test_export_buttons_show_for_the_senco(client, senco, pupil_a, parent_a):
    client.force_login(senco)
    pupil_page = client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk])).content.decode()
    assert reverse("overview:pupil_subject_access", args=[pupil_a.pk]) in pupil_page
    family_page = client.get(reverse("pupils:family_detail", args=[pupil_a.pk])).content.decode()
    assert reverse("overview:parent_subject_access", args=[parent_a.parent_record.pk]) in family_page


def test_office_sees_no_export_button_on_the_family_page(client, office, pupil_a, parent_a):
    client.force_login(office)
    family_page = client.get(reverse("pupils:family_detail", args=[pupil_a.pk])).content.decode()
    assert "Subject access export" not in family_page


def test_parent_export_draws_a_shared_record_whose_pdf_was_never_stored(client, senco, parent_a, pupil_a):
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, held=True)
    share(finalise(MeetingRecordFactory(meeting=meeting), senco), senco)  # shared, no stored copy
    client.force_login(senco)
    archive = open_zip(client.post(reverse("overview:parent_subject_access", args=[parent_a.parent_record.pk])))
    [name] = [name for name in archive.namelist() if name.startswith("pdfs/given-to-parents/")]
    assert "Amelia Ashworth" in pdf_text(archive.read(name))
    assert "no copy of the PDF was stored" in archive.read("README.txt").decode()


def test_two_records_from_one_day_keep_a_file_each_in_the_export(client, senco, parent_a, pupil_a):
    morning = MeetingFactory(pupil=pupil_a, led_by=senco, held=True)
    follow_up = MeetingFactory(pupil=pupil_a, led_by=senco, held=True, starts_at=morning.starts_at)
    for meeting in (morning, follow_up):
        share(finalise(MeetingRecordFactory(meeting=meeting), senco), senco)
    client.force_login(senco)
    archive = open_zip(client.post(reverse("overview:parent_subject_access", args=[parent_a.parent_record.pk])))
    given = [name for name in archive.namelist() if name.startswith("pdfs/given-to-parents/")]
    assert len(given) == len(set(given)) == 2
