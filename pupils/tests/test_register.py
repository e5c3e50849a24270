import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.tests.page_queries import own_queries
from pupils.models import Pupil, SenStatus

from .factories import PupilFactory

REGISTER = reverse("pupils:register")


def names(response) -> list[str]:
    return [p.legal_last_name for p in response.context["pupils"]]


@pytest.fixture
def register(senco, teacher):
    PupilFactory(legal_first_name="Ava", legal_last_name="Adams", year_group=7, form="7B", primary_need="SPLD")
    PupilFactory(
        legal_first_name="Robert",
        preferred_name="Bobby",
        legal_last_name="Brown",
        year_group=8,
        form="8R",
        sen_status=SenStatus.EHC_PLAN,
        primary_need="ASD",
        secondary_need="SLCN",
        key_worker=teacher,
    )
    PupilFactory(
        legal_first_name="Cara", legal_last_name="Clarke", year_group=7, form="7C", sen_status="M", primary_need=""
    )
    PupilFactory(
        legal_first_name="Dan",
        legal_last_name="Dunn",
        year_group=9,
        removed_from_register_on=datetime.date(2026, 7, 20),
        removal_reason="No longer needs SEN support",
    )
    return Pupil.objects.all()


@pytest.fixture
def senco_client(client, senco):
    client.force_login(senco)
    return client


def test_register_shows_current_pupils_by_default_and_past_on_request(senco_client, register):
    assert names(senco_client.get(REGISTER)) == ["Adams", "Brown", "Clarke"]
    assert names(senco_client.get(REGISTER, {"show": "past"})) == ["Dunn"]
    assert names(senco_client.get(REGISTER, {"show": "all"})) == ["Adams", "Brown", "Clarke", "Dunn"]


def test_each_row_reads_as_the_record_says(senco_client, register, teacher):
    """The row's words are worked out in the view (issue 24): the same as the record's own page would write them."""
    Pupil.objects.filter(legal_last_name="Adams").update(left_school_on=datetime.date(2026, 10, 23))
    PupilFactory(legal_first_name="Eve", legal_last_name="Evans", sen_status=SenStatus.NO_SEN)
    page = " ".join(senco_client.get(REGISTER, {"show": "all"}).content.decode().split())
    brown, dunn = Pupil.objects.get(legal_last_name="Brown"), Pupil.objects.get(legal_last_name="Dunn")
    assert f'<a href="{reverse("pupils:pupil_detail", args=[brown.pk])}">Brown, Bobby</a>' in page
    assert "Legal name Robert" in page and teacher.get_full_name() in page
    assert '<span class="badge text-bg-primary">EHC plan</span>' in page
    assert '<span class="badge text-bg-success">SEN support</span>' in page
    assert '<span class="badge text-bg-warning">Monitoring</span>' in page
    assert '<span class="badge text-bg-light border">No SEN</span>' in page
    asd, slcn = "Autistic spectrum disorder", "Speech, language and communication needs"
    assert f'<abbr title="{asd}">ASD</abbr>, <abbr title="{slcn}">SLCN</abbr>' in page
    assert "Year 8 · 8R" in page
    assert "Left the register 20 Jul 2026" in page and dunn.removal_reason not in page
    assert "left 23 Oct 2026" in page
    assert page.count("10 Sep 2025") == 4  # on the register since: every pupil but the one with no SEN


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "bobby"}, ["Brown"]),  # preferred name
        ({"q": "robert brown"}, ["Brown"]),  # legal first name and surname together
        ({"q": "ada"}, ["Adams"]),
        ({"year_group": "7"}, ["Adams", "Clarke"]),
        ({"form": "8R"}, ["Brown"]),
        ({"sen_status": "E"}, ["Brown"]),
        ({"sen_status": "M"}, ["Clarke"]),
        ({"need": "SLCN"}, ["Brown"]),  # matches a secondary need too
        ({"need": "SPLD"}, ["Adams"]),
        ({"year_group": "7", "sen_status": "K"}, ["Adams"]),
        ({"q": "nobody-like-this"}, []),
    ],
)
def test_register_search_and_filters(senco_client, register, query, expected):
    assert names(senco_client.get(REGISTER, query)) == expected


