import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pupils.ages import born_in_year_group
from pupils.models import OnePageProfile, ParentCarer, Pupil, PupilParent
from pupils.upn import check_letter

from .factories import ParentCarerFactory, PupilFactory, PupilParentFactory


@pytest.fixture
def senco_client(client, senco):
    client.force_login(senco)
    return client


def test_profile_is_created_on_first_edit_and_printable(client, teacher, pupil_a):
    client.force_login(teacher)
    client.post(
        reverse("pupils:profile_edit", args=[pupil_a.pk]),
        {"important_to_me": "My grandad and my drawing book", "in_my_own_words": "I like quiet spaces"},
    )
    profile = OnePageProfile.objects.get(pupil=pupil_a)
    assert profile.important_to_me == "My grandad and my drawing book"
    page = client.get(reverse("pupils:profile_print", args=[pupil_a.pk])).content.decode()
    assert "What is important to me" in page and "My grandad and my drawing book" in page


def test_removal_keeps_the_pupil_and_history_and_can_be_undone(senco_client, pupil_a):
    url = reverse("pupils:pupil_remove", args=[pupil_a.pk])
    response = senco_client.post(url, {"removed_from_register_on": "2026-11-20", "removal_reason": ""})
    assert "This field is required." in response.content.decode()
    senco_client.post(url, {"removed_from_register_on": "2026-11-20", "removal_reason": "Left the school"})
    pupil_a.refresh_from_db()
    assert not pupil_a.is_on_register and pupil_a.removal_reason == "Left the school"
    assert pupil_a not in Pupil.objects.on_register()
    senco_client.post(reverse("pupils:pupil_return", args=[pupil_a.pk]))
    pupil_a.refresh_from_db()
    assert pupil_a.is_on_register
    history = senco_client.get(reverse("pupils:pupil_history", args=[pupil_a.pk])).content.decode()
    assert "Left the school" in history and "Sam Senco" in history


def test_removal_date_cannot_precede_joining(senco_client, pupil_a):
    response = senco_client.post(
        reverse("pupils:pupil_remove", args=[pupil_a.pk]),
        {"removed_from_register_on": "2020-01-01", "removal_reason": "Left the school"},
    )
    assert "cannot leave the register before joining it" in response.content.decode()


def test_history_names_who_changed_the_key_worker(senco_client, senco, teacher, pupil_a):
    pupil_a.key_worker = teacher
    pupil_a.save()
    page = senco_client.get(reverse("pupils:pupil_history", args=[pupil_a.pk])).content.decode()
    assert "Key worker" in page and "(nobody) → Tia Teacher" in page


def pupil_form_data(**overrides):
    body = "820200126777"
    data = {
        "legal_first_name": "Zara",
        "legal_last_name": "Zed",
        "date_of_birth": f"{born_in_year_group(6, datetime.date.today())[0]:%Y-%m-%d}",
        "year_group": "6",
        "form": "6Y",
        "upn": (check_letter(body) + body).lower(),
        "sen_status": "K",
        "primary_need": "SLCN",
        "added_to_register_on": "2026-11-01",
    }
    return data | overrides


def test_senco_adds_a_pupil(senco_client):
    response = senco_client.post(reverse("pupils:pupil_add"), pupil_form_data())
    pupil = Pupil.objects.get(legal_last_name="Zed")
    assert response["Location"] == reverse("pupils:pupil_detail", args=[pupil.pk])
    assert pupil.upn == pupil.upn.upper()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"upn": "A12345678901"}, "exactly 13 characters"),
        ({"upn": "B820200126777"}, "check letter does not match"),
        ({"primary_need": ""}, "needs a primary area of need"),
        ({"secondary_need": "SLCN"}, "must differ from the primary need"),
    ],
)
def test_pupil_form_explains_bad_input(senco_client, overrides, message):
    response = senco_client.post(reverse("pupils:pupil_add"), pupil_form_data(**overrides))
    assert message in response.content.decode()
    assert 'value="Zara"' in response.content.decode()
    assert not Pupil.objects.filter(legal_last_name="Zed").exists()


def test_two_pupils_may_both_lack_a_upn_but_not_share_one(senco_client, pupil_a):
    senco_client.post(reverse("pupils:pupil_add"), pupil_form_data(upn=""))
    senco_client.post(reverse("pupils:pupil_add"), pupil_form_data(upn="", legal_first_name="Yan"))
    assert Pupil.objects.filter(upn__isnull=True).count() == 2
    response = senco_client.post(reverse("pupils:pupil_add"), pupil_form_data(upn=pupil_a.upn))
    assert "Pupil with this UPN already exists." in response.content.decode()


