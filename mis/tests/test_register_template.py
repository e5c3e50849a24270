"""This portal's own register columns in the import from the MIS: the example file, the register's export read back
to the same pupils, and the rules the old register import kept for files as Excel saves them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mis.apply import apply_plan
from mis.csv_formats import KNOWN_FORMATS, CTFRefused, read_upload, recognise
from mis.importer import plan_import
from mis.reading import read_file
from mis.tests.builders import upn
from pupils.ages import born_in_year_group
from pupils.importing import COLUMNS
from pupils.models import AreaOfNeed, Pupil, SenStatus, YearGroup
from pupils.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HEADINGS = [column.header for column in COLUMNS]
PORTAL_TEMPLATE = "SENCO Portal register template"


def born(year_group: int) -> datetime.date:
    """A date of birth that fits the year group this school year."""
    return born_in_year_group(year_group, TODAY)[0].replace(day=14)


def row(serial: int, surname: str = "Ashworth", forename: str = "Amelia", year: str = "5", **cells: str) -> str:
    """One pupil in the portal's own columns: Year 5, SEN support for SPLD, unless told otherwise."""
    values = {
        "UPN": upn(serial),
        "Legal Surname": surname,
        "Legal Forename": forename,
        "Preferred Forename": "",
        "DOB": f"{born(5):%d/%m/%Y}",
        "Year": year,
        "Reg Group": "5B",
        "SEN Status": "K",
        "Primary Need": "SPLD",
        "Secondary Need": "",
        "Date Added": "10/09/2024",
    } | cells
    return ",".join(values[heading] for heading in HEADINGS)


def portal_csv(*rows: str, headings: list[str] = HEADINGS) -> str:
    return "\r\n".join([",".join(headings), *rows]) + "\r\n"


def import_file(data: bytes, **kwargs) -> None:
    """Read, plan and apply `data` as the SENCO's import does, insisting on no problems."""
    plan = plan_import(read_file(data, **kwargs).mis_file)
    assert plan.ok, [str(problem) for problem in plan.problems]
    apply_plan(plan)


def register() -> list[tuple]:
    return sorted(
        Pupil.objects.values_list(
            "upn",
            "legal_last_name",
            "legal_first_name",
            "preferred_name",
            "date_of_birth",
            "year_group",
            "form",
            "sen_status",
            "primary_need",
            "secondary_need",
            "added_to_register_on",
        )
    )


# --- The example file and the register's own export ---------------------------------------------------------------


def test_the_example_file_imports_cleanly(client, senco):
    client.force_login(senco)
    example = client.get(reverse("pupils:import_template")).content

    read = read_file(example)
    plan = plan_import(read.mis_file)

    assert recognise(HEADINGS) == (next(f for f in KNOWN_FORMATS if f.name == PORTAL_TEMPLATE), False)
    assert plan.ok, [str(problem) for problem in plan.problems]
    assert len(plan.new_pupils) == 1
    apply_plan(plan)
    amelia = Pupil.objects.get()
    assert (amelia.legal_first_name, amelia.preferred_name, amelia.year_group) == ("Amelia", "Millie", 5)
    assert (amelia.sen_status, amelia.primary_need, amelia.secondary_need) == ("K", "SPLD", "SLCN")


