"""Issue 24: the map's and the impact report's figures are kept by each process (provision/kept.py) only while
nothing they are worked out from has changed: whatever made the change, the very next page shows it, exactly as
working the figures out afresh would."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from provision import kept
from provision.models import FiguresChange, GroupPlace, GroupSession, Intervention, Measure, StaffCostBand
from pupils.models import Pupil
from pupils.tests.factories import PupilFactory
from school.models import ClosureDay

from .factories import GroupPlaceFactory, InterventionGroupFactory, measured

pytestmark = pytest.mark.django_db

MAP, IMPACT = reverse("provision:map"), reverse("provision:impact")


@pytest.fixture
def school(senco, client):
    """Two groups running around today, their pupils scored; the SENCO signed in, the figures worked out once."""
    today = timezone.localdate()
    for n, year_group in enumerate((5, 6)):
        group = InterventionGroupFactory(
            starts_on=today - timedelta(days=30),
            ends_on=today - timedelta(days=1),
            sessions=[(0, time(9, 10), 30), (3, time(9, 10), 30)],
            intervention__name=f"Reading {n}",
        )
        for pupil in PupilFactory.create_batch(2, year_group=year_group, primary_need="SPLD"):
            measured(GroupPlaceFactory(group=group, pupil=pupil), 80, 86 + n)
    client.force_login(senco)
    figures(client)
    return client


def figures(client) -> dict:
    """What the two pages show: the map's tables and the impact report's rows."""
    return {"map": client.get(MAP).context["tables"], "impact": client.get(IMPACT).context["rows"]}


def afresh(client) -> dict:
    kept.forget()
    return figures(client)


def a_place_added():
    GroupPlaceFactory(group=GroupPlace.objects.first().group, pupil=PupilFactory(year_group=3))


def a_place_deleted():
    GroupPlace.objects.filter(pk=GroupPlace.objects.order_by("pk").first().pk).delete()


def a_pupil_moved_year_by_a_bulk_update():
    Pupil.objects.filter(pk=GroupPlace.objects.order_by("pk").first().pupil_id).update(year_group=9)


def longer_sessions_by_a_bulk_update():
    GroupSession.objects.update(minutes=60)


def a_dearer_cost_band():
    StaffCostBand.objects.update(hourly_rate=Decimal("36.00"))


def an_intervention_in_another_wave():
    Intervention.objects.filter(name="Reading 0").update(wave=3)


def an_exit_score_changed_in_raw_sql():
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{Measure._meta.db_table}" SET "score" = 99 WHERE "kind" = %s', ["exit"])


def a_closure_day():
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)
    ClosureDay.objects.create(date=monday, reason="INSET day")


CHANGES = [
    a_place_added,
    a_place_deleted,
    a_pupil_moved_year_by_a_bulk_update,
    longer_sessions_by_a_bulk_update,
    a_dearer_cost_band,
    an_intervention_in_another_wave,
    an_exit_score_changed_in_raw_sql,
    a_closure_day,
]


def test_kept_while_nothing_changes_one_query_of_their_own(school):
    before = figures(school)
    with CaptureQueriesContext(connection) as queries:
        school.get(MAP)
    assert [query["sql"] for query in queries if "provision_" in query["sql"]] == [
        query["sql"] for query in queries if "provision_figureschange" in query["sql"]
    ]
    assert figures(school) == before == afresh(school)


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_any_change_shows_on_the_very_next_page_as_worked_out_afresh(school, change):
    before = figures(school)
    change()
    after = figures(school)
    assert after != before
    assert after == afresh(school)


def test_a_change_rolled_back_leaves_the_figures_as_they_were(school):
    before = figures(school)
    with pytest.raises(RuntimeError), transaction.atomic():
        a_place_added()
        assert figures(school) != before  # worked out, and kept, inside the change
        raise RuntimeError("rolled back")
    assert figures(school) == before
    a_place_added()  # another change: on SQLite, the same numbers for the rows noting it
    assert figures(school) == afresh(school) != before


def test_the_old_rows_of_changes_are_cleared_and_the_figures_still_follow(school, monkeypatch):
    monkeypatch.setattr(kept, "CLEARED_OVER", 3)
    for minutes in (35, 40, 45, 50):
        GroupSession.objects.update(minutes=minutes)
    after = figures(school)
    assert FiguresChange.objects.count() == 1
    assert after == afresh(school)
    a_dearer_cost_band()
    assert figures(school) == afresh(school) != after


def test_each_change_is_noted_once_however_often_the_triggers_are_written(school):
    kept.watch(connection)
    kept.watch(connection)
    noted = FiguresChange.objects.count()
    Pupil.objects.filter(pk=GroupPlace.objects.first().pupil_id).update(form="6Z")
    assert FiguresChange.objects.count() == noted + 1
