"""The provision map: the school's provision over a term (or a year) by year group, area of need and wave, with the
pupils, hours a week and cost in each, and by intervention; the same figures for the CSV file, the PDF and the
governors' report. A constant number of queries, however large the school (bench/ measures it).

Each pupil's place in a group brings its share of the group's cost for the period (costs.py: shared equally between
the group's pupils in the period) and the group's minutes a week. A pupil is counted under their year group and
their primary area of need; hours are the pupils' hours a week in sessions, added up.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q

from pupils.models import AreaOfNeed, YearGroup
from school.years import AcademicYear, academic_year_of, span

from .costs import ZERO, GroupCost, GroupFacts, SchoolDays, group_cost, load_groups, minutes_held, pounds
from .models import GroupPlace, Intervention, InterventionGroup, InterventionKind, Wave

NO_NEED = "Not recorded"


@dataclass(frozen=True)
class Period:
    """The days the map covers: a term's teaching days, or a whole academic year."""

    key: str  # "2026-spring", or "2026" for the year
    label: str
    first: date
    last: date

    @property
    def dates(self) -> str:
        return span(self.first, self.last)

    @property
    def is_year(self) -> bool:
        """A year holds several terms' groups: their hours are counted as held, not as a week's timetable."""
        return "-" not in self.key


def year_period(year: AcademicYear) -> Period:
    return Period(str(year.start_year), f"The year {year.label}", year.start, year.end)


def periods_around(today: date) -> list[Period]:
    """The terms and years to choose from: this academic year and the last, each year then its three terms."""
    choices = []
    for year in (academic_year_of(today), academic_year_of(today).previous()):
        choices.append(year_period(year))
        for term in year.terms:
            first, last = term.teaching_days
            choices.append(
                Period(f"{year.start_year}-{term.name.lower()}", f"{term.name} term {year.label}", first, last)
            )
    return choices


def period_for(key: str, today: date) -> Period:
    """The period a `?period=` key names (this term when it names none we offer)."""
    choices = periods_around(today)
    for period in choices:
        if period.key == key:
            return period
    this_term = academic_year_of(today).term_of(today)
    return next(p for p in choices if p.key == f"{academic_year_of(today).start_year}-{this_term.name.lower()}")


@dataclass
class Line:
    """One row of the map: the pupils in it, their hours a week in sessions and their share of the cost."""

    label: str
    pupils: set[int] = field(default_factory=set)
    minutes: int = 0  # a week, as timetabled
    minutes_held: int = 0  # in the sessions held in the period
    cost: Decimal = ZERO

    def add(self, share: "Share") -> None:
        self.pupils.add(share.pupil_id)
        self.minutes += share.minutes
        self.minutes_held += share.minutes_held
        self.cost += share.cost

    @property
    def hours_held(self) -> Decimal:
        return Decimal(self.minutes_held / 60).quantize(Decimal(1))

    @property
    def pupil_count(self) -> int:
        return len(self.pupils)

    @property
    def hours_a_week(self) -> Decimal:
        return Decimal(self.minutes / 60).quantize(Decimal("0.1"))

    @property
    def hours_per_pupil(self) -> Decimal | None:
        return Decimal(self.minutes / 60 / len(self.pupils)).quantize(Decimal("0.1")) if self.pupils else None

    @property
    def cost_per_pupil(self) -> Decimal | None:
        return pounds(self.cost / len(self.pupils)) if self.pupils else None

    @property
    def total(self) -> Decimal:
        return pounds(self.cost)


@dataclass
class Row:
    """A year group or an area of need, across the waves and in total."""

    label: str
    waves: dict[int, Line]
    total: Line
    shown_waves: list[int]

    @property
    def by_wave(self) -> list[Line]:
        """The waves the map shows: those with any pupil in them."""
        return [self.waves[wave] for wave in self.shown_waves]


WAVES = list(Wave.values)
WAVE_LABELS = dict(Wave.choices)


def _row(label: str) -> Row:
    return Row(label, {wave: Line(WAVE_LABELS[wave]) for wave in WAVES}, Line(label), list(WAVES))


@dataclass
class InterventionLine:
    intervention: object
    groups: int = 0
    staff_minutes: int = 0
    staff_minutes_held: int = 0
    line: Line = field(default_factory=lambda: Line(""))


@dataclass(slots=True)
class Share:
    """One place's part of the map: who, where they are counted, their hours and their share of the cost."""

    pupil_id: int
    year_group: int
    need: str
    wave: int
    kind: str
    intervention_id: int
    group_id: int
    minutes: int  # the group's sessions a week
    minutes_held: int  # the pupil's time in the sessions held in the period, while they had the place
    cost: Decimal


@dataclass
class Filters:
    year_group: int | None = None
    need: str | None = None  # an AreaOfNeed value, or "" for pupils with none recorded
    wave: int | None = None
    kind: str | None = None

    def keep(self, share: Share) -> bool:
        return (
            (self.year_group is None or share.year_group == self.year_group)
            and (self.need is None or share.need == self.need)
            and (self.wave is None or share.wave == self.wave)
            and (self.kind is None or share.kind == self.kind)
        )

    @property
    def any(self) -> bool:
        return any(value is not None for value in (self.year_group, self.need, self.wave, self.kind))

    def __str__(self) -> str:
        """'Year 3; speech, language and communication needs; wave 2; reading': what the map is narrowed to."""
        parts = []
        if self.year_group is not None:
            parts.append(YearGroup(self.year_group).label)
        if self.need is not None:
            parts.append(AreaOfNeed(self.need).label.lower() if self.need else "area of need not recorded")
        if self.wave is not None:
            parts.append(f"wave {self.wave}")
        if self.kind is not None:
            parts.append(f"{InterventionKind(self.kind).label.lower()} interventions")
        return "; ".join(parts)


