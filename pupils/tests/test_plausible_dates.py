"""Implausible dates are refused wherever a pupil is entered (the form, the admin, the import from the MIS), by the
model's own rule: a date of birth in 1800 or last month, a baby in Year 13, a pupil added before birth or in the
future."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from mis.importer import plan_import
from mis.reading import read_file
from pupils import ages
from pupils.models import Pupil
from pupils.upn import check_letter

from .factories import PupilFactory, make_upn

pytestmark = pytest.mark.django_db

# Sunday 6 December 2026: the school year 2026/27. Year 7 is the pupils born 1 September 2014 to 31 August 2015.
TODAY = datetime.date(2026, 12, 6)


@pytest.fixture(autouse=True)
def on_today():
    with time_machine.travel(datetime.datetime(2026, 12, 6, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield


@pytest.fixture
def senco_client(client, senco):
    client.force_login(senco)
    return client


def form_data(**overrides) -> dict:
    body = "820200126777"
    return {
        "legal_first_name": "Zara",
        "legal_last_name": "Zed",
        "date_of_birth": "2015-03-14",
        "year_group": "7",
        "form": "7Y",
        "upn": check_letter(body) + body,
        "sen_status": "K",
        "primary_need": "SLCN",
        "added_to_register_on": "2026-11-01",
    } | overrides


def add_pupil(client, **overrides):
    return client.post(reverse("pupils:pupil_add"), form_data(**overrides))


# --- The rule, in years -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "year_group"),
    [
        (datetime.date(2014, 9, 1), 7),  # the oldest in Year 7
        (datetime.date(2015, 8, 31), 7),  # the youngest
        (datetime.date(2021, 9, 1), 0),  # Reception: aged 4 on 31 August 2026
        (datetime.date(2024, 8, 31), -2),  # Nursery 1: aged 2 on 31 August 2026
        (datetime.date(2010, 9, 1), 11),  # turns 16 in Year 11, as the compulsory school age rule says
    ],
)
def test_expected_year_group(born, year_group):
    assert ages.expected_year_group(born, TODAY) == year_group
    assert ages.born_in_year_group(year_group, TODAY)[0] <= born <= ages.born_in_year_group(year_group, TODAY)[1]


def test_year_11_agrees_with_the_end_of_compulsory_school_age():
    first, last = ages.born_in_year_group(11, TODAY)
    assert ages.compulsory_school_age_ends(first) == ages.compulsory_school_age_ends(last) == datetime.date(2027, 8, 31)


def test_age_on_a_birthday_and_the_day_before():
    assert ages.age_on(datetime.date(2015, 3, 14), datetime.date(2026, 3, 13)) == 10
    assert ages.age_on(datetime.date(2015, 3, 14), datetime.date(2026, 3, 14)) == 11
    assert ages.age_on(datetime.date(2016, 2, 29), datetime.date(2026, 2, 28)) == 9


# --- The form -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_of_birth": "1800-01-01"}, "Born on 01/01/1800, the pupil would be 226 on the register"),
        (
            {"date_of_birth": "2026-06-01", "year_group": "-2"},
            "would be 0 on the register: pupils on it are aged 2 to 25",
        ),
        ({"date_of_birth": "2027-01-01"}, "The date of birth cannot be in the future."),
        ({"date_of_birth": "2024-06-01", "year_group": "13"}, "Year 13 does not fit the date of birth"),
        ({"year_group": "2"}, "pupils born from 01/09/2014 to 31/08/2015 are in Year 7 in 2026/27"),
        ({"added_to_register_on": "2010-01-01"}, "cannot join the register before they were born (14/03/2015)"),
        ({"added_to_register_on": "2026-12-07"}, "The date added to the register cannot be in the future."),
    ],
    ids=[
        "born in 1800",
        "a baby",
        "born tomorrow",
        "a toddler in Year 13",
        "five years out",
        "added before birth",
        "added tomorrow",
    ],
)
def test_the_pupil_form_refuses_implausible_dates(senco_client, overrides, message):
    response = add_pupil(senco_client, **overrides)

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert 'value="Zara"' in response.content.decode()  # nothing typed is lost
    assert not Pupil.objects.exists()


@pytest.mark.parametrize(
    ("born", "year_group"),
    [
        ("2015-03-14", "5"),  # held back two years
        ("2015-03-14", "9"),  # moved up two years
        ("2023-08-31", "-2"),  # a three-year-old in Nursery 1
        ("2002-01-01", "14"),  # aged 24 with an EHC plan, in post-19 provision
        ("2001-12-07", "14"),  # 25 today is still on the register
    ],
)
def test_the_pupil_form_accepts_pupils_out_of_year_group_and_young_adults(senco_client, born, year_group):
    response = add_pupil(senco_client, date_of_birth=born, year_group=year_group)

    assert response.status_code == 302
    assert Pupil.objects.get().year_group == int(year_group)


def test_a_pupil_who_left_years_ago_is_judged_as_they_were_when_they_left(senco_client):
    """Records are kept long after a pupil leaves: one who left in Year 6 in 2012 can still be edited."""
    pupil = PupilFactory(
        date_of_birth=datetime.date(2001, 5, 1),
        year_group=6,
        added_to_register_on=datetime.date(2009, 9, 10),
        removed_from_register_on=datetime.date(2012, 7, 20),
        removal_reason="Left the school",
    )
    data = form_data(
        date_of_birth="2001-05-01", year_group="6", added_to_register_on="2009-09-10", upn=pupil.upn, form="6B"
    )

    response = senco_client.post(reverse("pupils:pupil_edit", args=[pupil.pk]), data)

    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.form == "6B"


def test_removing_a_pupil_with_an_old_year_group_is_not_blocked_by_it(senco_client):
    """The removal form holds only the date and the reason: the year group it cannot show is not its business."""
    pupil = PupilFactory(date_of_birth=datetime.date(2015, 3, 14), year_group=1)

    response = senco_client.post(
        reverse("pupils:pupil_remove", args=[pupil.pk]),
        {"removed_from_register_on": "2026-12-01", "removal_reason": "Left the school"},
    )

    assert response.status_code == 302
    pupil.refresh_from_db()
    assert not pupil.is_on_register


# --- The import from the MIS -------------------------------------------------------------------

HEADER = "UPN,Legal Surname,Legal Forename,DOB,Year,SEN Status,Primary Need,Date Added"


@pytest.mark.parametrize(
    ("cells", "element", "value", "message"),
    [
        ("01/01/1800,5,K,SPLD,", "Date of birth", "01/01/1800", "would be 226 on the register"),
        ("01/06/2026,13,K,SPLD,", "Date of birth", "01/06/2026", "aged 2 to 25"),
        ("01/06/2024,13,K,SPLD,", "Year group", "13", "Year 13 does not fit the date of birth"),
        ("14/03/2015,7,K,SPLD,01/01/2010", "SEN start date", "01/01/2010", "before they were born"),
    ],
    ids=["born in 1800", "a baby", "a toddler in Year 13", "added before birth"],
)
def test_the_import_refuses_implausible_dates_naming_the_pupil_the_element_and_the_value(
    cells, element, value, message
):
    upn = make_upn(801)
    data = f"{HEADER}\r\n{upn},Zed,Zara,{cells}\r\n".encode()

    plan = plan_import(read_file(data).mis_file)

    assert [(p.where, p.element, p.value) for p in plan.problems] == [(f"Pupil {upn} (Zara Zed)", element, value)]
    assert message in plan.problems[0].message
    assert not plan.ok  # so nothing can be applied
    assert not Pupil.objects.exists()
