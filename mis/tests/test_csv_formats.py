"""Whole-school CSV exports from the MIS: what the SENCO's import is given from each format, and what it refuses."""

import datetime

import pytest

from mis import csv_formats
from mis.csv_formats import (
    KNOWN_FORMATS,
    CTFRefused,
    NeedsMapping,
    headings_key,
    read_csv,
    read_upload,
    recognise,
)
from mis.encoding import EncodingQuestion
from mis.records import Phone, SenNeed, SenRecord
from mis.tests.builders import upn
from mis.tests.csv_builders import contact, csv_text, export_csv, known_format, pupil, sims_csv
from pupils.models import Relationship

FORMAT_NAMES = [known.name for known in KNOWN_FORMATS]


def refusals(text: str, **kwargs) -> list[str]:
    with pytest.raises(CTFRefused) as refused:
        read_csv(text, **kwargs)
    return [str(problem) for problem in refused.value.problems]


def two_pupils() -> tuple[dict, dict]:
    daniel = pupil(
        contact(),
        contact(
            order="2", title="Mr", forename="Ade", relationship="Step-father", responsibility="No", mobile="", email=""
        ),
        secondary_need="SEMH",
    )
    zoe = pupil(
        contact(
            forename="Anne", surname="Brontë", relationship="Grandmother", home_phone="", work_phone="01632 960000"
        ),
        upn=upn(2),
        surname="Brontë",
        forename="Zoë",
        preferred_forename="",
        date_of_birth="2016-01-31",
        year_group="Year 4",
        form="4A",
        sen_status="No SEN",
        primary_need="",
        sen_start_date="",
    )
    return daniel, zoe


@pytest.mark.parametrize("per_contact", [False, True], ids=["numbered contacts", "one row per contact"])
@pytest.mark.parametrize("format_name", FORMAT_NAMES)
def test_each_format_and_layout_is_read_to_the_same_pupils_and_contacts(format_name, per_contact):
    text = export_csv(format_name, *two_pupils(), per_contact=per_contact)

    read = read_csv(text)

    assert recognise(text.splitlines()[0].split(",")) == (known_format(format_name), per_contact)
    assert (read.header.document_name, read.header.qualifier) == ("CSV export", "full")
    daniel, zoe = read.pupils
    assert (daniel.upn, daniel.surname, daniel.forename, daniel.preferred_forename) == (
        upn(1),
        "Okafor",
        "Daniel",
        "Dan",
    )
    assert (daniel.date_of_birth, daniel.year_group, daniel.form) == (datetime.date(2015, 3, 14), "5", "5B")
    assert daniel.sen_history == (SenRecord(datetime.date(2024, 9, 2), "K", (SenNeed("SLCN", 1), SenNeed("SEMH", 2))),)
    mother, step_father = daniel.contacts
    assert (mother.order, mother.title, mother.forename, mother.surname) == (1, "Mrs", "Grace", "Okafor")
    assert (mother.relationship_code, mother.relationship) == ("PAM", Relationship.MOTHER)
    assert mother.parental_responsibility is True
    assert mother.email == "grace@example.org"
    assert mother.phones == (Phone("M", "07700 900123"), Phone("H", "0161 496 0000"))
    assert (mother.address_lines, mother.postcode) == (("12 Mill Lane", "Ashby"), "AB1 2CD")
    assert (step_father.order, step_father.forename, step_father.relationship_code) == (2, "Ade", "STF")
    assert step_father.parental_responsibility is False
    assert step_father.phones == (Phone("H", "0161 496 0000"),)
    assert (zoe.upn, zoe.forename, zoe.surname) == (upn(2), "Zoë", "Brontë")
    assert (zoe.date_of_birth, zoe.year_group) == (datetime.date(2016, 1, 31), "4")
    assert zoe.sen_history == (SenRecord(None, "N", ()),)
    (grandmother,) = zoe.contacts
    assert (grandmother.forename, grandmother.relationship_code) == ("Anne", "GRM")
    assert grandmother.relationship == Relationship.GRANDPARENT
    assert grandmother.phones == (Phone("M", "07700 900123"), Phone("W", "01632 960000"))