def test_the_registers_export_read_back_imports_to_the_same_pupils(client, senco):
    """The export puts an apostrophe before a value starting = + - @ (so that a spreadsheet does not run it as a
    formula); read back, it is taken off again, and a real apostrophe stays."""
    PupilFactory(
        upn=upn(1),
        legal_last_name="-Smith",
        legal_first_name="@Mo",
        preferred_name="Mo",
        date_of_birth=born(0),
        year_group=YearGroup.RECEPTION,
        form="RB",
        added_to_register_on=datetime.date(2025, 9, 10),
    )
    PupilFactory(
        upn=upn(2),
        legal_last_name="O'Brien",
        legal_first_name="+Kai",
        date_of_birth=born(-2),
        year_group=YearGroup.NURSERY_1,
        form="",
        sen_status=SenStatus.EHC_PLAN,
        primary_need=AreaOfNeed.ASD,
        secondary_need=AreaOfNeed.SLCN,
        added_to_register_on=datetime.date(2026, 1, 5),
    )
    PupilFactory(
        upn=upn(3),
        legal_last_name="'Tis",
        legal_first_name="=Zoë",
        date_of_birth=born(11),
        year_group=11,
        form="11C",
        sen_status=SenStatus.MONITORING,
        primary_need="",
        added_to_register_on=datetime.date(2024, 2, 29),
    )
    before = register()
    client.force_login(senco)
    exported = b"".join(client.get(reverse("pupils:register_export")).streaming_content)
    assert b"'-Smith" in exported and b"'@Mo" in exported and b"'=Zo" in exported

    again = plan_import(read_upload(exported))

    assert again.ok and not again.changes_anything
    assert again.unchanged_pupils == 3

    Pupil.objects.all().delete()
    import_file(exported)

    assert register() == before


# --- Headings and cells in the portal's own columns ----------------------------------------------------------------


def test_headings_are_known_whatever_their_case_or_spacing_and_extra_columns_are_ignored():
    shouted = [f" {heading.upper().replace(' ', '  ')} " for heading in HEADINGS] + ["Ethnicity"]
    text = portal_csv(row(1) + ",WBRI", headings=shouted)

    (read,) = read_upload(text.encode()).pupils

    assert recognise(shouted)[0].name == PORTAL_TEMPLATE
    assert (read.upn, read.surname, read.year_group) == (upn(1), "Ashworth", "5")


@pytest.mark.parametrize(
    ("written", "year_group"),
    [("N1", -2), ("n2", -1), ("Reception", 0), ("r", 0), ("1", 1), ("Year 7", 7), ("Y11", 11), ("14", 14)],
)
def test_year_group_spellings_reach_the_register(written, year_group):
    import_file(portal_csv(row(1, year=written, DOB=f"{born(year_group):%d/%m/%Y}")).encode())

    assert Pupil.objects.get().year_group == year_group


# --- Files as Excel saves them -------------------------------------------------------------------------------------


def test_excels_unicode_text_utf16_and_tab_separated_is_read():
    text = portal_csv(row(1, surname="Nowak", forename="Łucja")).replace(",", "\t")

    import_file(text.encode("utf-16"))

    assert Pupil.objects.get().legal_first_name == "Łucja"


def test_a_file_separated_by_semicolons_is_read():
    text = portal_csv(row(1, surname="Pérez", forename="José")).replace(",", ";")

    import_file(text.encode())

    assert Pupil.objects.get().legal_last_name == "Pérez"


def test_a_windows_1252_file_is_read_once_its_encoding_is_confirmed():
    data = portal_csv(row(1, surname="Brontë", forename="Zoë")).encode("cp1252")

    import_file(data, encoding="cp1252")

    assert Pupil.objects.get().legal_last_name == "Brontë"


def test_an_excel_97_2003_workbook_is_refused_with_advice():
    with pytest.raises(CTFRefused) as refused:
        read_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1binary")

    assert "this is an Excel 97-2003 (.xls), not a CSV file" in str(refused.value)
    assert "Save As, 'CSV UTF-8 (Comma delimited)'" in str(refused.value)


def test_a_stray_quote_after_a_quoted_value_is_named_with_its_line():
    text = portal_csv(row(1), row(2).replace(",Ashworth,", ',"Ashworth"e,'))

    with pytest.raises(CTFRefused) as refused:
        read_upload(text.encode())

    (problem,) = refused.value.problems
    assert problem.where == "Row 3"
    assert problem.message.startswith('Line 3 has a quote mark (") in the wrong place')
    assert not Pupil.objects.exists()
