"""Reading and writing the DfE Common Transfer File: what the SENCO's import will be given, and what it refuses."""

import datetime

import pytest

from mis import ctf
from mis.ctf import CTFile, CTFRefused, Header, Pupil, SenNeed, SenRecord, read_ctf, write_ctf
from mis.tests.builders import contact_xml, ctf_xml, pupil_xml, sen_xml, upn
from pupils.models import Relationship


def refusals(data: bytes) -> list[str]:
    with pytest.raises(CTFRefused) as refused:
        read_ctf(data)
    return [str(problem) for problem in refused.value.problems]


def test_full_file_is_read_with_header_pupil_sen_history_and_contacts():
    data = ctf_xml(
        pupil_xml(
            sen=sen_xml("2022-09-05", "K", (("SLCN", "1"), ("SEMH", "2")))
            + sen_xml("2025-01-10", "E", (("ASD", "1"),)),
            contacts=contact_xml(language="POL")
            + contact_xml(
                order="2", title="Mr", forename="Ade", relationship="STF", responsibility="false", phones=(), address=""
            ),
        ),
        qualifier="partial",
    )

    read = read_ctf(data)

    header = read.header
    assert (header.document_name, header.version, header.qualifier) == ("Common Transfer File", "26.0", "partial")
    assert header.is_partial
    assert header.date_time == datetime.datetime(2026, 7, 15, 14, 30)
    assert (header.source.lea, header.source.estab, header.source.name) == ("823", "4001", "Ashby Primary")
    assert (header.destination.estab, header.destination.name) == ("5402", "Ashby High")
    (pupil,) = read.pupils
    assert pupil.upn == upn(1)
    assert (pupil.forename, pupil.middle_names, pupil.surname, pupil.preferred_forename) == (
        "Daniel",
        "Chidi",
        "Okafor",
        "Dan",
    )
    assert pupil.date_of_birth == datetime.date(2015, 3, 14)
    assert (pupil.sex, pupil.year_group) == ("M", "5")
    assert pupil.sen_history == (
        SenRecord(datetime.date(2022, 9, 5), "K", (SenNeed("SLCN", 1), SenNeed("SEMH", 2))),
        SenRecord(datetime.date(2025, 1, 10), "E", (SenNeed("ASD", 1),)),
    )
    mother, step_father = pupil.contacts
    assert (mother.order, mother.title, mother.forename, mother.surname) == (1, "Mrs", "Grace", "Okafor")
    assert mother.relationship == Relationship.MOTHER
    assert mother.parental_responsibility is True
    assert mother.email == "grace@example.org"
    assert [(phone.type, phone.number) for phone in mother.phones] == [("M", "07700 900123"), ("H", "0161 496 0000")]
    assert mother.address_lines == ("12 Mill Lane", "Ashby")
    assert mother.postcode == "AB1 2CD"
    assert mother.language == "POL"
    assert step_father.relationship == Relationship.STEP_PARENT
    assert step_father.parental_responsibility is False
    assert step_father.phones == ()


def test_a_whole_school_file_reads_every_pupil_even_those_with_no_sen():
    data = ctf_xml(pupil_xml(upn_=upn(1)), pupil_xml(upn_=upn(2), sen=sen_xml(provision="N", needs=())))

    first, second = read_ctf(data).pupils

    assert first.sen_history[0].provision == "K"
    assert second.sen_history == (SenRecord(datetime.date(2024, 9, 2), "N", ()),)


@pytest.mark.parametrize("element", ["Gender", "Sex"])
def test_sex_is_read_from_the_older_gender_element_and_the_newer_sex_element(element):
    (pupil,) = read_ctf(ctf_xml(pupil_xml(sex="F", sex_element=element))).pupils

    assert pupil.sex == "F"


def test_needs_beside_the_sen_records_in_an_older_file_belong_to_the_latest_record():
    older = (
        sen_xml("2021-09-01", "K", ())
        + sen_xml("2024-03-01", "E", ())
        + ("<SENneeds><SENneed><SENtype>HI</SENtype><SENtypeRank>1</SENtypeRank></SENneed></SENneeds>")
    )

    (pupil,) = read_ctf(ctf_xml(pupil_xml(sen=older))).pupils

    assert pupil.sen_history[0].needs == ()
    assert pupil.sen_history[1].needs == (SenNeed("HI", 1),)


def test_wrong_check_letter_is_refused_naming_the_pupil_and_the_upn():
    good = upn(1)
    wrong = ("B" if good[0] != "B" else "C") + good[1:]

    (problem,) = refusals(ctf_xml(pupil_xml(upn_=wrong)))

    assert problem.startswith(f"Pupil 1 (UPN {wrong}), <UPN> '{wrong}'")
    assert "check letter does not match" in problem


def test_a_bad_former_upn_is_refused_too():
    (problem,) = refusals(ctf_xml(pupil_xml(former_upn="A12345")))

    assert "<FormerUPN> 'A12345'" in problem
    assert "exactly 13 characters" in problem


def test_a_pupil_with_no_upn_is_refused_by_row():
    (problem,) = refusals(ctf_xml(pupil_xml(upn_="")))

    assert problem.startswith("Pupil 1, <UPN>")
    assert "needs a UPN" in problem


