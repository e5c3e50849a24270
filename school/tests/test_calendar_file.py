"""The school calendar from a CSV file: all or nothing, every problem named by its row, the same file twice changes
nothing, and a year written out loads back as it was."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from school.calendar import is_school_day, why_closed
from school.calendar_file import CalendarFileError, calendar_as_csv, decode, load_calendar
from school.models import ClosureDay, TermDates

pytestmark = pytest.mark.django_db
d = dt.date

YEAR_2026_27 = """kind,first day,last day,what
autumn term,2026-09-03,2026-12-18,
half term,2026-10-26,2026-10-30,
spring term,05/01/2027,25/03/2027,
half term,15/02/2027,19/02/2027,
summer term,2027-04-12,2027-07-21,
half term,2027-05-31,2027-06-04,
closure,2026-11-27,,INSET day
closure,2027-05-03,,Early May bank holiday
closure,2027-06-10,2027-06-14,Polling station
"""


def terms() -> list[tuple]:
    return list(
        TermDates.objects.values_list("term", "starts_on", "ends_on", "half_term_starts_on", "half_term_ends_on")
    )


def closed() -> dict[dt.date, str]:
    return dict(ClosureDay.objects.values_list("date", "reason"))


def test_a_year_loads_and_decides_school_days():
    loaded = load_calendar(YEAR_2026_27)
    assert str(loaded) == "Loaded: 3 terms added, 5 closure days added."
    assert terms() == [
        ("autumn", d(2026, 9, 3), d(2026, 12, 18), d(2026, 10, 26), d(2026, 10, 30)),
        ("spring", d(2027, 1, 5), d(2027, 3, 25), d(2027, 2, 15), d(2027, 2, 19)),
        ("summer", d(2027, 4, 12), d(2027, 7, 21), d(2027, 5, 31), d(2027, 6, 4)),
    ]
    # Thursday 10 to Monday 14 June: the weekend is left out
    assert sorted(closed())[-3:] == [d(2027, 6, 10), d(2027, 6, 11), d(2027, 6, 14)]
    assert not is_school_day(d(2027, 3, 26))  # Good Friday, in the Easter holiday
    assert why_closed(d(2027, 3, 29)) == "Easter holiday, 26 March to 11 April 2027"
    assert why_closed(d(2026, 11, 27)) == "INSET day"
    assert is_school_day(d(2026, 11, 26))


def test_the_same_file_again_changes_nothing(django_capture_on_commit_callbacks):
    load_calendar(YEAR_2026_27)
    before = (list(TermDates.objects.values_list()), list(ClosureDay.objects.values_list()))
    with django_capture_on_commit_callbacks() as announced:
        loaded = load_calendar(YEAR_2026_27)
    assert not loaded.changed_anything and str(loaded).startswith("Nothing to change")
    assert (list(TermDates.objects.values_list()), list(ClosureDay.objects.values_list())) == before
    assert announced == []  # no calendar_changed: reminders are not planned again for nothing


def test_a_changed_file_moves_the_terms_it_changes():
    load_calendar(YEAR_2026_27)
    autumn = TermDates.objects.get(term="autumn")
    changed = YEAR_2026_27.replace("2026-12-18", "2026-12-17").replace("INSET day", "Staff training")
    # Dates that move later: spring starting before autumn's old end would overlap if checked one by one.
    changed = changed.replace("2026-09-03", "2026-09-02")
    loaded = load_calendar(changed)
    assert [term.term for term in loaded.terms_changed] == ["autumn"]
    assert loaded.closure_days_changed == 1
    assert TermDates.objects.get(term="autumn").pk == autumn.pk
    assert TermDates.objects.get(term="autumn").ends_on == d(2026, 12, 17)
    assert closed()[d(2026, 11, 27)] == "Staff training"


def test_a_half_term_joins_a_term_already_entered():
    TermDates.objects.create(term="autumn", starts_on=d(2026, 9, 3), ends_on=d(2026, 12, 18))
    load_calendar("half term,26/10/2026,30/10/2026,\n")
    assert terms() == [("autumn", d(2026, 9, 3), d(2026, 12, 18), d(2026, 10, 26), d(2026, 10, 30))]


def test_any_problem_saves_nothing_and_names_the_row():
    ClosureDay.objects.create(date=d(2026, 11, 27), reason="INSET day")
    broken = YEAR_2026_27.replace("spring term,05/01/2027,25/03/2027", "spring term,05/01/2027,25/13/2027")
    broken += "holiday,2027-02-01,,Snow\nclosure,2027-01-09,,Saturday\nclosure,2027-01-11,,\n"
    with pytest.raises(CalendarFileError) as error:
        load_calendar(broken)
    assert error.value.problems == [
        "Row 4: the last day '25/13/2027' is not a date: write it as 2026-09-03 or 03/09/2026.",
        "Row 11: 'holiday' is not a kind of row: write autumn term, spring term, summer term, half term or closure.",
        "Row 12 (closure, 9 January 2027): that is a weekend: closure days are weekdays.",
        "Row 13 (closure, 11 January 2027): say why the school is closed (for example INSET day) in the fourth column.",
    ]
    assert terms() == [] and closed() == {d(2026, 11, 27): "INSET day"}


def test_the_models_own_checks_name_the_row_and_nothing_is_kept():
    overlapping = YEAR_2026_27.replace("summer term,2027-04-12", "summer term,2027-03-22")
    overlapping = overlapping.replace("half term,2026-10-26,2026-10-30", "half term,2026-10-26,2026-12-30")
    with pytest.raises(CalendarFileError) as error:
        load_calendar(overlapping)
    assert error.value.problems == [
        "Row 3 (half term, 26 October to 30 December 2026): The half-term break falls inside the term, after its "
        "first day.",
        "Row 6 (summer term, 22 March to 21 July 2027): These dates overlap the Spring term 5 Jan 2027 to 25 Mar 2027.",
    ]
    assert terms() == [] and closed() == {}


def test_a_half_term_outside_every_term_and_a_day_closed_twice():
    with pytest.raises(CalendarFileError) as error:
        load_calendar(
            "half term,2026-10-26,2026-10-30,\n"
            "closure,2026-11-26,2026-11-27,INSET day\n"
            "closure,2026-11-27,,Bank holiday\n"
            "autumn term,2026-09-03,2026-12-18\n"
            "autumn term,2026-09-04,2026-12-18\n"
        )
    assert error.value.problems == [
        "Row 5 (autumn term, 4 September to 18 December 2026): the file gives this term twice (row 4 too).",
        "Row 3 (closure, 27 November 2026): Friday 27 November 2026 is closed for another reason in row 2.",
    ]
    with pytest.raises(CalendarFileError) as error:
        load_calendar("half term,2026-10-26,2026-10-30,\n")
    assert error.value.problems == [
        "Row 1 (half term, 26 to 30 October 2026): the half term falls in no term: give the term's dates first."
    ]


def test_a_year_written_out_loads_back_the_same():
    load_calendar(YEAR_2026_27)
    written = calendar_as_csv(2026)
    assert "closure,2027-06-10,2027-06-14,Polling station\n" in written
    TermDates.objects.all().delete()
    ClosureDay.objects.all().delete()
    load_calendar(written)
    assert calendar_as_csv(2026) == written


def test_a_file_saved_by_excel_in_windows_encoding_is_read():
    assert decode("closure,2026-11-27,,Caf\u00e9 closed".encode("cp1252")).endswith("Café closed")
    assert decode("\ufeffkind,first day".encode()).startswith("kind")


def test_the_command_loads_a_file_and_refuses_a_broken_one(tmp_path):
    good = tmp_path / "calendar.csv"
    good.write_text(YEAR_2026_27, encoding="utf-8")
    out = StringIO()
    call_command("load_school_calendar", str(good), stdout=out)
    assert "3 terms added, 5 closure days added" in out.getvalue()
    out = StringIO()
    call_command("load_school_calendar", str(good), stdout=out)
    assert "Nothing to change" in out.getvalue()
    broken = tmp_path / "broken.csv"
    broken.write_text("kind,first day,last day,what\nsummer term,2027-04-12,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Row 2: a term needs its last day too."):
        call_command("load_school_calendar", str(broken))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_school_calendar", str(tmp_path / "missing.csv"))