def test_a_sims_export_written_by_hand_is_recognised():
    text = (
        "UPN,Legal Surname,Legal Forename,Date of Birth,Year Taught In,Reg Group,SEN Status,"
        "Contact 1 Forename,Contact 1 Surname,Contact 1 Relationship,Contact 1 Parental Responsibility\r\n"
        f"{upn(1)},Okafor,Daniel,14/03/2015,5,5B,K,Grace,Okafor,Mother,Y\r\n"
    )

    (daniel,) = read_csv(text).pupils

    assert daniel.contacts[0].relationship == Relationship.MOTHER
    assert daniel.contacts[0].parental_responsibility is True


def test_headings_are_recognised_whatever_their_case_spacing_or_byte_order_mark():
    text = sims_csv()
    heading_line, rest = text.split("\r\n", 1)
    shouted = "\ufeff" + ",".join(f"  {heading.upper()} " for heading in heading_line.split(",")) + "\r\n" + rest

    assert read_csv(shouted).pupils == read_csv(text).pupils


def test_a_pupil_with_no_contacts_and_a_file_with_no_contact_columns_are_read():
    daniel = pupil(no_contacts=True)

    assert read_csv(sims_csv(daniel, per_contact=True)).pupils[0].contacts == ()
    assert read_csv(sims_csv(daniel)).pupils[0].contacts == ()


def test_one_row_per_contact_groups_a_pupils_rows_by_upn_in_any_order():
    daniel, zoe = two_pupils()
    text = sims_csv(daniel, zoe, per_contact=True)
    heading, mother_row, father_row, zoe_row, _ = text.split("\r\n")

    read = read_csv("\r\n".join([heading, mother_row, zoe_row, father_row]))

    assert [p.upn for p in read.pupils] == [upn(1), upn(2)]
    assert [c.forename for c in read.pupils[0].contacts] == ["Grace", "Ade"]


def test_a_pupils_details_that_differ_between_their_rows_are_a_problem():
    daniel = pupil(contact(), contact(forename="Ade", relationship="Father"))
    rows = sims_csv(daniel, per_contact=True).split("\r\n")
    rows[2] = rows[2].replace(",5B,", ",5C,", 1)

    assert refusals("\r\n".join(rows)) == [
        f"Row 3 (UPN {upn(1)}), <Reg Group> '5C': row 2 says '5B' for this pupil: a pupil's details must be the "
        "same on each of their rows."
    ]


def test_the_same_upn_twice_in_one_row_per_pupil_is_a_problem():
    assert refusals(sims_csv(pupil(), pupil(forename="Danny"))) == [
        f"Row 3 (UPN {upn(1)}), <UPN> '{upn(1)}': the same UPN as row 2: each pupil once."
    ]


