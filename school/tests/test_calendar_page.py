"""The school calendar page: the office and the SENCO enter term dates and closure days (or load a file), and see
the holidays that follow from them."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from school.calendar import is_school_day
from school.models import ClosureDay, TermDates
from school.years import academic_year_of

pytestmark = pytest.mark.django_db
d = dt.date
CALENDAR = reverse("school:calendar")


@pytest.fixture
def autumn_2026():
    return TermDates.objects.create(
        term="autumn", starts_on=d(2026, 9, 3), ends_on=d(2026, 12, 18),
        half_term_starts_on=d(2026, 10, 26), half_term_ends_on=d(2026, 10, 30),
    )  # fmt: skip


@pytest.fixture
def office_signed_in(client, office):
    client.force_login(office)
    return client


def test_the_page_shows_terms_holidays_and_closure_days(office_signed_in, autumn_2026):
    TermDates.objects.create(term="spring", starts_on=d(2027, 1, 5), ends_on=d(2027, 3, 25))
    for day in (d(2027, 2, 11), d(2027, 2, 12), d(2027, 2, 15)):  # Thursday, Friday and Monday: one run
        ClosureDay.objects.create(date=day, reason="Snow")
    ClosureDay.objects.create(date=d(2026, 12, 28), reason="Bank holiday")
    page = office_signed_in.get(CALENDAR, {"year": 2026}).content.decode()
    assert "Thursday 3 September 2026 to Friday 18 December 2026" in page
    assert "Half term: 26 to 30 October 2026" in page
    assert "Christmas holiday</th><td>Sat 19 Dec 2026 to Mon 4 Jan 2027" in page
    assert "Summer holiday</th><td>Tue 1 Sep 2026 to Wed 2 Sep 2026" in page
    assert "Easter holiday" not in page  # the summer term is not entered: its weekdays still count
    assert "Not entered.</strong> Assumed: 29 March to 31 August 2027" in page
    assert "Thu 11 Feb 2027 to Mon 15 Feb 2027 (3 days)" in page
    assert 'Bank holiday <span class="text-body-secondary">(in a holiday anyway)' in page
    assert "Not every term of 2026/27 is entered yet" in page


def test_entering_a_term_and_its_clear_refusals(office_signed_in, autumn_2026):
    add = reverse("school:term_add")
    assert office_signed_in.get(add, {"term": "spring", "year": 2026}).context["form"].initial == {"term": "spring"}
    response = office_signed_in.post(
        add, {"term": "spring", "starts_on": "2026-12-14", "ends_on": "2027-03-25", "half_term_starts_on": "2027-02-15"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "These dates overlap the Autumn term 3 Sep 2026 to 18 Dec 2026." in page
    assert "Give both the first and last day of the half-term break, or neither." in page
    assert 'value="2026-12-14"' in page and 'value="2027-02-15"' in page  # what was typed, shown again
    response = office_signed_in.post(
        add, {"term": "spring", "starts_on": "05/01/2027", "ends_on": "2027-03-25", "half_term_starts_on": "2027-02-15",
              "half_term_ends_on": "2027-02-19"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"{CALENDAR}?year=2026"
    assert not is_school_day(d(2027, 2, 17)) and not is_school_day(d(2027, 1, 4))
    winter = office_signed_in.post(add, {"term": "winter", "starts_on": "2027-04-12", "ends_on": "2027-07-21"})
    assert "Select a valid choice" in winter.content.decode()


def test_changing_and_deleting_a_term(office_signed_in, autumn_2026):
    edit = reverse("school:term_edit", args=[autumn_2026.pk])
    assert 'value="2026-09-03"' in office_signed_in.get(edit).content.decode()
    response = office_signed_in.post(edit, {"term": "autumn", "starts_on": "2026-09-02", "ends_on": "2026-12-18"})
    assert response.status_code == 302
    autumn_2026.refresh_from_db()
    assert autumn_2026.starts_on == d(2026, 9, 2) and autumn_2026.half_term_starts_on is None
    delete = reverse("school:term_delete", args=[autumn_2026.pk])
    assert "Delete the Autumn term 2 Sep 2026 to 18 Dec 2026?" in office_signed_in.get(delete).content.decode()
    assert office_signed_in.post(delete).status_code == 302
    assert not TermDates.objects.exists() and is_school_day(d(2026, 12, 21))
    assert office_signed_in.get(delete).status_code == 404
    assert office_signed_in.get(reverse("school:term_edit", args=[999999])).status_code == 404


def test_a_range_of_closure_days_is_each_weekday(office_signed_in):
    ClosureDay.objects.create(date=d(2027, 2, 17), reason="INSET day")
    response = office_signed_in.post(
        reverse("school:closure_add"), {"first_day": "2027-02-12", "last_day": "2027-02-19", "reason": "Snow"}
    )
    assert response.status_code == 302 and response["Location"] == f"{CALENDAR}?year=2026"
    assert dict(ClosureDay.objects.values_list("date", "reason")) == {
        d(2027, 2, 12): "Snow", d(2027, 2, 15): "Snow", d(2027, 2, 16): "Snow", d(2027, 2, 17): "INSET day",
        d(2027, 2, 18): "Snow", d(2027, 2, 19): "Snow",
    }  # fmt: skip
    page = office_signed_in.get(response["Location"]).content.decode()
    assert "Added 5 closure days: Snow. Already closure days, left as they were: 17 February 2027 (INSET day)." in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"first_day": "2027-02-13", "reason": "Snow"}, "That is a weekend, when the school is closed anyway"),
        ({"first_day": "2027-02-19", "last_day": "2027-02-12", "reason": "Snow"}, "on or after the first day"),
        ({"first_day": "2027-02-17", "reason": "Snow"}, "Already closure days: 17 February 2027 (INSET day)."),
        ({"first_day": "17/02/2027", "reason": ""}, "This field is required."),
        ({"first_day": "not a day", "reason": "Snow\nday"}, "Enter a valid date."),
    ],
)
def test_closure_days_refused_with_what_was_typed(office_signed_in, typed, message):
    ClosureDay.objects.create(date=d(2027, 2, 17), reason="INSET day")
    response = office_signed_in.post(reverse("school:closure_add"), typed)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert f'value="{typed["first_day"]}"' in page
    assert ClosureDay.objects.count() == 1


def test_deleting_a_run_of_closure_days(office_signed_in):
    for day in (d(2027, 2, 11), d(2027, 2, 12), d(2027, 2, 15)):
        ClosureDay.objects.create(date=day, reason="Snow")
    ClosureDay.objects.create(date=d(2027, 2, 16), reason="INSET day")
    first = ClosureDay.objects.get(date=d(2027, 2, 11))
    delete = reverse("school:closure_delete", args=[first.pk])
    assert "these 3 days become school days" in office_signed_in.get(delete, {"through": "2027-02-16"}).content.decode()
    office_signed_in.post(delete, {"through": "2027-02-16"})
    assert list(ClosureDay.objects.values_list("reason", flat=True)) == ["INSET day"]  # another reason: kept
    inset = ClosureDay.objects.get()
    # a through that is not a date: just the day named
    office_signed_in.post(reverse("school:closure_delete", args=[inset.pk]), {"through": "soon"})
    assert not ClosureDay.objects.exists()
    assert office_signed_in.post(reverse("school:closure_delete", args=[inset.pk])).status_code == 404


def test_loading_a_file_on_the_page(office_signed_in):
    upload = reverse("school:calendar_upload")
    good = b"kind,first day,last day,what\nautumn term,03/09/2026,18/12/2026,\nclosure,2026-11-27,,INSET day\n"
    response = office_signed_in.post(upload, {"file": SimpleUploadedFile("calendar.csv", good)}, follow=True)
    assert "Loaded: 1 term added, 1 closure day added." in response.content.decode()
    assert response.redirect_chain[-1][0] == f"{CALENDAR}?year=2026"
    bad = good.replace(b"18/12/2026", b"18/12/2025") + b"closure,2026-11-28,,INSET day\n"
    response = office_signed_in.post(upload, {"file": SimpleUploadedFile("calendar.csv", bad)})
    page = response.content.decode()
    assert "Nothing was loaded." in page
    assert "Row 2 (autumn term, 3 September 2026 to 18 December 2025): the last day comes before the first." in page
    assert "Row 4 (closure, 28 November 2026): that is a weekend: closure days are weekdays." in page
    assert TermDates.objects.get().ends_on == d(2026, 12, 18)
    binary = office_signed_in.post(upload, {"file": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF")})
    assert "is not a kind of row" in binary.content.decode()
    assert "This field is required." in office_signed_in.post(upload, {}).content.decode()


def test_a_year_as_a_file(office_signed_in, autumn_2026):
    response = office_signed_in.get(reverse("school:calendar_file"), {"year": "2026"})
    assert response["Content-Disposition"] == 'attachment; filename="school-calendar-2026-27.csv"'
    assert response.content.decode() == (
        "kind,first day,last day,what\nautumn term,2026-09-03,2026-12-18,\nhalf term,2026-10-26,2026-10-30,\n"
    )


def test_a_year_out_of_reach_shows_this_year(office_signed_in):
    this_year = academic_year_of(timezone.localdate())
    for year in ("1900", "x", str(this_year.start_year + 20)):
        assert office_signed_in.get(CALENDAR, {"year": year}).context["year"] == this_year


def test_the_staff_menu_links_the_calendar_for_the_office_not_for_a_teacher(client, office, teacher):
    client.force_login(office)
    assert CALENDAR in client.get(reverse("booking:days")).content.decode()
    client.force_login(teacher)
    assert CALENDAR not in client.get(reverse("meetings:mine")).content.decode()
