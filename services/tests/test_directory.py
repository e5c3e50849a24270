"""The directory of support services: kept by the SENCO and the office, read by staff, and shown to families with
the services for their own child's needs first."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.models import Role
from accounts.tests.factories import UserFactory
from pupils.tests.factories import PupilFactory
from services.models import ServiceKind, SupportService


def text(response) -> str:
    return html.unescape(" ".join(strip_tags(response.content.decode()).split()))


@pytest.fixture
def forum(db):
    return SupportService.objects.create(
        name="Hillside Parent Carer Forum",
        kind=ServiceKind.PARENT_CARER_FORUM,
        what_they_do="Parents of children with SEND who meet to share ideas and speak up for families.",
        phone="01234 111222",
        opening_times="First Tuesday of the month, 7pm",
    )


@pytest.fixture
def closed(db):
    return SupportService.objects.create(
        name="Old Lantern Project", kind=ServiceKind.VOLUNTARY, what_they_do="Play sessions.", active=False
    )


def service_form(**overrides):
    data = {
        "name": "Hillside Housing Advice",
        "kind": ServiceKind.HOUSING,
        "what_they_do": "Help if your home is not right for your child's needs.",
        "reach": "local",
        "phone": "01234 333444",
        "email": "housing@hillside.example",
        "website": "",
        "address": "Town Hall, Market Street",
        "opening_times": "Weekdays 9am to 5pm",
        "order": 5,
        "active": "on",
        "needs": ["PD", "ASD"],
    }
    return data | overrides


# Kinds and needs


def test_needs_must_be_areas_of_need_listed_once():
    service = SupportService(name="A", what_they_do="Help.", kind=ServiceKind.OTHER)
    for bad in (["XYZ"], ["ASD", "ASD"], "ASD"):
        service.needs = bad
        with pytest.raises(ValidationError) as error:
            service.full_clean()
        assert "needs" in error.value.message_dict
    service.needs = ["ASD", "VI"]
    service.full_clean()


def test_kind_must_be_one_of_the_kinds():
    service = SupportService(name="A", what_they_do="Help.", kind="zoo")
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "kind" in error.value.message_dict


def test_national_services_are_sorted_into_kinds(db):
    assert SupportService.objects.get(name="IPSEA").kind == ServiceKind.LEGAL_ADVICE
    assert SupportService.objects.get(name__contains="(SENDIASS)").kind == ServiceKind.SENDIASS
    autism = SupportService.objects.get(name="National Autistic Society")
    assert autism.kind == ServiceKind.NATIONAL_CHARITY and autism.needs == ["ASD"]


# Staff pages


def test_senco_adds_a_service_with_needs_ticked(client, senco):
    client.force_login(senco)
    response = client.post(reverse("services:add"), service_form(), follow=True)
    assert "Hillside Housing Advice is in the directory." in text(response)
    service = SupportService.objects.get(name="Hillside Housing Advice")
    assert service.kind == ServiceKind.HOUSING and service.needs == ["PD", "ASD"]  # in the census order
    housing = text(response).split("Housing", 1)[1]
    assert "Hillside Housing Advice" in housing and "01234 333444" in housing and "PD, ASD" in housing


def test_a_need_that_is_not_an_area_of_need_is_refused(client, senco):
    client.force_login(senco)
    response = client.post(reverse("services:add"), service_form(needs=["XYZ"]))
    assert response.status_code == 200
    assert "Select a valid choice. XYZ is not one of the available choices." in text(response)
    assert not SupportService.objects.filter(name="Hillside Housing Advice").exists()


def test_office_edits_a_service_and_the_form_shows_its_needs_ticked(client, office, forum):
    forum.needs = ["SEMH"]
    forum.save()
    client.force_login(office)
    form = client.get(reverse("services:edit", args=[forum.pk])).content.decode()
    assert re.search(r'<input[^>]*value="SEMH"[^>]*checked', form)
    assert not re.search(r'<input[^>]*value="ASD"[^>]*checked', form)
    data = service_form(name=forum.name, kind=ServiceKind.PARENT_CARER_FORUM, phone="01234 999000", needs=[])
    response = client.post(reverse("services:edit", args=[forum.pk]), data, follow=True)
    assert "Records already shared keep the details they gave." in text(response)
    forum.refresh_from_db()
    assert forum.phone == "01234 999000" and forum.needs == []


@pytest.mark.parametrize("role", [Role.STAFF, Role.HEAD])
def test_staff_and_head_read_the_list_but_cannot_add_or_edit(client, role, forum):
    client.force_login(UserFactory(role=role))
    page = text(client.get(reverse("services:list")))
    assert "Hillside Parent Carer Forum" in page and "Add a service" not in page
    assert client.get(reverse("services:add")).status_code == 403
    assert client.get(reverse("services:edit", args=[forum.pk])).status_code == 403
    assert client.post(reverse("services:edit", args=[forum.pk]), service_form()).status_code == 403
    forum.refresh_from_db()
    assert forum.name == "Hillside Parent Carer Forum"


@pytest.mark.parametrize("role", [Role.PARENT, Role.YOUNG_PERSON])
def test_families_use_the_portal_page_not_the_directory(client, role, forum):
    client.force_login(UserFactory(role=role))
    for url in (reverse("services:list"), reverse("services:add"), reverse("services:edit", args=[forum.pk])):
        assert client.get(url).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, forum):
    response = client.get(reverse("services:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_list_is_grouped_by_kind_in_order(client, teacher, forum):
    client.force_login(teacher)
    page = text(client.get(reverse("services:list")))
    headings = ["SEND information, advice and support (SENDIASS)", "Parent carer forums", "Legal advice"]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert page.index("Hillside Parent Carer Forum") > page.index("Parent carer forums")


def test_filter_by_need_keeps_services_for_that_need_and_for_any_need(client, teacher):
    client.force_login(teacher)
    page = text(client.get(reverse("services:list"), {"need": "VI"}))
    assert "Services for vision impairment, and those for any need." in page
    assert "RNIB" in page and "IPSEA" in page
    assert "National Autistic Society" not in page and "National Deaf Children's Society" not in page


def test_an_unknown_need_in_the_filter_shows_everything(client, teacher):
    client.force_login(teacher)
    page = text(client.get(reverse("services:list"), {"need": "nonsense"}))
    assert "RNIB" in page and "National Autistic Society" in page


def test_hidden_services_are_shown_only_to_those_who_manage_the_directory(client, teacher, senco, closed):
    client.force_login(teacher)
    assert "Old Lantern Project" not in text(client.get(reverse("services:list")))
    client.force_login(senco)
    page = text(client.get(reverse("services:list")))
    assert "Old Lantern Project Across" not in page
    assert "Old Lantern Project Near you Hidden from families" in page


# The parents' portal


@pytest.fixture
def autistic_amelia(pupil_a):
    pupil_a.primary_need = "ASD"
    pupil_a.secondary_need = "SLCN"
    pupil_a.save()
    return pupil_a


def test_parent_sees_the_services_for_their_childs_needs_first(client, parent_a, autistic_amelia, forum):
    client.force_login(parent_a)
    page = text(client.get(reverse("portal:services")))
    first, rest = page.split("More services, by kind.", 1)
    assert "May help with Amelia's needs" in first
    assert "National Autistic Society" in first and "Helps with: autistic spectrum disorder" in first
    assert "National Autistic Society" not in rest  # not listed twice
    assert "Hillside Parent Carer Forum" in rest and "First Tuesday of the month, 7pm" in rest
    assert "RNIB" in rest


def test_parent_never_sees_another_familys_child_or_their_needs(client, parent_a, autistic_amelia, pupil_b):
    pupil_b.primary_need = "VI"
    pupil_b.save()
    client.force_login(parent_a)
    page = text(client.get(reverse("portal:services")))
    first, rest = page.split("More services, by kind.", 1)
    assert "Ben" not in page
    assert "RNIB" not in first and "RNIB" in rest


def test_a_child_whose_needs_no_service_names_gets_no_first_section(client, parent_a, pupil_a):
    pupil_a.primary_need = "MLD"
    pupil_a.save()
    client.force_login(parent_a)
    page = text(client.get(reverse("portal:services")))
    assert "May help with" not in page and "More services, by kind." not in page
    assert "National Autistic Society" in page


def test_a_young_person_sees_services_for_their_own_needs(client, db):
    user = UserFactory(role=Role.YOUNG_PERSON)
    PupilFactory(user=user, legal_first_name="Aiden", year_group=12, form="12S", primary_need="HI")
    client.force_login(user)
    page = text(client.get(reverse("portal:services")))
    first = page.split("More services, by kind.", 1)[0]
    assert "May help with your needs" in first and "National Deaf Children's Society" in first


def test_hidden_services_are_not_shown_to_families(client, parent_a, closed):
    closed.needs = ["SPLD"]  # Amelia's need (the factory's)
    closed.save()
    client.force_login(parent_a)
    assert "Old Lantern Project" not in text(client.get(reverse("portal:services")))


# The admin site


def test_admin_adds_a_service_with_kind_needs_and_contact_details(client, db):
    superuser = UserFactory(email="it@school.example", role=Role.SENCO, is_staff=True, is_superuser=True)
    client.force_login(superuser)
    add_url = reverse("admin:services_supportservice_add")
    assert "Needs it serves" in text(client.get(add_url))
    response = client.post(add_url, service_form(needs=["HI"]), follow=True)
    assert response.status_code == 200
    service = SupportService.objects.get(name="Hillside Housing Advice")
    assert service.needs == ["HI"] and service.address == "Town Hall, Market Street" and service.active
    assert "Housing" in text(client.get(reverse("admin:services_supportservice_changelist")))