def test_office_adds_a_parent_with_their_relationship(client, office, pupil_a):
    client.force_login(office)
    response = client.post(
        reverse("pupils:parent_add", args=[pupil_a.pk]),
        {
            "relationship": "grandparent",
            "has_parental_responsibility": "",
            "lives_with_pupil": "on",
            "contact_order": "2",
            "first_name": "Gwen",
            "last_name": "Ashworth",
            "preferred_contact_method": "phone",
            "mobile_phone": "07700 900456",
            "preferred_language": "Welsh",
            "needs_interpreter": "on",
        },
    )
    assert response.status_code == 302
    link = PupilParent.objects.get(parent__first_name="Gwen")
    assert link.pupil == pupil_a and not link.has_parental_responsibility


def test_contact_method_needs_its_details(client, office, pupil_a):
    client.force_login(office)
    response = client.post(
        reverse("pupils:parent_add", args=[pupil_a.pk]),
        {
            "relationship": "father",
            "contact_order": "1",
            "first_name": "Gary",
            "last_name": "Ashworth",
            "preferred_contact_method": "email",
            "preferred_language": "English",
        },
    )
    assert "Give an email address" in response.content.decode()
    assert not ParentCarer.objects.filter(first_name="Gary").exists()


def test_siblings_share_a_parent_through_linking(client, office, pupil_a, parent_a):
    sibling = PupilFactory(legal_first_name="Arlo", legal_last_name="Ashworth")
    client.force_login(office)
    found = client.get(reverse("pupils:parent_link", args=[sibling.pk]), {"q": "alice ashworth"})
    assert "Amelia Ashworth" in found.content.decode()  # shows whose parent she already is
    parent = parent_a.parent_record
    client.post(
        reverse("pupils:parent_link", args=[sibling.pk]),
        {"parent": parent.pk, "relationship": "mother", "has_parental_responsibility": "on", "contact_order": "1"},
    )
    assert set(parent.pupil_links.values_list("pupil__legal_first_name", flat=True)) == {"Amelia", "Arlo"}


def test_parent_not_linked_to_any_visible_pupil_cannot_be_edited_by_url(client, office):
    orphan = ParentCarerFactory()
    client.force_login(office)
    assert client.get(reverse("pupils:parent_edit", args=[orphan.pk])).status_code == 404


def test_parent_with_parental_responsibility_only_sees_their_child(pupil_a, pupil_b, parent_a):
    other_carer = ParentCarerFactory(user=None)
    PupilParentFactory(pupil=pupil_b, parent=other_carer, has_parental_responsibility=False)
    assert list(Pupil.objects.visible_to(parent_a)) == [pupil_a]


def test_a_pupils_page_asks_the_same_few_queries_of_its_own_however_long_their_record(senco_client, senco, teacher):
    """Issue 24: at most 10 in all, 7 beyond what any signed-in page costs (common/tests/page_queries.py): the pupil
    with their teaching assistants, targets and notes (and who wrote them), provision (and who leads it),
    professionals and family (common/json_rows.py); the record of viewing it, a letter waiting, this year's meetings
    counted (the types that count asked inside it), the meetings listed, the support plans and their outcomes."""
    from accounts.tests.factories import UserFactory
    from common.tests.page_queries import own_queries
    from meetings.tests.factories import MeetingFactory
    from pupils.models import ProgressNote

    from .factories import OutcomeFactory, ProfessionalInvolvementFactory, ProvisionFactory

    short, long = PupilFactory(), PupilFactory()
    for pupil, size in ((short, 1), (long, 12)):
        for _ in range(size):
            PupilParentFactory(pupil=pupil)
            pupil.teaching_assistants.add(UserFactory())
            MeetingFactory(pupil=pupil, led_by=senco)
            held = timezone.now() - datetime.timedelta(days=20)
            MeetingFactory(pupil=pupil, led_by=senco, held=True, starts_at=held)
            outcome = OutcomeFactory(pupil=pupil)
            ProgressNote.objects.create(outcome=outcome, note="Reads 12 of the 30 words.", recorded_by=teacher)
            ProgressNote.objects.create(outcome=outcome, note="Reads 20 of the 30 words.", recorded_by=None)
            ProvisionFactory(pupil=pupil, staff=UserFactory())
            ProfessionalInvolvementFactory(pupil=pupil)
    few = own_queries(senco_client, reverse("pupils:pupil_detail", args=[short.pk]))
    many = own_queries(senco_client, reverse("pupils:pupil_detail", args=[long.pk]))
    page = senco_client.get(reverse("pupils:pupil_detail", args=[long.pk])).content.decode()
    assert page.count("Reads 12 of the 30 words.") == 12 and teacher.get_full_name() in page
    assert few == many <= 7
