"""What a person types is checked where they type it: a name with a line break is refused with a message and
nothing is saved; a profile section longer than a person would write is refused, and the box says its limit."""

import datetime

from django.urls import reverse
from django.utils import timezone

from common.text import PARAGRAPHS
from pupils import ages
from pupils.models import OnePageProfile, Pupil
from pupils.upn import check_letter

HOSTILE = "Mai\r\nX-Injected: yes"


def new_pupil(**overrides) -> dict:
    today = timezone.localdate()
    born = today - datetime.timedelta(days=365 * 11)
    body = "820200126777"
    return {
        "legal_first_name": "Mai",
        "legal_last_name": "Nguyen",
        "date_of_birth": born.isoformat(),
        "year_group": str(ages.expected_year_group(born, today)),
        "form": "7Y",
        "upn": check_letter(body) + body,
        "sen_status": "K",
        "primary_need": "SLCN",
        "added_to_register_on": today.isoformat(),
    } | overrides


def test_a_name_with_a_line_break_is_refused_and_nothing_is_saved(client, senco):
    client.force_login(senco)
    response = client.post(reverse("pupils:pupil_add"), new_pupil(preferred_name=HOSTILE))
    assert response.status_code == 200
    assert "Please keep this to one line: it can&#x27;t contain line breaks" in response.content.decode()
    assert not Pupil.objects.filter(legal_last_name="Nguyen").exists()
    response = client.post(reverse("pupils:pupil_add"), new_pupil(preferred_name="Mai"))
    assert Pupil.objects.get(legal_last_name="Nguyen").preferred_name == "Mai"


def test_a_profile_section_longer_than_a_person_would_write_is_refused(client, teacher, pupil_a):
    client.force_login(teacher)
    url = reverse("pupils:profile_edit", args=[pupil_a.pk])
    assert f'maxlength="{PARAGRAPHS}"' in client.get(url).content.decode()
    response = client.post(url, {"important_to_me": "My dog. " * 250_000})  # about 2 MB
    assert f"Ensure this value has at most {PARAGRAPHS} characters" in response.content.decode()
    assert not OnePageProfile.objects.filter(pupil=pupil_a).exists()
    client.post(url, {"important_to_me": "My dog.\r\nDrawing."})
    assert OnePageProfile.objects.get(pupil=pupil_a).important_to_me == "My dog.\r\nDrawing."