def test_every_problem_is_listed_with_its_spreadsheet_row_column_and_value():
    wrong_letter = "B" + upn(3)[1:]
    text = sims_csv(
        pupil(contact(relationship="Neighbour", responsibility="Maybe")),
        pupil(upn=wrong_letter, sen_status="S", primary_need="DYSLEXIA", date_of_birth="31/02/2015"),
        pupil(upn=upn(4), year_group="Year 15", surname="", sen_start_date="last year"),
    )
    rows = text.split("\r\n")
    text = "\r\n".join([rows[0], rows[1], ",,,", *rows[2:]])  # a blank row still counts in the spreadsheet

    problems = refusals(text)

    assert problems == [
        f"Row 2 (UPN {upn(1)}), <Contact 1 Relationship> 'Neighbour': not a relationship we know: for example "
        "Mother, Father, Step-father, Grandmother, Foster carer, Carer, Social worker, Aunt or Other.",
        f"Row 2 (UPN {upn(1)}), <Contact 1 Parental Responsibility> 'Maybe': Yes or No.",
        f"Row 4 (UPN {wrong_letter}), <UPN> '{wrong_letter}': This UPN's check letter does not match: please check "
        "it for a typing mistake.",
        f"Row 4 (UPN {wrong_letter}), <Date of Birth> '31/02/2015': not a date: write dates as dd/mm/yyyy or "
        "yyyy-mm-dd.",
        f"Row 4 (UPN {wrong_letter}), <SEN Status> 'S': not an SEN status: N (no SEN), K (SEN support), E (EHC plan) "
        "or M (monitoring); the words work too.",
        f"Row 4 (UPN {wrong_letter}), <Primary SEN Need> 'DYSLEXIA': not an area of need: use one of SPLD, MLD, SLD, "
        "PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH, NSA.",
        f"Row 5 (UPN {upn(4)}), <Legal Surname>: every pupil needs a legal surname.",
        f"Row 5 (UPN {upn(4)}), <Year Taught In> 'Year 15': not a year group: N1, N2, R, a number from 1 to 14, "
        "or 'Year 7'.",
        f"Row 5 (UPN {upn(4)}), <SEN Start Date> 'last year': not a date: write dates as dd/mm/yyyy or yyyy-mm-dd.",
    ]


@pytest.mark.parametrize(
    ("written", "status"),
    [("K", "K"), ("SEN support", "K"), ("e", "E"), ("EHC plan", "E"), ("N", "N"), ("No SEN", "N"), ("", "N")]
    + [("Monitoring", "M")],
)
def test_sen_status_is_read_as_a_code_or_in_words(written, status):
    (read,) = read_csv(sims_csv(pupil(sen_status=written, primary_need=""))).pupils

    assert read.sen_history[0].provision == status


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Mother", "PAM"),
        ("father", "PAF"),
        ("Step-mother", "STM"),
        ("Step-father", "STF"),
        ("Grandfather", "GRF"),
        ("Foster carer", "FOM"),
        ("Foster father", "FOF"),
        ("Carer", "CAR"),
        ("Guardian", "CAR"),
        ("Social worker", "SWR"),
        ("Aunt", "REL"),
        ("Other", "OTH"),
        ("PAF", "PAF"),
    ],
)
def test_relationships_in_words_become_ctf_codes(written, code):
    (read,) = read_csv(sims_csv(pupil(contact(relationship=written)))).pupils

    assert read.contacts[0].relationship_code == code


@pytest.mark.parametrize(
    ("written", "year"), [("N1", "N1"), ("Reception", "R"), ("Y7", "7"), ("Year 11", "11"), ("x", "X")]
)
def test_year_groups_are_read_as_the_ctf_writes_them(written, year):
    (read,) = read_csv(sims_csv(pupil(year_group=written))).pupils

    assert read.year_group == year


