"""A leaver's record for the next school: the CTF reads back to the pupil as the register has them, and the SEN file
PDF; only the SENCO may make them, and each is written in the access log."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from documents.tests.pdfs import pdf_text
from meetings.tests.factories import MeetingFactory, RecordVersionFactory
from mis.ctf import read_ctf
from mis.records import Phone, SenNeed, SenRecord
from mis.transfer import (
    address_parts,
    ctf_file_name,
    pupil_record,
    relationship_code,
    transfer_ctf_bytes,
    transfer_file,
)
from privacy.models import AccessAction, AccessLogEntry
from pupils.models import AreaOfNeed, OutcomeStatus, ProgressNote, Relationship, SenStatus, YearGroup
from pupils.tests.factories import (
    OnePageProfileFactory,
    OutcomeFactory,
    ParentCarerFactory,
    ProfessionalInvolvementFactory,
    ProvisionFactory,
    PupilFactory,
    PupilParentFactory,
)
from school.models import School
from support_plans import cycle
from support_plans.cycle import ResultGiven
from support_plans.models import Result
from support_plans.tests.factories import finalised_plan

SEPTEMBER = datetime.date(2024, 9, 2)
JANUARY = datetime.date(2025, 1, 10)


def at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def school(db):
    school = School.load()
    school.name, school.la_number, school.establishment_number = "Ashby Primary", "823", "4001"
    school.save()
    return school


def leaver(**fields):
    """Daniel, on SEN support for speech and language from September, with an EHC plan for autism from January."""
    with time_machine.travel(at_noon(SEPTEMBER), tick=False):
        pupil = PupilFactory(
            legal_first_name="Daniel",
            legal_last_name="Okafor",
            preferred_name="Dan",
            date_of_birth=datetime.date(2015, 3, 14),
            year_group=5,
            former_upn="",
            sen_status=SenStatus.SEN_SUPPORT,
            primary_need=AreaOfNeed.SLCN,
            secondary_need=AreaOfNeed.SEMH,
            added_to_register_on=SEPTEMBER,
            **fields,
        )
    with time_machine.travel(at_noon(JANUARY), tick=False):
        pupil.sen_status, pupil.primary_need, pupil.secondary_need = SenStatus.EHC_PLAN, AreaOfNeed.ASD, ""
        pupil.save()
    return pupil


def two_parents(pupil):
    mother = ParentCarerFactory(
        title="Mrs",
        first_name="Grace",
        last_name="Okafor",
        email="grace@example.org",
        mobile_phone="07700 900123",
        home_phone="0161 496 0000",
        address="12 Mill Lane\nAshby\nab1 2cd",
        preferred_language="English",
    )
    step_father = ParentCarerFactory(
        title="Mr",
        first_name="Ade",
        last_name="Bello",
        email="",
        mobile_phone="",
        work_phone="0161 496 0999",
        preferred_language="Yoruba",
    )
    PupilParentFactory(pupil=pupil, parent=mother, relationship=Relationship.MOTHER, contact_order=1)
    PupilParentFactory(
        pupil=pupil,
        parent=step_father,
        relationship=Relationship.STEP_PARENT,
        has_parental_responsibility=False,
        contact_order=2,
    )


def test_the_ctf_reads_back_to_the_pupils_details_sen_history_and_contacts(school):
    pupil = leaver()
    two_parents(pupil)

    read = read_ctf(transfer_ctf_bytes([pupil]))

    header = read.header
    assert (header.version, header.qualifier) == ("26.0", "partial")
    assert (header.source.lea, header.source.estab, header.source.name) == ("823", "4001", "Ashby Primary")
    (record,) = read.pupils
    assert record.upn == pupil.upn
    assert (record.forename, record.surname, record.preferred_forename) == ("Daniel", "Okafor", "Dan")
    assert record.date_of_birth == datetime.date(2015, 3, 14)
    assert record.year_group == "5"
    assert record.sen_history == (
        SenRecord(SEPTEMBER, "K", (SenNeed("SLCN", 1), SenNeed("SEMH", 2))),
        SenRecord(JANUARY, "E", (SenNeed("ASD", 1),)),
    )
    mother, step_father = record.contacts
    assert (mother.order, mother.title, mother.forename, mother.surname) == (1, "Mrs", "Grace", "Okafor")
    assert (mother.relationship_code, mother.parental_responsibility) == ("PAM", True)
    assert mother.email == "grace@example.org"
    assert mother.phones == (Phone("M", "07700 900123"), Phone("H", "0161 496 0000"))
    assert (mother.address_lines, mother.postcode) == (("12 Mill Lane", "Ashby"), "AB1 2CD")
    assert mother.language == ""  # "English" is everyone's starting value: not a recorded answer
    assert (step_father.order, step_father.relationship_code) == (2, "STF")
    assert step_father.parental_responsibility is False
    assert step_father.phones == (Phone("W", "0161 496 0999"),)
    assert step_father.language == "Yoruba"


def test_monitoring_goes_to_the_next_school_as_no_sen_and_a_later_change_on_the_same_day_wins(db):
    with time_machine.travel(at_noon(SEPTEMBER), tick=False):
        pupil = PupilFactory(sen_status=SenStatus.MONITORING, primary_need="", added_to_register_on=SEPTEMBER)
        pupil.sen_status, pupil.primary_need = SenStatus.SEN_SUPPORT, AreaOfNeed.MLD
        pupil.save()
    with time_machine.travel(at_noon(JANUARY), tick=False):
        pupil.sen_status, pupil.primary_need = SenStatus.MONITORING, ""
        pupil.save()

    assert pupil_record(pupil).sen_history == (
        SenRecord(SEPTEMBER, "K", (SenNeed("MLD", 1),)),
        SenRecord(JANUARY, "N", ()),
    )


@pytest.mark.parametrize(
    ("year_group", "written"),
    [(YearGroup.NURSERY_1, "N1"), (YearGroup.NURSERY_2, "N2"), (YearGroup.RECEPTION, "R"), (YearGroup.Y14, "14")],
)
def test_year_groups_are_written_as_the_ctf_names_them(db, year_group, written):
    assert pupil_record(PupilFactory(year_group=year_group)).year_group == written


@pytest.mark.parametrize(
    ("typed", "lines", "postcode"),
    [
        ("12 Mill Lane\nAshby\nAB1 2CD", ("12 Mill Lane", "Ashby"), "AB1 2CD"),
        ("12 Mill Lane, Ashby, ab12cd", ("12 Mill Lane", "Ashby"), "AB1 2CD"),
        ("Flat 3\n12 Mill Lane\nAshby AB1 2CD", ("Flat 3", "12 Mill Lane", "Ashby"), "AB1 2CD"),
        ("The Old Mill\nAshby", ("The Old Mill", "Ashby"), ""),
        ("a\nb\nc\nd\ne\nf\nSW1A 1AA", ("a", "b", "c", "d", "e, f"), "SW1A 1AA"),
        ("", (), ""),
    ],
)
def test_a_typed_address_becomes_ctf_lines_and_a_postcode(typed, lines, postcode):
    assert address_parts(typed) == (lines, postcode)


def test_the_file_is_named_as_the_dfe_names_ctfs_when_both_schools_numbers_are_known(school):
    from mis.records import School as CtfSchool

    pupil = PupilFactory(legal_last_name="Okafor")
    to_high_school = transfer_file([pupil], CtfSchool(lea="823", estab="5402", name="Ashby High"))
    unknown_destination = transfer_file([pupil])

    assert ctf_file_name(to_high_school.header) == "8234001_CTF_8235402_001.xml"
    assert ctf_file_name(unknown_destination.header, label=("Okafor", pupil.pk)) == (
        f"CTF-8234001-Okafor-{pupil.pk}-{timezone.localdate():%Y-%m-%d}.xml"
    )


@pytest.mark.parametrize("contacts", [1, 4])
def test_a_pupils_record_takes_the_same_queries_however_many_contacts(db, django_assert_num_queries, contacts):
    pupil = PupilFactory()
    for order in range(contacts):
        PupilParentFactory(pupil=pupil, contact_order=order + 1)

    with django_assert_num_queries(2):  # the record's history, the parents and carers
        record = pupil_record(pupil)

    assert len(record.contacts) == contacts


# The views


def test_the_senco_gets_the_ctf_as_a_private_download_and_the_export_is_logged(client, senco, school):
    pupil = leaver()
    two_parents(pupil)
    client.force_login(senco)

    response = client.get(reverse("mis:pupil_ctf", args=[pupil.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response["Cache-Control"] == "private, no-store"
    assert f'filename="CTF-8234001-Okafor-{pupil.pk}-' in response["Content-Disposition"]
    assert read_ctf(response.content).pupils[0].upn == pupil.upn
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.pupil, entry.action) == (senco, pupil, AccessAction.EXPORTED)
    assert "CTF" in entry.what


def test_a_pupil_without_a_upn_gets_a_message_not_a_ctf_the_next_school_cannot_read(client, senco, school):
    pupil = PupilFactory(legal_first_name="Zoe", legal_last_name="Quinn", upn=None)
    client.force_login(senco)

    response = client.get(reverse("mis:pupil_ctf", args=[pupil.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("pupils:pupil_detail", args=[pupil.pk])
    assert "Zoe Quinn has no UPN" in response.content.decode()
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORTED).exists()


def test_the_senco_gets_the_sen_file_pdf_with_the_whole_record(client, senco, school):
    pupil = leaver()
    two_parents(pupil)
    OnePageProfileFactory(pupil=pupil, important_to_me="My dog Biscuit and football on Saturdays.")
    outcome = OutcomeFactory(pupil=pupil, description="Read 30 common words by sight.")
    ProgressNote.objects.create(outcome=outcome, noted_on=JANUARY, note="Knows 18 of the 30 words.")
    OutcomeFactory(pupil=pupil, description="Write a sentence unaided.", status=OutcomeStatus.ACHIEVED)
    ProvisionFactory(pupil=pupil, intervention="Precision teaching")
    ProvisionFactory(pupil=pupil, intervention="Lego therapy", start_date=SEPTEMBER, end_date=JANUARY)
    ProfessionalInvolvementFactory(pupil=pupil, name="Dana Lewis")
    meeting = MeetingFactory(pupil=pupil, held=True, led_by=senco)
    RecordVersionFactory(record__meeting=meeting, content={"review": {"summary": "First summary."}})
    RecordVersionFactory(
        record=meeting.record, number=2, amendment_reason="Spelling", content={"review": {"summary": "Summary v2."}}
    )
    client.force_login(senco)

    response = client.get(reverse("mis:pupil_sen_file", args=[pupil.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    for words in (
        "SEN file: Daniel Okafor",
        pupil.upn,
        "EHC plan",
        "Speech, language and communication needs",
        "My dog Biscuit",
        "Knows 18 of the 30 words.",
        "Write a sentence unaided.",
        "Precision teaching",
        "Lego therapy",
        "Dana Lewis",
        "Summary v2.",
        "Mrs Grace Okafor, mother: has parental responsibility",
        "Mr Ade Bello, step-parent: does not have parental responsibility",
        "07700 900123",
        "Yoruba",
    ):
        assert words in text
    assert "First summary." not in text  # the latest finalised version only
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.pupil, entry.action) == (senco, pupil, AccessAction.DOWNLOADED_PDF)


def test_the_sen_file_holds_every_agreed_version_of_the_plan_and_not_the_draft(client, senco, school):
    pupil = leaver()
    first = finalised_plan(pupil, senco, outcomes=1, aspirations="To be a vet.")
    cycle.record_review(
        first,
        held_on=first.starts_on,
        held_by=senco,
        notes="Mum and Daniel came.",
        results=[ResultGiven(first.outcomes.get(), "Reads 20 of the 30 words.", Result.PARTLY_MET)],
        user=senco,
    )
    second = cycle.start_plan(pupil, senco)
    second.aspirations = "To read to his sister."
    second.save()
    cycle.finalise(second, senco)
    draft = cycle.start_plan(pupil, senco)
    draft.aspirations = "Not agreed yet."
    draft.save()
    client.force_login(senco)

    text = pdf_text(client.get(reverse("mis:pupil_sen_file", args=[pupil.pk])).content)

    assert "Version 2" in text and "(the current plan)" in text and "To read to his sister." in text
    assert "Version 1" in text and "To be a vet." in text and "Mum and Daniel came." in text
    assert "At the review: partly met. Reads 20 of the 30 words." in text
    assert "Support for outcome 1" in text and "Coloured overlay" in text
    assert "Not agreed yet." not in text


@pytest.mark.parametrize("url_name", ["mis:pupil_ctf", "mis:pupil_sen_file"])
@pytest.mark.parametrize("role", [Role.OFFICE, Role.STAFF, Role.HEAD, Role.PARENT])
def test_only_the_senco_may_make_a_leavers_transfer_record(client, pupil_a, url_name, role):
    client.force_login(UserFactory(role=role))

    response = client.get(reverse(url_name, args=[pupil_a.pk]))

    assert response.status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_the_class_teacher_is_refused_too(client, teacher, pupil_a):
    client.force_login(teacher)

    assert client.get(reverse("mis:pupil_sen_file", args=[pupil_a.pk])).status_code == 403


@pytest.mark.parametrize("url_name", ["mis:pupil_ctf", "mis:pupil_sen_file"])
def test_a_pupil_who_does_not_exist_is_not_found(client, senco, url_name):
    client.force_login(senco)

    assert client.get(reverse(url_name, args=[987654])).status_code == 404


@pytest.mark.parametrize("url_name", ["mis:pupil_ctf", "mis:pupil_sen_file"])
def test_signed_out_visitors_are_sent_to_sign_in(client, pupil_a, url_name):
    response = client.get(reverse(url_name, args=[pupil_a.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("relationship", "title", "code"),
    [
        (Relationship.MOTHER, "", "PAM"),
        (Relationship.FATHER, "Dr", "PAF"),
        (Relationship.STEP_PARENT, "Mr", "STF"),
        (Relationship.STEP_PARENT, "Ms.", "STM"),
        (Relationship.GRANDPARENT, "Mr", "GRF"),
        (Relationship.GRANDPARENT, "Mrs", "GRM"),
        (Relationship.FOSTER_CARER, "Mx", "FOM"),  # no title to go by: RELATIONSHIP_CODES decides
        (Relationship.GUARDIAN, "Mr", "CAR"),  # the CTF has no code for a guardian
        (Relationship.CARER, "", "CAR"),
        (Relationship.SOCIAL_WORKER, "", "SWR"),
        (Relationship.OTHER, "", "OTH"),  # not CHM, the childminder
    ],
)
def test_each_relationship_is_written_as_a_ctf_code(relationship, title, code):
    assert relationship_code(relationship, title) == code
