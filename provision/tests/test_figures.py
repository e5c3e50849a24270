"""Costs, the provision map and the impact report: the figures a SENCO and governors read, and their query counts."""

from datetime import date, time
from decimal import Decimal
from fractions import Fraction

import pytest

from provision.costs import ZERO, GroupCost, SchoolDays, Shares, group_cost, pounds, session_cost
from provision.figures import Filters, Period, period_for, provision_map
from provision.impact import Span, impact_report
from provision.models import Unit, Wave
from pupils.tests.factories import PupilFactory
from school.models import ClosureDay

from .factories import (
    TERM_ENDS,
    TERM_STARTS,
    GroupPlaceFactory,
    InterventionGroupFactory,
    StaffCostBandFactory,
    measured,
)

SPRING = Period("2026-spring", "Spring term 2026/27", TERM_STARTS, TERM_ENDS)
YEAR = Span("2026", "The year 2026/27", date(2026, 9, 1), date(2027, 8, 31))
TODAY = date(2027, 4, 1)


def test_a_session_costs_the_bands_rate_for_its_minutes():
    assert session_cost(Decimal("18.00"), 30) == Decimal("9.00")
    assert session_cost(Decimal("18.50"), 20) == Decimal("6.17")
    assert session_cost(Decimal("0"), 45) == Decimal("0.00")


@pytest.mark.django_db
def test_a_groups_cost_counts_the_sessions_the_school_is_open_for():
    ClosureDay.objects.create(date=date(2027, 2, 15), reason="INSET day")  # a Monday
    group = InterventionGroupFactory(sessions=[(0, time(9, 10), 30), (3, time(13, 0), 45)])
    cost = group_cost(group, SchoolDays(TERM_STARTS, TERM_ENDS), pupils=4)
    assert cost.sessions_held == 11 + 12  # twelve Mondays but one closed, twelve Thursdays
    assert cost.staff_cost == 11 * Decimal("9.00") + 12 * Decimal("13.50")
    assert cost.terms == 1 and cost.resources == Decimal("60.00")
    assert cost.total == Decimal("321.00") and cost.per_pupil == Decimal("80.25")
    assert cost.minutes_a_week == 75


def test_shares_of_a_cost_add_up_exactly_in_any_order():
    """A third of £100 and a seventh of £45, added up a share at a time, come back to £145; half pennies round up."""
    three, seven = (GroupCost(0, Decimal("100.00"), 0, ZERO, 3, 0, 0), GroupCost(0, Decimal("45.00"), 0, ZERO, 7, 0, 0))
    shares = Shares([3, 7, 0])
    each = [shares.share(three)] * 3 + [shares.share(seven)] * 7
    assert shares.amount(sum(each)) == shares.amount(sum(reversed(each))) == 145
    assert shares.share(three, 3) == sum(each[:3])
    assert pounds(shares.amount(shares.share(three))) == Decimal("33.33")
    assert pounds(Fraction(1, 200)) == Decimal("0.01")


@pytest.fixture
def two_interventions(db):
    """Reading (wave 2, £18 an hour, £60 resources): three pupils, Monday 30 minutes for the spring term. Talking
    (wave 3, £30 an hour, no resources): one pupil, twice a week for 20 minutes."""
    reading = InterventionGroupFactory(intervention__name="Reading", intervention__wave=Wave.SMALL_GROUP)
    talking = InterventionGroupFactory(
        intervention__name="Talking",
        intervention__wave=Wave.INDIVIDUAL,
        intervention__kind="speech_language",
        intervention__cost_band=StaffCostBandFactory(name="Speech therapist", hourly_rate=Decimal("30")),
        intervention__resource_cost_per_term=0,
        intervention__group_size=1,
        sessions=[(1, time(10, 0), 20), (3, time(10, 0), 20)],
    )
    year3 = [PupilFactory(year_group=3, primary_need="SPLD") for _ in range(2)]
    year4 = PupilFactory(year_group=4, primary_need="SLCN")
    for pupil in [*year3, year4]:
        GroupPlaceFactory(group=reading, pupil=pupil)
    GroupPlaceFactory(group=talking, pupil=year4)
    return reading, talking, year3, year4


def test_the_map_by_year_group_need_and_wave(two_interventions):
    the_map = provision_map(SPRING)
    # Reading: 12 x £9 + £60 = £168 for 3 pupils (£56 each). Talking: 24 x £10 = £240 for 1.
    assert [row.label for row in the_map.by_year] == ["Year 3", "Year 4"]
    year3, year4 = the_map.by_year
    assert year3.waves[Wave.SMALL_GROUP].pupil_count == 2 and year3.waves[Wave.SMALL_GROUP].total == Decimal("112.00")
    assert year3.waves[Wave.INDIVIDUAL].pupil_count == 0
    assert year4.total.pupil_count == 1 and year4.total.total == Decimal("296.00")
    assert year4.total.hours_a_week == Decimal("1.2")  # 30 + 20 + 20 minutes
    assert [row.label for row in the_map.by_need] == [
        "Specific learning difficulty",
        "Speech, language and communication needs",
    ]
    assert the_map.total.total.total == Decimal("408.00") and the_map.total.total.pupil_count == 3
    assert the_map.total.total.cost_per_pupil == Decimal("136.00")
    assert the_map.staff_hours_a_week == Decimal("1.2") and the_map.groups == 2  # adults' time: 30 + 40 minutes
    assert [(line.intervention.name, line.line.pupil_count) for line in the_map.interventions] == [
        ("Reading", 3),
        ("Talking", 1),
    ]


