"""A name typed before names were checked (or arriving some other way) can still hold a line break, quotes or
`../`: every download of that child still opens, with a plain file name, and a zip's files stay in its folder."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from booking.tests.factories import review_day_with
from events.models import Handout
from events.tests.factories import EventFactory
from overview.tests.test_subject_access import family_file
from pupils.models import ParentCarer, Pupil

HOSTILE = "Mai\r\nX-Injected: yes"
CLIMBING = '../../"Zoë"'


def assert_plain_file_name(response, ending: str) -> str:
    assert response.status_code == 200
    header = response["Content-Disposition"]
    name = header.split('filename="', 1)[1]
    assert name.endswith(f'{ending}"') and name.count('"') == 1
    assert all(character.isascii() and (character.isalnum() or character in '.-"') for character in name)
    return name


@pytest.mark.parametrize("preferred_name", [HOSTILE, CLIMBING, "Мария"])
def test_a_record_pdf_opens_whatever_the_childs_name_holds(client, senco, version_a, pupil_a, preferred_name):
    Pupil.objects.filter(pk=pupil_a.pk).update(preferred_name=preferred_name)
    client.force_login(senco)
    url = reverse("documents:record_pdf", args=[version_a.pk])
    assert assert_plain_file_name(client.get(url), ".pdf").startswith("record-")
    assert assert_plain_file_name(client.get(url + "?as=minutes"), ".pdf").startswith("minutes-record-")


def test_a_subject_access_zip_keeps_every_file_inside_its_folder(client, senco, office, pupil_a, parent_a):
    family_file(pupil_a, parent_a.parent_record, senco, office, review_day_with(senco), 0)
    Pupil.objects.filter(pk=pupil_a.pk).update(preferred_name=CLIMBING, legal_last_name=HOSTILE)
    ParentCarer.objects.filter(pk=parent_a.parent_record.pk).update(first_name=CLIMBING, last_name=HOSTILE)
    client.force_login(senco)
    for url in (
        reverse("overview:pupil_subject_access", args=[pupil_a.pk]),
        reverse("overview:parent_subject_access", args=[parent_a.parent_record.pk]),
    ):
        response = client.post(url)
        assert_plain_file_name(response, ".zip")
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert any(name.startswith("pdfs/given-to-parents/record-Zoe-") for name in names)
        for name in names:
            assert not name.startswith("/") and ".." not in name.split("/") and "\n" not in name and '"' not in name


def test_a_handout_downloads_under_its_title_made_plain(client, senco, teacher):
    handout = Handout.objects.create(
        event=EventFactory(created_by=senco), title=CLIMBING, file=ContentFile(b"%PDF-1.4", name="leaflet.pdf")
    )
    client.force_login(teacher)
    response = client.get(reverse("events:handout", args=[handout.pk]))
    assert 'filename="Zoe.pdf"' in response["Content-Disposition"]