@dataclass
class ProvisionMap:
    period: Period
    filters: Filters
    by_year: list[Row]
    by_need: list[Row]
    interventions: list[InterventionLine]
    total: Row
    staff_minutes: int  # adults' time in sessions a week, over the groups shown
    staff_minutes_held: int  # adults' time in the sessions held in the period
    groups: int

    @property
    def waves(self) -> list[tuple[int, str]]:
        return [(wave, Wave(wave).label) for wave in self.total.shown_waves]

    @property
    def staff_hours_a_week(self) -> Decimal:
        return Decimal(self.staff_minutes / 60).quantize(Decimal("0.1"))

    @property
    def staff_hours_held(self) -> Decimal:
        return Decimal(self.staff_minutes_held / 60).quantize(Decimal(1))

    @property
    def is_empty(self) -> bool:
        return not self.total.total.pupils


@dataclass(slots=True)
class PlaceFacts:
    """A place as the map reads it: plain values, no model instances (the map reads thousands)."""

    group_id: int
    pupil_id: int
    joined_on: date
    left_on: date | None
    year_group: int
    need: str


def places_in(first: date, last: date) -> list[PlaceFacts]:
    """Every place that overlaps the days, with its pupil's year group and primary need (one query)."""
    rows = GroupPlace.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=first),
        joined_on__lte=last,
        group__starts_on__lte=last,
        group__ends_on__gte=first,
    ).values_list("group_id", "pupil_id", "joined_on", "left_on", "pupil__year_group", "pupil__primary_need")
    return [PlaceFacts(*row) for row in rows.order_by("pk")]


@dataclass
class Shares:
    """Every place's share of the period's provision, with the groups' costs and the interventions they run."""

    shares: list[Share]
    costs: dict[int, GroupCost]
    groups: dict[int, GroupFacts]
    interventions: dict[int, Intervention]


def shares(period: Period) -> Shares:
    """Each place's hours and share of its group's cost in the period (five queries, however many places)."""
    places = places_in(period.first, period.last)
    running = InterventionGroup.objects.running_between(period.first, period.last)
    groups = load_groups(running.filter(pk__in={place.group_id for place in places}))
    interventions = Intervention.objects.in_bulk({group.intervention_id for group in groups.values()})
    days = SchoolDays(period.first, period.last)
    pupils: dict[int, set[int]] = defaultdict(set)
    for place in places:
        pupils[place.group_id].add(place.pupil_id)
    costs = {pk: group_cost(group, days, len(pupils[pk]), period.first, period.last) for pk, group in groups.items()}
    found = []
    held: dict[tuple[int, date, date], int] = {}  # most places span their group's whole run: worked out once
    for place in places:
        group, cost = groups[place.group_id], costs[place.group_id]
        intervention = interventions[group.intervention_id]
        first, last = max(place.joined_on, period.first), min(place.left_on or group.ends_on, period.last)
        if (group.pk, first, last) not in held:
            held[group.pk, first, last] = minutes_held(group, days, first, last)
        found.append(
            Share(
                pupil_id=place.pupil_id,
                year_group=place.year_group,
                need=place.need,
                wave=intervention.wave,
                kind=intervention.kind,
                intervention_id=group.intervention_id,
                group_id=group.pk,
                minutes=cost.minutes_a_week,
                minutes_held=held[group.pk, first, last],
                cost=cost.total / cost.pupils if cost.pupils else ZERO,
            )
        )
    return Shares(found, costs, groups, interventions)


def provision_map(period: Period, filters: Filters | None = None) -> ProvisionMap:
    """The map for the period, narrowed by the filters (the costs are still shared among every pupil in a group)."""
    filters = filters or Filters()
    found = shares(period)
    costs, interventions = found.costs, found.interventions
    kept = [share for share in found.shares if filters.keep(share)]
    by_year: dict[int, Row] = {}
    by_need: dict[str, Row] = {}
    total = _row("All pupils")
    year_labels, need_labels = dict(YearGroup.choices), {**dict(AreaOfNeed.choices), "": NO_NEED}
    for share in kept:
        if share.year_group not in by_year:
            by_year[share.year_group] = _row(year_labels[share.year_group])
        if share.need not in by_need:
            by_need[share.need] = _row(need_labels[share.need])
        for row in (by_year[share.year_group], by_need[share.need], total):
            row.waves[share.wave].add(share)
            row.total.add(share)
    lines: dict[int, InterventionLine] = {}
    for share in kept:
        line = lines.setdefault(share.intervention_id, InterventionLine(interventions[share.intervention_id]))
        line.line.add(share)
    shown_groups = {share.group_id for share in kept}
    for pk in shown_groups:
        line = lines[found.groups[pk].intervention_id]
        line.groups += 1
        line.staff_minutes += costs[pk].minutes_a_week
        line.staff_minutes_held += costs[pk].minutes_held
    need_order = [*AreaOfNeed.values, ""]
    shown_waves = [wave for wave in WAVES if total.waves[wave].pupils] or list(WAVES)
    for row in [*by_year.values(), *by_need.values(), total]:
        row.shown_waves = shown_waves
    return ProvisionMap(
        period=period,
        filters=filters,
        by_year=[by_year[year] for year in sorted(by_year)],
        by_need=[by_need[need] for need in need_order if need in by_need],
        interventions=sorted(lines.values(), key=lambda line: (line.intervention.wave, line.intervention.name)),
        total=total,
        staff_minutes=sum(costs[pk].minutes_a_week for pk in shown_groups),
        staff_minutes_held=sum(costs[pk].minutes_held for pk in shown_groups),
        groups=len(shown_groups),
    )
