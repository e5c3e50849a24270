"""A leaver's CTF, made here, imports back here to the same pupil and the same parents and carers."""

import datetime

import pytest

from mis.apply import apply_plan
from mis.ctf import read_ctf
from mis.importer import plan_import
from mis.tests.builders import upn
from mis.transfer import transfer_ctf_bytes
from pupils.ages import born_in_year_group
from pupils.models import ParentCarer, Pupil, PupilParent, Relationship, SenStatus
from pupils.tests.factories import ParentCarerFactory, PupilFactory, PupilParentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver():
    today = datetime.date.today()
    pupil = PupilFactory(
        upn=upn(7),
        legal_first_name="Daniel",
        legal_last_name="Okafor",
        preferred_name="Dan",
        date_of_birth=born_in_year_group(6, today)[0].replace(day=14),
        year_group=6,
        sen_status=SenStatus.SEN_SUPPORT,
        primary_need="SLCN",
        secondary_need="SEMH",
        added_to_register_on=datetime.date(2024, 9, 2),
    )
    grace = ParentCarerFactory(
        title="Mrs",
        first_name="Grace",
        last_name="Okafor",
        email="grace@example.org",
        mobile_phone="07700 900123",
        home_phone="0161 496 0000",
        address="12 Mill Lane\nAshby\nAB1 2CD",
        preferred_language="Polish",
    )
    ade = ParentCarerFactory(title="Mr", first_name="Ade", last_name="Okafor", email="", mobile_phone="07700 900456")
    PupilParentFactory(pupil=pupil, parent=grace, relationship=Relationship.MOTHER, contact_order=1)
    PupilParentFactory(
        pupil=pupil, parent=ade, relationship=Relationship.FATHER, has_parental_responsibility=False, contact_order=2
    )
    return pupil


def test_a_leavers_ctf_imports_back_to_the_same_pupil_and_contacts(leaver):
    data = transfer_ctf_bytes([leaver])

    plan = plan_import(read_ctf(data))

    assert plan.ok, [str(problem) for problem in plan.problems]
    assert plan.partial  # one pupil's file: nobody else leaves
    assert plan.new_pupils == [] and plan.changed_pupils == [] and plan.status_changes == []
    assert plan.new_contacts == [] and plan.changed_contacts == [] and plan.gone == []
    apply_plan(plan)
    assert Pupil.objects.get() == leaver
    assert ParentCarer.objects.count() == 2
    links = {link.parent.first_name: link for link in PupilParent.objects.select_related("parent")}
    assert (links["Grace"].relationship, links["Grace"].has_parental_responsibility) == (Relationship.MOTHER, True)
    assert (links["Ade"].relationship, links["Ade"].has_parental_responsibility) == (Relationship.FATHER, False)
    # The links now count as the MIS's; a second import changes nothing at all.
    assert not plan_import(read_ctf(data)).changes_anything


def test_a_leavers_ctf_brings_the_whole_record_to_a_school_that_has_none(leaver):
    data = transfer_ctf_bytes([leaver])
    PupilParent.objects.all().delete()
    ParentCarer.objects.all().delete()
    Pupil.objects.all().delete()

    apply_plan(plan_import(read_ctf(data)))

    pupil = Pupil.objects.get()
    assert (pupil.upn, pupil.first_name, pupil.legal_last_name, pupil.year_group) == (upn(7), "Dan", "Okafor", 6)
    assert (pupil.sen_status, pupil.primary_need, pupil.secondary_need) == ("K", "SLCN", "SEMH")
    grace = ParentCarer.objects.get(first_name="Grace")
    assert (grace.email, grace.mobile_phone, grace.home_phone) == ("grace@example.org", "07700 900123", "0161 496 0000")
    assert grace.address == "12 Mill Lane\nAshby\nAB1 2CD" and grace.preferred_language == "Polish"
    assert not PupilParent.objects.get(parent__first_name="Ade").has_parental_responsibility
