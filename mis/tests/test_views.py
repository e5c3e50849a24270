"""The SENCO's import from the MIS as they use it: upload, questions, preview, apply."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from mis.models import ColumnMapping, PendingImport
from mis.tests.builders import contact_xml, ctf_xml, pupil_xml, sen_xml, upn
from mis.tests.csv_builders import csv_text, pupil, sims_csv
from mis.tests.test_importer import child
from pupils.models import ParentCarer, Pupil, PupilParent
from pupils.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def senco_client(client, senco):
    client.force_login(senco)
    return client


def upload(client, data: bytes, name: str = "school.xml", partial: bool = False):
    form = {"file": SimpleUploadedFile(name, data)}
    if partial:
        form["partial"] = "on"
    return client.post(reverse("mis:upload"), form, follow=True)


def token_of(response) -> str:
    return PendingImport.objects.get().token


def whole_school() -> bytes:
    return ctf_xml(
        child(1, sen=sen_xml("2024-09-02", "K", (("SLCN", "1"),)), contacts=contact_xml(email="grace@example.org")),
        child(2, forename="Ruth", year=3, contacts=contact_xml(email="grace@example.org")),
    )


def test_upload_preview_and_apply_a_whole_school_ctf(senco_client):
    response = upload(senco_client, whole_school())

    page = response.content.decode()
    assert "Check before anything changes" in page and "No problems found" in page
    assert Pupil.objects.count() == 0  # the preview changes nothing
    summary = re.sub(r"\s+", " ", re.search(r'id="import-summary">(.*?)</dl>', page, re.S).group(1))
    assert "New pupils</dt><dd" in summary and ">2</dd>" in summary

    applied = senco_client.post(reverse("mis:apply", args=[token_of(response)]), follow=True)

    assert applied.redirect_chain[-1][0].endswith("?show=school")
    assert "Applied from the MIS: 2 new pupils" in applied.content.decode()
    assert Pupil.objects.count() == 2 and ParentCarer.objects.count() == 1 and PupilParent.objects.count() == 2
    assert PendingImport.objects.count() == 0
    # Only Daniel is on the SEND register; the whole school shows Ruth too, marked No SEN.
    register = senco_client.get(reverse("pupils:register")).content.decode()
    assert "Daniel" in register and "Ruth" not in register
    school = senco_client.get(reverse("pupils:register") + "?show=school").content.decode()
    assert "Ruth" in school and "No SEN" in school

    again = upload(senco_client, whole_school())
    assert "The register already matches this file" in again.content.decode()


def test_a_refused_file_lists_every_problem_and_stores_nothing(senco_client):
    bad_upn = "A" + upn(1)[1:] if upn(1)[0] != "A" else "B" + upn(1)[1:]
    response = upload(senco_client, ctf_xml(pupil_xml(upn_=bad_upn), pupil_xml(upn_=upn(2), dob="14/03/2015")))

    page = response.content.decode()
    assert "Nothing has changed" in page and "2 problems" in page
    assert bad_upn in page and "DOB" in page and "14/03/2015" in page
    assert 'action="/mis/import/' not in page.split("import-problems")[1]  # no Apply button
    assert Pupil.objects.count() == 0


def test_an_entity_bomb_is_refused_not_expanded(senco_client):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE CTfile [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<CTfile>&b;</CTfile>"
    )

    page = upload(senco_client, bomb).content.decode()

    assert "Nothing has changed" in page and "DTD or XML entities" in page


def test_a_windows_1252_csv_is_caught_before_anything_is_stored(senco_client):
    text = sims_csv(pupil(forename="Zoë", surname="Brontë", preferred_forename="Zoë"))

    response = upload(senco_client, text.encode("cp1252"), name="students.csv")

    page = response.content.decode()
    assert "was not saved as UTF-8" in page and "Windows-1252" in page and "Zoë" in page
    assert Pupil.objects.count() == 0
    token = token_of(response)
    refused = senco_client.post(reverse("mis:encoding", args=[token]), {"encoding": "utf-16"}, follow=True)
    assert "not the encoding shown" in refused.content.decode()

    confirmed = senco_client.post(reverse("mis:encoding", args=[token]), {"encoding": "cp1252"}, follow=True)

    assert "No problems found" in confirmed.content.decode()
    senco_client.post(reverse("mis:apply", args=[token]))
    assert Pupil.objects.get().legal_first_name == "Zoë"


def test_an_unknown_csv_is_read_through_the_columns_the_senco_matches_and_remembered(senco_client):
    headings = ["Pupil UPN", "Family name", "Given name", "Birth date", "NC Year", "SEN", "Main need"]
    row = [upn(1), "Okafor", "Daniel", "14/03/2015", "5", "K", "SLCN"]
    data = csv_text(headings, [row]).encode()

    page = upload(senco_client, data, name="other.csv").content.decode()

    assert "Match the columns" in page
    token = token_of(None)
    choices = {
        "upn": "Pupil UPN",
        "surname": "Family name",
        "forename": "Given name",
        "date_of_birth": "Birth date",
        "year_group": "NC Year",
        "sen_status": "SEN",
        "primary_need": "Main need",
    }
    twice = senco_client.post(reverse("mis:columns", args=[token]), {**choices, "forename": "Family name"})
    assert "already chosen" in twice.content.decode()  # re-shown with what was chosen, nothing stored
    assert ColumnMapping.objects.count() == 0

    preview = senco_client.post(reverse("mis:columns", args=[token]), choices, follow=True)

    assert "No problems found" in preview.content.decode()
    assert ColumnMapping.objects.get().mapping["surname"] == "Family name"
    # Next time, the same headings are read without asking.
    PendingImport.objects.all().delete()
    assert "No problems found" in upload(senco_client, data, name="other.csv").content.decode()


def test_applying_after_the_register_changed_shows_the_preview_again(senco_client):
    pupil_here = PupilFactory(upn=upn(1), legal_first_name="Daniel", legal_last_name="Okafor")
    response = upload(senco_client, whole_school())
    pupil_here.legal_first_name = "Danny"
    pupil_here.save()

    applied = senco_client.post(reverse("mis:apply", args=[token_of(response)]), follow=True)

    assert "The register changed after you opened the preview" in applied.content.decode()
    assert Pupil.objects.count() == 1


@pytest.mark.parametrize(
    "tampered", [{"same_person_n1": "abc"}, {"gone_x": "remove"}, {"gone_5": "delete"}, {"same_person_n1": "999"}]
)
def test_tampered_answers_are_refused_with_a_message(senco_client, tampered):
    response = upload(senco_client, whole_school())

    applied = senco_client.post(reverse("mis:apply", args=[token_of(response)]), tampered, follow=True)

    assert applied.status_code == 200
    assert "Nothing was applied" in applied.content.decode()
    assert Pupil.objects.count() == 0


def test_another_persons_upload_cannot_be_opened(senco_client):
    response = upload(senco_client, whole_school())
    token = token_of(response)
    client = type(senco_client)()
    client.force_login(UserFactory(role="senco"))

    page = client.get(reverse("mis:preview", args=[token]), follow=True)

    assert "Please upload the file again" in page.content.decode()
    client.post(reverse("mis:apply", args=[token]))
    assert Pupil.objects.count() == 0


def test_a_file_over_the_limit_is_refused_saying_the_limit(senco_client, monkeypatch):
    monkeypatch.setattr("mis.forms.MAX_CTF_BYTES", 100)

    page = upload(senco_client, whole_school()).content.decode()

    assert "the limit is" in page and PendingImport.objects.count() == 0


def test_a_pupil_with_no_sen_is_found_and_added_to_sen_support_with_who_and_when(senco_client, senco):
    pupil = PupilFactory(
        upn=upn(5),
        legal_first_name="Ruth",
        legal_last_name="Okafor",
        sen_status="N",
        primary_need="",
        added_to_register_on=datetime.date(2026, 7, 15),
    )
    register = reverse("pupils:register")
    searched = senco_client.get(register + "?q=Ruth")
    assert pupil not in searched.context["pupils"]
    assert "search the whole school" in searched.content.decode()
    assert pupil in senco_client.get(register + "?q=Ruth&show=school").context["pupils"]
    assert "Add to SEN support" in senco_client.get(reverse("pupils:pupil_detail", args=[pupil.pk])).content.decode()
    form = senco_client.get(reverse("pupils:pupil_edit", args=[pupil.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "teaching_assistants"}
    data["initial-added_to_register_on"] = "2026-07-15"  # as the page sends it (a field with a default)

    senco_client.post(reverse("pupils:pupil_edit", args=[pupil.pk]), data | {"sen_status": "K", "primary_need": "SPLD"})

    pupil.refresh_from_db()
    assert (pupil.sen_status, pupil.added_to_register_on) == ("K", timezone.localdate())
    latest = pupil.history.first()
    assert (latest.history_user, latest.prev_record.sen_status) == (senco, "N")
    assert pupil in senco_client.get(register).context["pupils"]


def test_an_upload_not_applied_is_forgotten_after_a_day(senco_client):
    upload(senco_client, whole_school())
    PendingImport.objects.update(uploaded_at=timezone.now() - datetime.timedelta(days=1, minutes=1))

    upload(senco_client, whole_school())

    assert PendingImport.objects.count() == 1
    assert PendingImport.objects.get().uploaded_at > timezone.now() - datetime.timedelta(minutes=5)


def test_a_leavers_page_says_once_that_they_left(senco_client):
    left = datetime.date(2026, 7, 15)
    pupil = PupilFactory(
        upn=upn(6), left_school_on=left, removed_from_register_on=left, removal_reason="Left the school (MIS)"
    )

    page = senco_client.get(reverse("pupils:pupil_detail", args=[pupil.pk])).content.decode()

    assert (
        "Left the school on 15 July 2026 (not in the MIS's whole-school export), and so left the SEND register" in page
    )
    assert "Left the register on" not in page and "Add to SEN support" not in page