@pytest.mark.parametrize(
    ("written", "has_it"),
    [
        ("Yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        ("No", False),
        ("n", False),
        ("False", False),
        ("0", False),
        ("", False),
    ],
)
def test_parental_responsibility_is_yes_or_no_and_blank_is_no(written, has_it):
    (read,) = read_csv(sims_csv(pupil(contact(responsibility=written)))).pupils

    assert read.contacts[0].parental_responsibility is has_it


def test_our_exports_apostrophe_before_a_formula_like_value_is_taken_off_and_the_value_kept_as_text():
    text = sims_csv(pupil(contact(surname="'=Okafor", email="+grace@example.org"), surname="'-Okafor"))

    (read,) = read_csv(text).pupils

    assert read.surname == "-Okafor"
    assert (read.contacts[0].surname, read.contacts[0].email) == ("=Okafor", "+grace@example.org")


def test_a_partial_file_says_so_in_its_header():
    assert read_csv(sims_csv(), partial=True).header.is_partial


def test_a_file_over_the_row_limit_is_refused_saying_the_limit(monkeypatch):
    assert csv_formats.MAX_CSV_ROWS == 20_000
    monkeypatch.setattr(csv_formats, "MAX_CSV_ROWS", 2)
    text = sims_csv(pupil(), pupil(upn=upn(2)), pupil(upn=upn(3)))

    assert refusals(text) == [
        "The file '3 rows': one file may hold at most 2 rows. Split it (for example by year group, each part "
        "with the column headings) and import each part."
    ]


def test_an_unclosed_quote_is_refused_naming_its_line():
    (problem,) = refusals(sims_csv() + '"' + upn(2) + ",Smith\r\n")

    assert problem.startswith('Row 3: A quote mark (") on line 3 is never closed')


def test_a_row_with_more_values_than_headings_is_a_problem():
    text = sims_csv(pupil(no_contacts=True)).replace("Okafor,Daniel", "Okafor,Daniel,Jr", 1)

    (problem,) = refusals(text)

    assert "Row 2: this row has 13 values but there are 12 column headings" in problem


# --- Columns we do not know ----------------------------------------------------------------------------------------

FOREIGN_HEADINGS = ["Pupil UPN", "Surname", "First name", "Birth date", "Year", "Form", "SEN", "Notes"]
FOREIGN_HEADINGS += ["Parent 1 Forename", "Parent 1 Relationship", "Parent 2 Forename", "Parent 2 Relationship"]


def foreign_csv(*rows: list[str]) -> str:
    return csv_text(
        FOREIGN_HEADINGS,
        list(rows)
        or [[upn(1), "Okafor", "Daniel", "14/03/2015", "5", "5B", "K", "x"] + ["Grace", "Mother", "Ade", "Father"]],
    )


def test_headings_we_do_not_know_ask_for_a_mapping_with_a_suggestion():
    with pytest.raises(NeedsMapping) as needs:
        read_csv(foreign_csv())

    assert needs.value.headings == FOREIGN_HEADINGS
    assert needs.value.suggestion == {
        "upn": "Pupil UPN",
        "surname": "Surname",
        "forename": "First name",
        "date_of_birth": "Birth date",
        "year_group": "Year",
        "form": "Form",
        "sen_status": "SEN",
        "contact_forename:1": "Parent 1 Forename",
        "contact_relationship:1": "Parent 1 Relationship",
        "contact_forename:2": "Parent 2 Forename",
        "contact_relationship:2": "Parent 2 Relationship",
    }


def test_a_file_is_read_with_the_senco_s_mapping():
    with pytest.raises(NeedsMapping) as needs:
        read_csv(foreign_csv())

    (daniel,) = read_csv(foreign_csv(), mapping=needs.value.suggestion).pupils

    assert (daniel.upn, daniel.forename, daniel.year_group) == (upn(1), "Daniel", "5")
    assert [(c.order, c.forename, c.relationship_code) for c in daniel.contacts] == [
        (1, "Grace", "PAM"),
        (2, "Ade", "PAF"),
    ]


def test_a_mapping_for_one_row_per_contact_reads_rows_grouped_by_upn():
    headings = ["UPN", "Surname", "Forename", "DOB", "Year", "SEN", "Carer", "Carer relationship"]
    text = csv_text(
        headings,
        [
            [upn(1), "Okafor", "Daniel", "14/03/2015", "5", "K", name, rel]
            for name, rel in (("Grace", "Mum"), ("Ade", "Dad"))
        ],
    )
    mapping = {"upn": "UPN", "surname": "Surname", "forename": "Forename", "date_of_birth": "DOB", "year_group": "Year"}
    mapping |= {"sen_status": "SEN", "contact_forename": "Carer", "contact_relationship": "carer RELATIONSHIP"}

    (daniel,) = read_csv(text, mapping=mapping).pupils

    assert [(c.order, c.forename, c.relationship_code) for c in daniel.contacts] == [
        (1, "Grace", "PAM"),
        (2, "Ade", "PAF"),
    ]


def test_a_mapping_without_a_required_column_or_naming_a_column_not_in_the_file_is_refused():
    mapping = {"upn": "Pupil UPN", "surname": "Surname", "forename": "First name", "year_group": "Year"}
    mapping |= {"sen_status": "SEN", "form": "Class"}

    assert refusals(foreign_csv(), mapping=mapping) == [
        "Row 1 (the headings), <Class>: this file has no column with this heading.",
        "Row 1 (the headings), <Date of birth>: the import needs the Date of birth: choose its column.",
    ]


def test_headings_key_ignores_order_case_spaces_and_byte_order_mark_but_not_the_names():
    key = headings_key(["UPN", "Legal Surname", "Year"])

    assert headings_key(["\ufeffyear", "legal  surname ", "UPN"]) == key
    assert headings_key(["UPN", "Legal Surname", "Year Group"]) != key
    assert len(key) == 64


# --- Uploads -------------------------------------------------------------------------------------------------------


def test_an_upload_not_in_utf8_asks_about_its_encoding_and_is_read_once_confirmed():
    data = sims_csv(*two_pupils()).encode("cp1252")

    with pytest.raises(EncodingQuestion) as question:
        read_upload(data)
    read = read_upload(data, encoding=question.value.guess, partial=True)

    assert question.value.guess == "cp1252"
    assert [p.surname for p in read.pupils] == ["Okafor", "Brontë"]
    assert read.header.is_partial


def test_an_upload_in_utf8_with_a_byte_order_mark_is_read_as_it_is():
    (daniel, zoe) = read_upload(sims_csv(*two_pupils()).encode("utf-8-sig")).pupils

    assert zoe.forename == "Zoë"


def test_an_upload_over_the_size_limit_or_an_excel_workbook_is_refused(monkeypatch):
    monkeypatch.setattr(csv_formats, "MAX_CSV_BYTES", 1024 * 1024)

    with pytest.raises(CTFRefused) as too_big:
        read_upload(b"x" * (1024 * 1024 + 1))
    with pytest.raises(CTFRefused) as workbook:
        read_upload(b"PK\x03\x04rest of a zip")

    assert str(too_big.value) == "The file: it is 1.1 MB, over the limit of 1 MB for a CSV file."
    assert "this is an Excel workbook (.xlsx), not a CSV file" in str(workbook.value)


def test_contact_columns_without_a_relationship_or_a_name_are_said_once():
    mapping = {"upn": "Pupil UPN", "surname": "Surname", "forename": "First name", "date_of_birth": "Birth date"}
    mapping |= {"year_group": "Year", "sen_status": "SEN", "contact_forename:1": "Parent 1 Forename"}
    mapping |= {"contact_relationship:2": "Parent 2 Relationship"}

    assert refusals(foreign_csv(), mapping=mapping) == [
        "Row 1 (the headings): there is no column for contact 1's relationship to the pupil.",
        "Row 1 (the headings): there is no column for contact 2's forename or surname.",
    ]


def test_a_quote_closed_lines_later_is_named_with_both_lines_not_read_as_a_long_surname():
    rows = sims_csv(pupil(no_contacts=True), pupil(upn=upn(2), no_contacts=True), pupil(upn=upn(3), no_contacts=True))
    lines = rows.split("\r\n")
    lines[2] = lines[2].replace(",Okafor,", ',"Okafor,', 1)
    lines[3] = lines[3].replace(",Okafor,", ',Okafor",', 1)

    (problem,) = refusals("\r\n".join(lines))

    assert problem.startswith("Row 3, <Legal Surname> 'Okafor,Daniel,Dan,")
    assert 'a quote mark (") on line 3 of the file is closed only on line 4' in problem


def test_an_address_typed_over_several_lines_in_one_cell_is_an_address_not_a_stray_quote():
    text = sims_csv(pupil(contact(address_1="Flat 2\nThe Old Mill", town="Ashby")))

    (read,) = read_csv(text).pupils

    assert read.contacts[0].address_lines[:2] == ("Flat 2\nThe Old Mill", "Ashby") or "Flat 2" in "\n".join(
        read.contacts[0].address_lines
    )