def test_the_same_upn_twice_is_refused_naming_both_pupils():
    (problem,) = refusals(ctf_xml(pupil_xml(upn_=upn(7)), pupil_xml(upn_=upn(8)), pupil_xml(upn_=upn(7))))

    assert problem.startswith(f"Pupil 3 (UPN {upn(7)}), <UPN> '{upn(7)}'")
    assert "the same UPN as pupil 1" in problem


def test_every_problem_in_the_file_is_listed_not_only_the_first():
    data = ctf_xml(
        pupil_xml(upn_=upn(1), dob="14/03/2015"),
        pupil_xml(
            upn_=upn(2),
            sen=sen_xml("2024-13-01", "S", (("DYS", "1"), ("MLD", "first"))),
            contacts=contact_xml(relationship="XYZ", responsibility="maybe"),
        ),
    )

    problems = refusals(data)

    assert problems == [
        f"Pupil 1 (UPN {upn(1)}), <DOB> '14/03/2015': not a date (a CTF writes dates as YYYY-MM-DD).",
        f"Pupil 2 (UPN {upn(2)}), <StartDate> '2024-13-01': not a date (a CTF writes dates as YYYY-MM-DD).",
        f"Pupil 2 (UPN {upn(2)}), <SENprovision> 'S': not an SEN provision code (N, K or E).",
        f"Pupil 2 (UPN {upn(2)}), <SENtype> 'DYS': not an SEN need code "
        "(SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH, NSA).",
        f"Pupil 2 (UPN {upn(2)}), <SENtypeRank> 'first': a need's rank is a whole number: 1 for the main need.",
        f"Pupil 2 (UPN {upn(2)}), contact Grace Okafor, <Relationship> 'XYZ': not a relationship code "
        f"({', '.join(ctf.RELATIONSHIPS)}).",
        f"Pupil 2 (UPN {upn(2)}), contact Grace Okafor, <Responsibility> 'maybe': should be true or false.",
    ]


def test_an_unknown_document_qualifier_and_a_bad_header_date_are_refused():
    data = ctf_xml(qualifier="some").replace(b"2026-07-15T14:30:00", b"yesterday")

    assert refusals(data) == [
        "The header, <DateTime> 'yesterday': not a date and time (YYYY-MM-DDThh:mm:ss).",
        "The header, <DocumentQualifier> 'some': a CTF is either 'full' or 'partial'.",
    ]


def test_xml_that_is_not_well_formed_is_refused_with_its_line():
    data = ctf_xml().replace(b"</Surname>", b"</Surnam>", 1)

    (problem,) = refusals(data)

    assert problem.startswith("The file, <CTfile>: it is not well-formed XML (line 2, column")


def test_a_file_cut_off_in_the_middle_is_refused():
    data = ctf_xml()

    (problem,) = refusals(data[: len(data) // 2])

    assert "not well-formed XML" in problem
    assert "cut off" in problem


def test_xml_that_is_not_a_ctf_is_refused():
    (problem,) = refusals(b"<html><body>Pupils</body></html>")

    assert problem == "The file, <html>: this is not a Common Transfer File (no <CTfile>)."


BILLION_LAUGHS = (
    '<!DOCTYPE CTfile [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)


def test_an_entity_bomb_is_refused_not_expanded():
    data = ctf_xml(pupil_xml(surname="&lol3;"), prologue=BILLION_LAUGHS)

    (problem,) = refusals(data)

    assert "declares a DTD or XML entities" in problem
    assert "lol" not in problem


def test_an_external_entity_is_refused_not_fetched():
    prologue = '<!DOCTYPE CTfile [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    data = ctf_xml(pupil_xml(surname="&secret;"), prologue=prologue)

    (problem,) = refusals(data)

    assert "nothing expanded or fetched" in problem
    assert "root:" not in problem


def test_a_file_over_the_size_limit_is_refused_saying_the_limit():
    data = ctf_xml()
    data = data + b" " * (ctf.MAX_CTF_BYTES - len(data) + 1)

    (problem,) = refusals(data)

    assert problem == "The file, <CTfile>: it is 25.1 MB, over the limit of 25 MB for a CTF file."


def test_a_file_at_the_size_limit_is_read(monkeypatch):
    data = ctf_xml()
    monkeypatch.setattr(ctf, "MAX_CTF_BYTES", len(data))

    assert len(read_ctf(data).pupils) == 1


def test_what_is_written_reads_back_the_same():
    original = read_ctf(
        ctf_xml(
            pupil_xml(
                upn_=upn(1),
                sen=sen_xml("2022-09-05", "K", (("SLCN", "1"), ("SEMH", "2"))) + sen_xml("2025-01-10", "E"),
                contacts=contact_xml(language="POL")
                + contact_xml(order="2", forename="Ade", relationship="STF", responsibility="false", address=""),
            ),
            pupil_xml(upn_=upn(2), former_upn=upn(3), sex_element="Gender", sen="", contacts=""),
            qualifier="partial",
        )
    )

    assert read_ctf(write_ctf(original)) == original


def test_a_ctf_built_from_scratch_is_written_in_the_newer_element_names():
    built = CTFile(
        header=Header(version="26.0", date_time=datetime.datetime(2026, 7, 20, 9, 0)),
        pupils=(Pupil(upn=upn(4), surname="Shah", forename="Amira", sex="F"),),
    )

    written = write_ctf(built)

    assert b"<Sex>F</Sex>" in written
    assert b"<Gender>" not in written
    assert read_ctf(written) == built
