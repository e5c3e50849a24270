"""Importing the SEND register from an MIS CSV: check every row, report every problem by row and
column, import nothing while any row is bad, and update pupils matched by UPN."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import UserFactory
from pupils import importing
from pupils.ages import born_in_year_group
from pupils.importing import import_register
from pupils.models import AreaOfNeed, OnePageProfile, Pupil, SenStatus, YearGroup
from pupils.upn import check_letter
from pupils.views.importing import SESSION_KEY, RegisterImportTemplateView

from .factories import OnePageProfileFactory, PupilFactory, make_upn

pytestmark = pytest.mark.django_db

# Sunday 6 December 2026, the school year 2026/27: the rows' dates of birth fit their year groups on it.
TODAY = datetime.date(2026, 12, 6)


@pytest.fixture(autouse=True)
def on_today():
    with time_machine.travel(datetime.datetime(2026, 12, 6, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield


HEADER = (
    "UPN,Legal Surname,Legal Forename,Preferred Forename,DOB,Year,Reg Group,"
    "SEN Status,Primary Need,Secondary Need,Date Added"
)
UPN_1, UPN_2, UPN_3 = make_upn(501), make_upn(502), make_upn(503)


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


def good_rows() -> list[str]:
    return [
        f"{UPN_1},Ashworth,Amelia,Millie,14/03/2015,5,5B,K,SPLD,SLCN,10/09/2024",
        f"{UPN_2},barker,Ben,,2012-11-02,Year 8,8R,EHC plan,asd,,",
        f"{UPN_3},Cole,Cara,,01/09/2020,R,RB,Monitoring,,,",
    ]


def problems(report) -> list[tuple]:
    return [(p.row, p.column) for p in report.errors]


# --- The importer -----------------------------------------------------------------------------


def test_valid_file_creates_pupils():
    report = import_register(csv_text(*good_rows()).encode(), dry_run=False)

    assert report.errors == []
    assert (report.created, report.updated) == (3, 0)
    amelia = Pupil.objects.get(upn=UPN_1)
    assert amelia.legal_last_name == "Ashworth"
    assert amelia.preferred_name == "Millie"
    assert amelia.date_of_birth == datetime.date(2015, 3, 14)
    assert (amelia.year_group, amelia.form) == (5, "5B")
    assert (amelia.sen_status, amelia.primary_need, amelia.secondary_need) == (
        SenStatus.SEN_SUPPORT,
        AreaOfNeed.SPLD,
        AreaOfNeed.SLCN,
    )
    assert amelia.added_to_register_on == datetime.date(2024, 9, 10)
    ben = Pupil.objects.get(upn=UPN_2)
    assert (ben.year_group, ben.sen_status, ben.primary_need) == (8, SenStatus.EHC_PLAN, AreaOfNeed.ASD)
    cara = Pupil.objects.get(upn=UPN_3)
    assert cara.year_group == YearGroup.RECEPTION
    assert cara.sen_status == SenStatus.MONITORING
    assert cara.added_to_register_on == datetime.date.today()


def test_dry_run_counts_but_saves_nothing():
    report = import_register(csv_text(*good_rows()), dry_run=True)

    assert report.errors == []
    assert (report.created, report.updated) == (3, 0)
    assert not Pupil.objects.exists()


@pytest.mark.parametrize(
    ("year", "expected"),
    [("N1", -2), ("n2", -1), ("Reception", 0), ("r", 0), ("1", 1), ("Year 7", 7), ("Y11", 11), ("14", 14)],
)
def test_year_group_spellings(year, expected):
    born = born_in_year_group(expected, TODAY)[0]
    row = f"{UPN_1},Ashworth,Amelia,,{born:%d/%m/%Y},{year},,K,SPLD,,"
    report = import_register(csv_text(row), dry_run=False)

    assert report.errors == []
    assert Pupil.objects.get(upn=UPN_1).year_group == expected


def test_headings_ignore_case_spaces_and_extra_columns():
    header = " upn ,LEGAL  SURNAME,legal forename,dob,year,sen status,primary need,Ethnicity"
    report = import_register(
        csv_text(f"{UPN_1.lower()},Ashworth,Amelia,14/03/2015,5,k,spld,WBRI", header=header), dry_run=False
    )

    assert report.errors == []
    assert report.ignored_columns == ["Ethnicity"]
    assert Pupil.objects.get(upn=UPN_1).primary_need == AreaOfNeed.SPLD


def test_reimport_updates_the_pupil_matched_by_upn(senco):
    pupil = PupilFactory(
        upn=UPN_1,
        legal_first_name="Amelia",
        legal_last_name="Ashworth",
        year_group=4,
        form="4A",
        key_worker=senco,
        added_to_register_on=datetime.date(2023, 9, 5),
    )
    ta = UserFactory(email="ta@school.example")
    pupil.teaching_assistants.add(ta)
    OnePageProfileFactory(pupil=pupil, important_to_me="My dog Biscuit")
    history_before = pupil.history.count()

    row = f"{UPN_1},Ashworth,Amelia,,14/03/2015,5,5C,K,SPLD,,"
    report = import_register(csv_text(row), dry_run=False)

    assert report.errors == []
    assert (report.created, report.updated) == (0, 1)
    assert Pupil.objects.count() == 1
    pupil.refresh_from_db()
    assert (pupil.year_group, pupil.form) == (5, "5C")
    assert pupil.key_worker == senco
    assert list(pupil.teaching_assistants.all()) == [ta]
    assert OnePageProfile.objects.get(pupil=pupil).important_to_me == "My dog Biscuit"
    assert pupil.added_to_register_on == datetime.date(2023, 9, 5)  # blank Date Added leaves it
    assert pupil.history.count() == history_before + 1
    assert pupil.history.first().history_change_reason == "Imported from a CSV file"
    assert list(pupil.history.first().teaching_assistants.values_list("user", flat=True)) == [ta.pk]


def test_reimport_keeps_a_removed_pupil_removed():
    PupilFactory(
        upn=UPN_1,
        removed_from_register_on=datetime.date(2025, 12, 1),
        removal_reason="Needs met",
    )
    report = import_register(csv_text(f"{UPN_1},Ashworth,Amelia,,14/03/2015,6,6A,K,SPLD,,"), dry_run=False)

    assert report.errors == []
    pupil = Pupil.objects.get(upn=UPN_1)
    assert pupil.removed_from_register_on == datetime.date(2025, 12, 1)
    assert pupil.removal_reason == "Needs met"
    assert pupil.year_group == 6


def test_same_file_twice_changes_nothing_the_second_time():
    import_register(csv_text(*good_rows()), dry_run=False)
    history = Pupil.history.count()

    report = import_register(csv_text(*good_rows()), dry_run=False)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert Pupil.objects.count() == 3
    assert Pupil.history.count() == history


BAD_ROWS = {
    "bad date": (f"{UPN_3},Cole,Cara,,31/02/2020,R,RB,K,SPLD,,", "DOB", "is not a date"),
    "bad UPN check letter": (
        f"{'A' if UPN_3[0] != 'A' else 'B'}{UPN_3[1:]},Cole,Cara,,01/09/2020,R,RB,K,SPLD,,",
        "UPN",
        "check letter does not match",
    ),
    "unknown need code": (f"{UPN_3},Cole,Cara,,01/09/2020,R,RB,K,DYSL,,", "Primary Need", "not a need code"),
    "K with no primary need": (f"{UPN_3},Cole,Cara,,01/09/2020,R,RB,K,,,", "Primary Need", "needs a primary area"),
    "secondary same as primary": (
        f"{UPN_3},Cole,Cara,,01/09/2020,R,RB,K,SPLD,spld,",
        "Secondary Need",
        "must differ",
    ),
    "duplicate UPN in the file": (f"{UPN_1},Cole,Cara,,01/09/2020,R,RB,M,,,", "UPN", "also on row 2"),
    "missing UPN": (",Cole,Cara,,01/09/2020,R,RB,M,,,", "UPN", "Enter the pupil's UPN"),
    "unknown year": (f"{UPN_3},Cole,Cara,,01/09/2020,Year 15,RB,M,,,", "Year", "not a year group"),
    "unknown status": (f"{UPN_3},Cole,Cara,,01/09/2020,R,RB,S,,,", "SEN Status", "not an SEN status"),
    "no surname": (f"{UPN_3},,Cara,,01/09/2020,R,RB,M,,,", "Legal Surname", "legal surname"),
}


@pytest.mark.parametrize("case", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_one_bad_row_imports_nothing_and_names_row_and_column(case):
    bad_row, column, message = case
    existing = PupilFactory(upn=UPN_2, year_group=7, form="7X")
    rows = good_rows()
    rows[2] = bad_row  # the third pupil, on spreadsheet row 4

    report = import_register(csv_text(*rows), dry_run=False)

    assert problems(report) == [(4, column)]
    assert message in report.errors[0].message
    assert list(Pupil.objects.all()) == [existing]
    existing.refresh_from_db()
    assert (existing.year_group, existing.form) == (7, "7X")


def test_every_problem_is_reported_not_just_the_first():
    rows = [
        f"{UPN_1},Ashworth,Amelia,,14/13/2015,5,5B,K,,,",
        f"{UPN_2},Barker,Ben,,2012-11-02,8,8R,E,XX,,",
    ]
    report = import_register(csv_text(*rows), dry_run=True)

    assert problems(report) == [(2, "DOB"), (2, "Primary Need"), (3, "Primary Need")]


def test_row_numbers_are_the_spreadsheets_even_after_blank_lines():
    text = "\r\n".join([HEADER, good_rows()[0], "", ",,,,,,,,,,", f"{UPN_2},Barker,Ben,,2012-11-02,8,8R,E,,,"])
    report = import_register(text, dry_run=True)

    assert problems(report) == [(5, "Primary Need")]


def test_a_row_with_too_many_values_is_reported():
    rows = [good_rows()[0], f"{UPN_2},Barker, Jr,Ben,,2012-11-02,8,8R,E,ASD,,"]
    report = import_register(csv_text(*rows), dry_run=False)

    assert problems(report) == [(3, "")]
    assert "comma" in report.errors[0].message
    assert not Pupil.objects.exists()


def test_missing_columns_are_named_in_one_error_before_any_row_check():
    header = "UPN,Legal Surname,Legal Forename,Year,SEN Status"
    report = import_register(csv_text(f"{UPN_1},Ashworth,Amelia,5,Q", header=header), dry_run=True)

    assert problems(report) == [(1, "")]
    assert "DOB, Primary Need" in report.errors[0].message


def test_empty_file():
    assert [p.message for p in import_register(b"", dry_run=True).errors] == ["The file is empty."]
    only_headings = import_register(csv_text(), dry_run=True)
    assert "no pupils" in only_headings.errors[0].message


def test_a_cp1252_file_with_accents_imports():
    text = csv_text(f"{UPN_1},Pérez,José,Zoë,14/03/2015,5,5B,K,SPLD,,")
    report = import_register(text.encode("cp1252"), dry_run=False)

    assert report.errors == []
    pupil = Pupil.objects.get(upn=UPN_1)
    assert (pupil.legal_last_name, pupil.legal_first_name, pupil.preferred_name) == ("Pérez", "José", "Zoë")


def test_a_utf8_file_with_a_bom_imports():
    text = csv_text(f"{UPN_1},Nowak,Łucja,,14/03/2015,5,5B,K,SPLD,,")
    report = import_register(text.encode("utf-8-sig"), dry_run=False)

    assert report.errors == []
    assert Pupil.objects.get(upn=UPN_1).legal_first_name == "Łucja"


def test_an_excel_workbook_is_refused_with_advice():
    report = import_register(b"PK\x03\x04\x14\x00\x06\x00binary", dry_run=True)

    assert "This is an Excel workbook (.xlsx)" in report.errors[0].message
    old_excel = import_register(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1binary", dry_run=True)
    assert "Excel 97-2003 workbook (.xls)" in old_excel.errors[0].message


# --- Files as Excel and the MIS save them -------------------------------------------------------


def test_excels_unicode_text_utf16_and_tab_separated_imports():
    text = csv_text(f"{UPN_1},Nowak,Łucja,,14/03/2015,5,5B,K,SPLD,,").replace(",", "\t")
    report = import_register(text.encode("utf-16"), dry_run=False)

    assert report.errors == []
    assert Pupil.objects.get(upn=UPN_1).legal_first_name == "Łucja"


def test_utf16_without_a_byte_order_mark_imports():
    text = csv_text(f"{UPN_1},Pérez,José,,14/03/2015,5,5B,K,SPLD,,")
    report = import_register(text.encode("utf-16-le"), dry_run=False)

    assert report.errors == []
    assert Pupil.objects.get(upn=UPN_1).legal_last_name == "Pérez"


def test_a_semicolon_separated_file_imports():
    text = csv_text(f"{UPN_1};Ashworth;Amelia;;14/03/2015;5;5B;K;SPLD;;", header=HEADER.replace(",", ";"))
    report = import_register(text, dry_run=False)

    assert report.errors == []
    assert Pupil.objects.get(upn=UPN_1).legal_last_name == "Ashworth"


def test_a_file_mixing_utf8_and_windows_1252_is_named_with_its_line():
    data = csv_text(f"{UPN_1},Nowak,Łucja,,14/03/2015,5,5B,K,SPLD,,").encode()
    data += f"{UPN_2},Pérez,José,,2012-11-02,8,8R,E,ASD,,\r\n".encode("cp1252")
    report = import_register(data, dry_run=False)

    assert problems(report) == [(None, "")]
    assert "Part of this file is saved as UTF-8 and part is not (line 3 is not)" in report.errors[0].message
    assert not Pupil.objects.exists()


def test_an_unclosed_quote_is_named_not_taken_for_a_long_surname():
    rows = good_rows()
    rows[1] = f'{UPN_2},"Barker,Ben,,2012-11-02,8,8R,E,ASD,,'
    report = import_register(csv_text(*rows), dry_run=False)

    assert problems(report) == [(3, "")]
    message = report.errors[0].message
    assert 'A quote mark (") on line 3 is never closed' in message
    assert f'Line 3 reads: {UPN_2},"Barker,Ben' in message
    assert "surname" not in message.lower()
    assert not Pupil.objects.exists()


def test_a_quote_closed_lines_later_is_named_with_both_lines():
    rows = [*good_rows(), f"{make_upn(504)},Dee,Dan,,2012-11-02,8,8R,E,ASD,,"]
    rows[1] = f'{UPN_2},"Barker,Ben,,2012-11-02,8,8R,E,ASD,,'
    rows[2] = rows[2].replace(",Cole,", ',Cole",')
    report = import_register(csv_text(*rows), dry_run=False)

    assert problems(report) == [(3, "Legal Surname")]
    assert "on line 3 of the file is closed only on line 4" in report.errors[0].message
    assert not Pupil.objects.exists()


def test_a_stray_quote_after_a_quoted_value_is_named():
    rows = good_rows()
    rows[2] = rows[2].replace(",Cole,", ',"Cole"e,')
    report = import_register(csv_text(*rows), dry_run=False)

    assert problems(report) == [(4, "")]
    assert "Line 4 has a quote mark" in report.errors[0].message


def test_the_exports_protective_apostrophe_is_taken_off_again(client, senco):
    """A name starting = + - @ is exported with an apostrophe before it, so that a spreadsheet does not run it as a
    formula; re-importing the export changes nothing, and a real apostrophe stays."""
    names = [("-Smith", "@Mo"), ("O'Brien", "+Kai"), ("'Tis", "=Zed")]
    for n, (last, first) in enumerate(names):
        PupilFactory(upn=make_upn(600 + n), legal_last_name=last, legal_first_name=first, year_group=7)
    client.force_login(senco)
    exported = b"".join(client.get(reverse("pupils:register_export")).streaming_content)
    assert b"'-Smith" in exported and b"'@Mo" in exported and b"'=Zed" in exported

    report = import_register(exported, dry_run=False)

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert sorted(Pupil.objects.values_list("legal_last_name", "legal_first_name")) == sorted(names)
    Pupil.objects.all().delete()
    assert import_register(exported, dry_run=False).created == 3
    assert sorted(Pupil.objects.values_list("legal_last_name", "legal_first_name")) == sorted(names)


# --- The pages --------------------------------------------------------------------------------


def upload(text: str | bytes, name: str = "register.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_office_is_refused(client, office):
    client.force_login(office)

    assert client.get(reverse("pupils:import")).status_code == 403
    response = client.post(reverse("pupils:import"), {"file": upload(csv_text(*good_rows()))})
    assert response.status_code == 403
    assert not Pupil.objects.exists()


def test_senco_sees_the_form_and_the_columns(client, senco):
    client.force_login(senco)
    response = client.get(reverse("pupils:import"))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'type="file"' in content
    for heading in ("UPN", "Legal Surname", "DOB", "SEN Status", "Primary Need", "Date Added"):
        assert f'<th scope="row">{heading}</th>' in content


def test_senco_previews_then_confirms(client, senco):
    client.force_login(senco)
    PupilFactory(upn=UPN_1, year_group=4, form="4A", key_worker=senco)

    preview = client.post(reverse("pupils:import"), {"file": upload(csv_text(*good_rows()))})

    assert preview.status_code == 200
    text = " ".join(preview.content.decode().split())
    assert "2 new pupils, 1 updated" in text
    assert 'name="confirm"' in text
    assert Pupil.objects.count() == 1  # the check saved nothing
    token = re.search(r'name="token" value="([^"]+)"', text).group(1)

    response = client.post(reverse("pupils:import"), {"confirm": "1", "token": token})

    assert response.status_code == 302
    assert response["Location"] == reverse("pupils:register")
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Imported: 2 new pupils, 1 updated."]
    assert Pupil.objects.count() == 3
    amelia = Pupil.objects.get(upn=UPN_1)
    assert (amelia.year_group, amelia.form, amelia.key_worker) == (5, "5B", senco)
    assert amelia.history.first().history_user == senco
    assert SESSION_KEY not in client.session


def test_confirming_twice_does_not_import_twice(client, senco):
    client.force_login(senco)
    preview = client.post(reverse("pupils:import"), {"file": upload(csv_text(*good_rows()))})
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    client.post(reverse("pupils:import"), {"confirm": "1", "token": token})

    again = client.post(reverse("pupils:import"), {"confirm": "1", "token": token})

    assert again["Location"] == reverse("pupils:import")
    assert "upload the file again" in [str(m) for m in get_messages(again.wsgi_request)][-1]
    assert Pupil.objects.count() == 3


def preview(client, text: str):
    response = client.post(reverse("pupils:import"), {"file": upload(text)})
    return response, re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_confirm_saves_what_was_checked_without_checking_again(client, senco, monkeypatch):
    client.force_login(senco)
    _, token = preview(client, csv_text(*good_rows()))

    def check_again(*args, **kwargs):
        raise AssertionError("Confirm checked the file again")

    monkeypatch.setattr(importing.PupilResource, "import_data", check_again)
    response = client.post(reverse("pupils:import"), {"confirm": "1", "token": token})

    assert response["Location"] == reverse("pupils:register")
    assert Pupil.objects.count() == 3
    assert Pupil.objects.get(upn=UPN_1).history.first().history_user == senco


def test_confirm_saves_nothing_if_a_pupil_was_edited_after_the_check(client, senco):
    client.force_login(senco)
    pupil = PupilFactory(upn=UPN_1, year_group=7, form="7A")
    _, token = preview(client, csv_text(*good_rows()))
    pupil.form = "7C"  # someone else edits the pupil meanwhile
    pupil.save()

    response = client.post(reverse("pupils:import"), {"confirm": "1", "token": token})

    content = " ".join(response.content.decode().split())
    assert "The register changed after the check (the pupil on row 2 was added or edited since)" in content
    assert "Nothing has been imported" in content
    assert list(Pupil.objects.all()) == [pupil]
    pupil.refresh_from_db()
    assert (pupil.form, pupil.year_group) == ("7C", 7)


def test_confirm_saves_nothing_if_a_new_pupils_upn_was_taken_after_the_check(client, senco):
    client.force_login(senco)
    _, token = preview(client, csv_text(*good_rows()))
    PupilFactory(upn=UPN_3)

    response = client.post(reverse("pupils:import"), {"confirm": "1", "token": token})

    assert "the pupil on row 4 was added or edited since" in response.content.decode()
    assert Pupil.objects.count() == 1


def test_a_file_the_register_already_holds_has_nothing_to_confirm(client, senco):
    client.force_login(senco)
    import_register(csv_text(*good_rows()), dry_run=False)

    response = client.post(reverse("pupils:import"), {"file": upload(csv_text(*good_rows()))})

    content = " ".join(response.content.decode().split())
    assert "0 new pupils, 0 updated, 3 unchanged" in content
    assert "There is nothing to import: the register already holds this file." in content
    assert 'name="confirm"' not in content


def test_a_file_over_the_row_limit_is_refused_before_any_row_is_checked(client, senco, settings):
    settings.REGISTER_IMPORT_MAX_ROWS = 2
    client.force_login(senco)
    assert "up to 5 MB and 2 pupils" in client.get(reverse("pupils:import")).content.decode()

    response = client.post(reverse("pupils:import"), {"file": upload(csv_text(*good_rows()))})

    content = response.content.decode()
    assert "This file has 3 rows of pupils; one import takes at most 2." in content
    assert "Split the file" in content
    assert 'name="confirm"' not in content
    assert not Pupil.objects.exists()


def test_the_check_asks_the_database_the_same_few_questions_for_any_number_of_rows(django_assert_max_num_queries):
    """6 ms a row came mostly from queries for each row (the pupil, the UPN's uniqueness, each constraint) and from
    saving each row to roll it back; the check now makes none of them, so a file at the row limit stays quick."""
    existing = [PupilFactory(upn=make_upn(700 + n)) for n in range(20)]
    rows = [f"{p.upn},Surname,First,,14/03/2015,7,7B,K,SPLD,,10/09/2024" for p in existing]
    rows += [f"{make_upn(800 + n)},New,Pupil,,14/03/2015,7,7B,M,,," for n in range(20)]

    with django_assert_max_num_queries(2):
        report = import_register(csv_text(*rows), dry_run=True)

    assert (report.created, report.updated, report.errors) == (20, 20, [])


def test_confirm_without_the_right_token_imports_nothing(client, senco):
    client.force_login(senco)
    client.post(reverse("pupils:import"), {"file": upload(csv_text(*good_rows()))})

    response = client.post(reverse("pupils:import"), {"confirm": "1", "token": "guessed"})

    assert response["Location"] == reverse("pupils:import")
    assert not Pupil.objects.exists()


def test_preview_with_errors_shows_the_table_and_no_confirm_button(client, senco):
    client.force_login(senco)
    rows = good_rows()
    rows[1] = f"{UPN_2},Barker,Ben,,2012-11-02,8,8R,E,,,"

    response = client.post(reverse("pupils:import"), {"file": upload(csv_text(*rows))})

    content = response.content.decode()
    assert "Nothing has been imported" in content
    assert '<th scope="col">Row</th>' in content
    assert '<th scope="col">Column</th>' in content
    assert '<th scope="col">Problem</th>' in content
    assert re.search(r'<th scope="row">3</th>\s*<td>Primary Need</td>', content)
    assert 'name="confirm"' not in content
    assert SESSION_KEY not in client.session
    assert not Pupil.objects.exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("register.xlsx", b"PK\x03\x04"), "Choose a .csv file"),
        (SimpleUploadedFile("register.csv", b"x" * (5 * 1024 * 1024 + 1)), "larger than 5 MB"),
    ],
    ids=["not csv", "too big"],
)
def test_the_form_refuses_the_wrong_file(client, senco, file, message):
    client.force_login(senco)
    response = client.post(reverse("pupils:import"), {"file": file})

    assert message in response.content.decode()
    assert 'name="confirm"' not in response.content.decode()


def test_the_form_needs_a_file(client, senco):
    client.force_login(senco)
    response = client.post(reverse("pupils:import"), {})

    assert "Choose the CSV file to import." in response.content.decode()


def test_the_example_file_has_the_headings_and_imports_cleanly(senco):
    request = RequestFactory().get("/pupils/import/example.csv")
    request.user = senco
    response = RegisterImportTemplateView.as_view()(request)

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 2
    upn = lines[1].split(",")[0]
    assert check_letter(upn[1:]) == upn[0]
    report = import_register(response.content, dry_run=True)
    assert report.errors == []
    assert report.created == 1


def test_the_example_file_is_for_the_senco_only(office):
    from django.core.exceptions import PermissionDenied

    request = RequestFactory().get("/pupils/import/example.csv")
    request.user = office
    with pytest.raises(PermissionDenied):
        RegisterImportTemplateView.as_view()(request)
