"""Retention: a pupil's record is kept until their date of birth plus RECORD_RETENTION_YEARS (31 by default); the
SENCO's report lists those past it, oldest first, and those falling due within a year. Nothing is deleted."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from pupils.models import Pupil
from pupils.retention import is_past_retention, retention_date, retention_report
from pupils.tests.factories import PupilFactory

TODAY = date(2026, 11, 25)


def born(years: int, days: int = 0, **fields) -> Pupil:
    """A pupil born `years` years and `days` days before TODAY."""
    return PupilFactory(date_of_birth=retention_date(TODAY, -years) - timedelta(days=days), **fields)


def test_retention_date_is_the_birthday_that_many_years_on():
    assert retention_date(date(2010, 6, 15), 31) == date(2041, 6, 15)


def test_born_on_29_february_reaches_it_on_1_march_in_a_year_without_one():
    assert retention_date(date(2012, 2, 29), 31) == date(2043, 3, 1)
    assert retention_date(date(2012, 2, 29), 32) == date(2044, 2, 29)


def test_on_the_retention_date_itself_the_record_is_still_within_it():
    assert not is_past_retention(date(1995, 11, 25), TODAY, 31)
    assert is_past_retention(date(1995, 11, 24), TODAY, 31)


def test_report_includes_a_day_past_and_excludes_a_day_short(db):
    past = born(31, days=1, legal_first_name="Past")
    short = born(31, days=-1, legal_first_name="Short")
    report = retention_report(TODAY, 31)
    assert [row.pupil for row in report.past] == [past]
    assert report.past[0].retention_date == TODAY - timedelta(days=1)
    assert [row.pupil for row in report.due_within_a_year] == [short]


def test_report_lists_pupils_off_the_register_too_oldest_first(db):
    newer = born(32)
    older = born(
        40, added_to_register_on=date(1995, 9, 4), removed_from_register_on=date(2003, 7, 20), removal_reason="Left"
    )
    assert [row.pupil for row in retention_report(TODAY, 31).past] == [older, newer]


def test_falling_due_counts_the_next_twelve_months_only(db):
    in_a_year = born(30)  # the 31st birthday is a year from today: still within the 12 months
    later = born(30, days=-1)
    young = PupilFactory(date_of_birth=date(2015, 3, 14))
    report = retention_report(TODAY, 31)
    assert [row.pupil for row in report.due_within_a_year] == [in_a_year]
    assert later not in [row.pupil for row in report.past + report.due_within_a_year]
    assert young not in [row.pupil for row in report.past + report.due_within_a_year]


def test_the_setting_changes_the_years(db, settings):
    pupil = born(26)
    settings.RECORD_RETENTION_YEARS = 25
    assert [row.pupil for row in retention_report(TODAY).past] == [pupil]
    settings.RECORD_RETENTION_YEARS = 31
    assert retention_report(TODAY).past == []


@pytest.fixture
def on_today():
    with time_machine.travel(date(2026, 11, 25), tick=False):
        yield


def test_senco_page_lists_past_records_and_says_nothing_is_deleted(client, senco, on_today):
    born(31, days=1, legal_first_name="Patricia", legal_last_name="Pastdate")
    born(31, days=-1, legal_first_name="Sam", legal_last_name="Soondue")
    client.force_login(senco)
    page = client.get(reverse("overview:retention")).content.decode()
    assert "Pastdate, Patricia" in page and "24 Nov 2026" in page
    assert "Nothing is deleted by the SENCO Portal" in page
    assert "Destroy it securely" in page
    assert "Soondue, Sam" in page  # under "falling due"
    assert page.index("Pastdate") < page.index("Soondue")


@pytest.mark.parametrize("role", ["teacher", "office", "head", "parent_a"])
def test_only_the_senco_sees_the_retention_report(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("overview:retention")).status_code == 403


def test_dashboard_links_the_report_with_a_count(client, senco, on_today):
    born(35)
    born(33)
    client.force_login(senco)
    page = client.get(reverse("meetings:dashboard_waiting")).content.decode()
    assert reverse("overview:retention") in page
    assert '<span class="badge text-bg-warning">2</span>' in page


@pytest.mark.parametrize("today", [TODAY, date(2027, 2, 28), date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1)])
def test_the_dashboards_counts_agree_with_the_report_to_the_day(db, today, settings):
    """Dates of birth on every day around the edges, 29 February among them: the database's counts are the
    report's lists' lengths."""
    from common.scalars import ask_together
    from pupils.retention import retention_figures

    settings.RECORD_RETENTION_YEARS = 31
    for edge in (today, today + timedelta(days=366)):
        middle = retention_date(edge, -31)
        for offset in range(-3, 4):
            PupilFactory(date_of_birth=middle + timedelta(days=offset))
    PupilFactory(date_of_birth=date(1996, 2, 29))
    PupilFactory(date_of_birth=date(1997, 2, 28))
    PupilFactory(date_of_birth=date(1997, 3, 1))
    report = retention_report(today)
    figures = ask_together(retention_figures(today))
    assert (figures["past"], figures["due_within_a_year"]) == (len(report.past), len(report.due_within_a_year))
    assert report.past and report.due_within_a_year