def test_the_maps_filters_keep_each_pupils_share(two_interventions):
    the_map = provision_map(SPRING, Filters(year_group=4))
    assert [row.label for row in the_map.by_year] == ["Year 4"]
    assert the_map.total.total.total == Decimal("296.00")  # £56 of reading (shared by three) and £240 of talking
    assert provision_map(SPRING, Filters(wave=Wave.INDIVIDUAL)).total.total.total == Decimal("240.00")
    assert provision_map(SPRING, Filters(need="SPLD")).total.total.pupil_count == 2
    assert provision_map(SPRING, Filters(kind="maths")).is_empty


def test_a_pupil_who_left_before_the_period_is_not_in_it(two_interventions):
    reading, *_ = two_interventions
    summer = Period("2026-summer", "Summer", date(2027, 4, 12), date(2027, 7, 21))
    assert provision_map(summer).is_empty


def test_this_term_is_the_default_period(db):
    assert period_for("nonsense", date(2027, 2, 10)).label == "Spring term 2026/27"
    assert period_for("2026", date(2027, 2, 10)).label == "The year 2026/27"


def test_impact_of_each_intervention(two_interventions):
    reading, talking, year3, year4 = two_interventions
    places = list(reading.places.order_by("pk"))
    measured(places[0], 80, 86)
    measured(places[1], 90, 92)
    places[0].target_score, places[1].target_score = 85, 95
    places[0].save(), places[1].save()
    measured(talking.places.get(), 4, 7, unit=Unit.RATING)
    report = impact_report(YEAR, TODAY)
    by_name = {line.intervention.name: line for line in report.lines}
    reading_line = by_name["Reading"]
    assert reading_line.pupils == 2 and reading_line.average_change == Decimal("4.0")
    assert (reading_line.with_target, reading_line.met_target) == (2, 1)
    assert reading_line.cost_per_pupil == Decimal("56.00")
    assert reading_line.cost_per_point == Decimal("14.00")  # £112 for 8 months of reading age
    assert reading_line.unit == "Reading age in months"
    assert by_name["Talking"].cost_per_point == Decimal("80.00")  # £240 for 3 points
    assert [(i.name, n) for i, n in report.waiting] == [("Reading", 1)]  # the third reader has no scores yet
    assert [line.intervention.name for line in report.lines] == ["Reading", "Talking"]
    assert [line.intervention.name for line in impact_report(YEAR, TODAY, sort="change").lines] == [
        "Reading",
        "Talking",
    ]
    assert [line.intervention.name for line in impact_report(YEAR, TODAY, sort="name").lines] == ["Reading", "Talking"]
    assert impact_report(Span("2025", "2025/26", date(2025, 9, 1), date(2026, 8, 31)), TODAY).lines == []
    assert len(impact_report(Span("all", "Any time"), TODAY).lines) == 2


def test_no_gain_has_no_cost_per_point(two_interventions):
    reading, *_ = two_interventions
    measured(reading.places.first(), 90, 88)
    line = impact_report(YEAR, TODAY).lines[0]
    assert line.average_change == Decimal("-2.0") and line.cost_per_point is None and line.gained == 0


def school_of(size: int):
    """`size` interventions, each with a group of four measured pupils in two year groups."""
    for n in range(size):
        group = InterventionGroupFactory(intervention__wave=1 + n % 3, sessions=[(n % 5, time(9, 0), 30)])
        for pupil in range(4):
            place = GroupPlaceFactory(group=group, pupil=PupilFactory(year_group=3 + pupil % 2))
            measured(place, 80 + pupil, 85 + pupil)


@pytest.mark.parametrize("size", [2, 12])
def test_the_map_and_the_impact_report_take_the_same_queries_at_any_size(db, size, django_assert_num_queries):
    school_of(size)
    provision_map(SPRING), impact_report(YEAR, TODAY)  # the school's settings and calendar, which a process keeps
    with django_assert_num_queries(4):  # places, groups, their sessions, interventions
        assert provision_map(SPRING).total.total.pupil_count == 4 * size
    with django_assert_num_queries(4):  # places and scores added up, groups, their sessions, interventions
        assert sum(line.pupils for line in impact_report(YEAR, TODAY).lines) == 4 * size