def test_register_search_by_upn(senco_client, register):
    upn = Pupil.objects.get(legal_last_name="Clarke").upn
    assert names(senco_client.get(REGISTER, {"q": upn.lower()})) == ["Clarke"]


def test_register_filter_by_key_worker(senco_client, register, teacher):
    assert names(senco_client.get(REGISTER, {"key_worker": teacher.pk})) == ["Brown"]


def test_register_sorts_by_year_descending_and_by_name(senco_client, register):
    assert names(senco_client.get(REGISTER, {"sort": "-year"})) == ["Brown", "Adams", "Clarke"]
    assert names(senco_client.get(REGISTER, {"sort": "-name"})) == ["Clarke", "Brown", "Adams"]
    # An unknown sort falls back to name order rather than failing.
    assert names(senco_client.get(REGISTER, {"sort": "upn; drop table"})) == ["Adams", "Brown", "Clarke"]


def test_register_counts_follow_the_filters(senco_client, register):
    counts = senco_client.get(REGISTER).context["counts"]
    assert counts == {"sen_support": 1, "ehc_plan": 1, "monitoring": 1, "total": 3}
    counts = senco_client.get(REGISTER, {"year_group": "7"}).context["counts"]
    assert counts == {"sen_support": 1, "ehc_plan": 0, "monitoring": 1, "total": 2}


def test_register_is_paginated(senco_client, settings):
    PupilFactory.create_batch(55)
    first = senco_client.get(REGISTER)
    second = senco_client.get(REGISTER, {"page": 2})
    assert len(first.context["pupils"]) == 50
    assert len(second.context["pupils"]) == 5
    assert "Page 1 of 2" in first.content.decode()


def queries_for_register(client) -> int:
    # Counted after the process's first request, which reads the school's settings and keeps them.
    client.get(REGISTER, {"sort": "year"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(REGISTER, {"sort": "year"})
    assert response.status_code == 200
    return len(queries)


def test_register_query_count_does_not_grow_with_the_register(senco_client, teacher, other_teacher):
    PupilFactory.create_batch(20, key_worker=teacher, class_teacher=other_teacher)
    with_20 = queries_for_register(senco_client)
    PupilFactory.create_batch(480, key_worker=other_teacher, class_teacher=teacher)
    with_500 = queries_for_register(senco_client)
    assert with_20 == with_500
    # Beyond any signed-in page: the forms and staff to filter by (2), the counts at the top, which say how many
    # pages there are too (1), the letters waiting (1) and the page (1).
    assert own_queries(senco_client, REGISTER) == 5


def test_staff_register_query_count_is_constant(client, teacher):
    client.force_login(teacher)
    PupilFactory.create_batch(20, key_worker=teacher)
    with_20 = queries_for_register(client)
    PupilFactory.create_batch(480, class_teacher=teacher)
    with_500 = queries_for_register(client)
    assert with_20 == with_500


def test_csv_export_has_the_filtered_pupils(senco_client, register):
    response = senco_client.get(reverse("pupils:register_export"), {"year_group": "7"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Legal Surname"] for row in rows] == ["Adams", "Clarke"]
    assert rows[0]["SEN Status"] == "K" and rows[0]["Primary Need"] == "SPLD"


def test_csv_export_neutralises_spreadsheet_formulas(senco_client):
    PupilFactory(legal_last_name="=HYPERLINK(1)")
    response = senco_client.get(reverse("pupils:register_export"))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body


def test_register_filters_show_what_was_chosen_with_names_escaped(senco_client, register, teacher):
    teacher.first_name = "Tia <b>"
    teacher.save()
    page = senco_client.get(REGISTER, {"year_group": 8, "key_worker": teacher.pk, "form": "8R"}).content.decode()
    assert '<option value="8" selected>Year 8</option>' in page
    assert '<option value="8R" selected>8R</option>' in page
    assert f'<option value="{teacher.pk}" selected>Tia &lt;b&gt; Teacher</option>' in page
    assert '<option value="current" selected>On the register now</option>' in page
    assert page.count('<option value="" selected>') == 2  # SEN status and area of need: all
    assert page.count(" selected>") == 6
