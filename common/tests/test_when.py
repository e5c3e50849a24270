"""Dates and times are written one way everywhere (common/when.py), at the edges too: midnight, midday, 12:05pm, the
clocks changing, a stored record's ISO strings, nothing at all."""

import re
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone
from django.utils.formats import date_format

from common import when

LONDON = ZoneInfo("Europe/London")
TUESDAY = date(2026, 12, 8)


@pytest.mark.parametrize(
    "moment, words",
    [
        (time(0, 0), "midnight"),
        (time(0, 30), "12:30am"),
        (time(9, 0), "9am"),
        (time(9, 5), "9:05am"),
        (time(11, 59), "11:59am"),
        (time(12, 0), "midday"),
        (time(12, 5), "12:05pm"),
        (time(13, 0), "1pm"),
        (time(15, 45), "3:45pm"),
        (time(23, 59), "11:59pm"),
    ],
)
def test_a_time_in_words(moment, words):
    assert when.clock(moment) == words
    assert when.clock(datetime.combine(TUESDAY, moment)) == words


def test_a_day_long_and_short():
    assert when.day(TUESDAY) == "Tuesday 8 December 2026"
    assert when.day(TUESDAY, short=True) == "Tue 8 Dec 2026"
    assert when.date(TUESDAY) == "8 December 2026"
    assert when.date(TUESDAY, short=True) == "8 Dec 2026"
    assert when.day(date(2027, 9, 1), short=True) == "Wed 1 Sep 2027"  # never 'Sept', never a leading 0
    assert when.day_in_week(date(2027, 9, 1)) == "Wed 1"  # a tab among a week's days


def test_a_moment_is_written_in_the_schools_time():
    summer = datetime(2026, 6, 30, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 on 1 July in London (BST)
    assert when.day_at(summer) == "Wednesday 1 July 2026 at 12:30am"
    winter = datetime(2026, 12, 8, 15, 45, tzinfo=ZoneInfo("UTC"))  # the same in London (GMT)
    assert when.day_at(winter) == "Tuesday 8 December 2026 at 3:45pm"
    assert when.day_at(winter, short=True) == "Tue 8 Dec 2026 at 3:45pm"


def test_a_stored_records_iso_strings_and_nothing():
    assert when.day("2026-07-21") == "Tuesday 21 July 2026"
    assert when.day("2026-07-21", short=True) == "Tue 21 Jul 2026"
    assert when.day_at("2026-12-08T15:45:00+00:00") == "Tuesday 8 December 2026 at 3:45pm"
    assert when.clock("2026-12-08T09:00:00+00:00") == "9am"
    for nothing in (None, "", "  "):
        assert when.day(nothing) == when.date(nothing) == when.clock(nothing) == when.day_at(nothing) == ""


def test_a_day_counted_from_today():
    assert when.on_day(TUESDAY, TUESDAY) == "today"
    assert when.on_day(TUESDAY, date(2026, 12, 7)) == "tomorrow"
    assert when.on_day(TUESDAY, date(2026, 12, 9)) == "yesterday"
    assert when.on_day(date(2026, 12, 7), date(2026, 12, 4)) == "on Monday 7 December 2026"  # a Friday's reminder
    assert when.on_day(datetime(2026, 12, 8, 0, 30, tzinfo=LONDON), date(2026, 12, 7)) == "tomorrow"


def test_a_deadline_in_words(settings):
    now = datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)
    assert when.by_when(datetime(2026, 12, 8, 9, 30, tzinfo=LONDON), now) == "by 9:30am tomorrow"
    assert when.by_when(datetime(2026, 12, 7, 12, 0, tzinfo=LONDON), now) == "by midday today"
    assert when.by_when(datetime(2026, 12, 10, 16, 0, tzinfo=LONDON), now) == "by 4pm on Thursday 10 December 2026"
    # Due at midnight: the end of the day before, not 'by midnight on Friday', which reads as a day late.
    assert when.by_when(datetime(2026, 12, 11, 0, 0, tzinfo=LONDON), now) == "by the end of Thursday 10 December 2026"
    assert when.by_when(datetime(2026, 12, 8, 0, 0, tzinfo=LONDON), now) == "by the end of today"


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_templates_have_the_filters_without_loading_them():
    starts_at = timezone.make_aware(datetime(2026, 12, 8, 15, 45))
    assert render("{{ t|day }}", t=starts_at) == "Tuesday 8 December 2026"
    assert render('{{ t|day:"short" }}', t=starts_at) == "Tue 8 Dec 2026"
    assert render("{{ t|clock }}", t=starts_at) == "3:45pm"
    assert render("{{ t|day_at }}", t=starts_at) == "Tuesday 8 December 2026 at 3:45pm"
    assert render('{{ t|day_at:"short" }}', t=starts_at) == "Tue 8 Dec 2026 at 3:45pm"
    assert render("{{ t|on_day:today }}", t=starts_at, today=date(2026, 12, 7)) == "tomorrow"
    assert render("{{ t|day_in_week }}", t=starts_at) == "Tue 8"
    assert render("{{ d|day }}", d="2026-07-21") == "Tuesday 21 July 2026"
    with pytest.raises(TemplateSyntaxError):
        render('{{ t|day:"l j F" }}', t=starts_at)


def test_djangos_own_date_formats_say_the_same():
    """`|date` with no format, `{{ a_date }}` and the admin site read the formats in common/formats/."""
    assert date_format(TUESDAY) == when.date(TUESDAY)
    assert date_format(TUESDAY, "SHORT_DATE_FORMAT") == when.date(TUESDAY, short=True)
    assert render("{{ d|date }} / {{ d }}", d=TUESDAY) == "8 December 2026 / 8 December 2026"


# The formats a template may still give `|date`: a machine's (ISO for <time datetime>, a data attribute, a file) and
# parts of a month's calendar, which are not a date written out. Anything else is written by the filters above.
MACHINE_AND_CALENDAR_FORMATS = {
    "c",
    "Y-m-d",
    "Y-m-d\\TH:i:sO",  # <time datetime> without the microseconds "c" gives (the HTML checker refuses them)
    "F Y",
    "F",
    "l",
    "j",
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
}


def test_no_template_writes_a_date_or_a_time_its_own_way():
    templates = Path(__file__).resolve().parents[2] / "templates"
    own_ways = []
    for path in templates.rglob("*"):
        if path.suffix in (".html", ".txt") and path.is_file():
            name, text = path.relative_to(templates), path.read_text()
            formats = re.findall(r"\|date:[\"']([^\"']*)[\"']", text) + re.findall(r"\{% now [\"']([^\"']*)[\"']", text)
            own_ways += [f"{name}: {f}" for f in formats if f not in MACHINE_AND_CALENDAR_FORMATS]
            own_ways += [f"{name}: |time" for _ in re.findall(r"\|time\b", text)]
            own_ways += [f"{name}: a.m./p.m." for _ in re.findall(r"\b[ap]\.m\.", text)]
    assert own_ways == []


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 12, 7, 16, 14, 37, tzinfo=UTC),  # PostgreSQL's cursor
        "2026-12-07 16:14:37",  # SQLite's cursor: text in UTC
        "2026-12-07T16:14:37+00:00",  # PostgreSQL's JSON
        "2026-12-07T16:14:37",  # SQLite's JSON
    ],
)
def test_a_moment_from_raw_sql_or_json_is_the_same_aware_moment(value):
    assert when.from_database(value) == datetime(2026, 12, 7, 16, 14, 37, tzinfo=UTC)
    assert when.from_database(None) is None and when.from_database("") is None
