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
from fractions import Fraction

from django.db.models import Q

from pupils.models import AreaOfNeed, YearGroup
from school.years import AcademicYear, academic_year_of, span

from .costs import NO_SHARES, GroupCost, GroupFacts, SchoolDays, Shares, group_cost, load_groups, minutes_held, pounds
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
    """One row of the map: how many pupils are in it, their hours a week in sessions and their share of the cost."""

    label: str
    pupil_count: int = 0
    minutes: int = 0  # a week, as timetabled
    minutes_held: int = 0  # in the sessions held in the period
    shares: int = 0  # the pupils' shares of their groups' costs, exactly, in the map's `unit`
    unit: Shares = field(default=NO_SHARES, repr=False)

    def add(self, other: "Line") -> None:
        """Another line's figures added to these: only lines of different pupils (a pupil is counted once)."""
        assert other.unit is self.unit or not other.shares, "shares of two maps"
        self.pupil_count += other.pupil_count
        self.minutes += other.minutes
        self.minutes_held += other.minutes_held
        self.shares += other.shares

    @property
    def cost(self) -> Fraction:
        return self.unit.amount(self.shares)

    @property
    def hours_held(self) -> Decimal:
        return Decimal(self.minutes_held / 60).quantize(Decimal(1))

    @property
    def hours_a_week(self) -> Decimal:
        return Decimal(self.minutes / 60).quantize(Decimal("0.1"))

    @property
    def hours_per_pupil(self) -> Decimal | None:
        return Decimal(self.minutes / 60 / self.pupil_count).quantize(Decimal("0.1")) if self.pupil_count else None

    @property
    def cost_per_pupil(self) -> Decimal | None:
        return pounds(self.cost / self.pupil_count) if self.pupil_count else None

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


def _row(label: str, unit: Shares) -> Row:
    return Row(label, {wave: Line(WAVE_LABELS[wave], unit=unit) for wave in WAVES}, Line(label, unit=unit), list(WAVES))


@dataclass
class InterventionLine:
    intervention: Intervention
    groups: int = 0
    staff_minutes: int = 0
    staff_minutes_held: int = 0
    line: Line = field(default_factory=lambda: Line(""))


@dataclass
class Filters:
    year_group: int | None = None
    need: str | None = None  # an AreaOfNeed value, or "" for pupils with none recorded
    wave: int | None = None
    kind: str | None = None

    def keeps_pupils(self, year_group: int, need: str) -> bool:
        return (self.year_group is None or year_group == self.year_group) and (self.need is None or need == self.need)

    def keeps_intervention(self, intervention: Intervention) -> bool:
        return (self.wave is None or intervention.wave == self.wave) and (
            self.kind is None or intervention.kind == self.kind
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
        return not self.total.total.pupil_count


class Cell:
    """The places of one year group, area of need and intervention: their pupils, hours and shares of the cost."""

    __slots__ = ("pupils", "minutes", "minutes_held", "shares")

    def __init__(self):
        self.pupils: set[int] = set()
        self.minutes = self.minutes_held = self.shares = 0

    def line(self, unit: Shares, label: str = "") -> Line:
        return Line(label, len(self.pupils), self.minutes, self.minutes_held, self.shares, unit)

    def add(self, other: "Cell") -> None:
        self.pupils |= other.pupils
        self.minutes += other.minutes
        self.minutes_held += other.minutes_held
        self.shares += other.shares


@dataclass
class Tally:
    """The period's provision added up by year group, area of need and intervention (`cells`), with the costs of the
    groups of the places kept and the interventions they run."""

    cells: dict[tuple[int, str, int], Cell]
    unit: Shares  # of the cells' shares of the costs
    costs: dict[int, GroupCost]  # of the groups with a place kept
    groups: dict[int, GroupFacts]
    interventions: dict[int, Intervention]


def places_in(first: date, last: date) -> list[tuple[int, int, date, date | None, int, str]]:
    """Every place held on a day from `first` to `last`, as (group, pupil, joined on, left on, the pupil's year
    group and primary need): plain values in one query, as the map reads thousands."""
    return list(
        GroupPlace.objects.filter(
            Q(left_on__isnull=True) | Q(left_on__gte=first),
            joined_on__lte=last,
            group__in=InterventionGroup.objects.running_between(first, last).values("pk"),
        )
        .order_by()
        .values_list("group_id", "pupil_id", "joined_on", "left_on", "pupil__year_group", "pupil__primary_need")
    )


def tally(period: Period, filters: Filters | None = None) -> Tally:
    """Each place's hours and share of its group's cost in the period, added up by the pupil's year group and primary
    area of need and the group's intervention, for the places the filters keep (a group's cost is still shared
    between every pupil it had in the period). Five queries, however many places."""
    filters = filters or Filters()
    places = places_in(period.first, period.last)
    groups = load_groups(InterventionGroup.objects.running_between(period.first, period.last))
    interventions = Intervention.objects.only("name", "kind", "wave").in_bulk(
        {group.intervention_id for group in groups.values()}
    )
    pupils: dict[int, set[int]] = defaultdict(set)
    for group_id, pupil_id, *_ in places:
        pupils[group_id].add(pupil_id)
    unit = Shares(len(them) for them in pupils.values())
    days = SchoolDays(period.first, period.last)
    costs: dict[int, GroupCost] = {}
    held: dict[tuple[int, date, date], int] = {}  # a pupil's minutes in a group's sessions from a day to a day
    share: dict[int, int] = {}  # a pupil's share of the group's cost
    kept = {pk for pk, group in groups.items() if filters.keeps_intervention(interventions[group.intervention_id])}
    cells: dict[tuple[int, str, int], Cell] = {}
    for group_id, pupil_id, joined_on, left_on, year_group, need in places:
        if group_id not in kept or not filters.keeps_pupils(year_group, need):
            continue
        group, cost = groups[group_id], costs.get(group_id)
        if cost is None:
            cost = costs[group_id] = group_cost(group, days, len(pupils[group_id]), period.first, period.last)
            share[group_id] = unit.share(cost)
            # A pupil there for the group's whole run in the period spends the adults' time in its sessions.
            held[group_id, max(group.starts_on, period.first), min(group.ends_on, period.last)] = cost.minutes_held
        first, last = max(joined_on, period.first), min(left_on or group.ends_on, period.last)
        if (group_id, first, last) not in held:
            held[group_id, first, last] = minutes_held(group, days, first, last)
        key = (year_group, need, group.intervention_id)
        if key not in cells:
            cells[key] = Cell()
        cell = cells[key]
        cell.pupils.add(pupil_id)
        cell.minutes += cost.minutes_a_week
        cell.minutes_held += held[group_id, first, last]
        cell.shares += share[group_id]
    return Tally(cells, unit, costs, groups, interventions)


def provision_map(period: Period, filters: Filters | None = None) -> ProvisionMap:
    """The map for the period, narrowed by the filters (the costs are still shared among every pupil in a group).

    A pupil has one year group and one area of need, so the figures of different year groups or areas of need are
    of different pupils and add up; only within one are the pupils counted once across interventions and waves."""
    filters = filters or Filters()
    found = tally(period, filters)
    interventions = found.interventions
    by_pupil: dict[tuple[int, str], Cell] = defaultdict(Cell)  # a year group's pupils with an area of need
    by_wave: dict[tuple[int, str, int], Cell] = defaultdict(Cell)  # ... and in a wave
    lines: dict[int, Cell] = defaultdict(Cell)
    for (year_group, need, intervention_id), cell in found.cells.items():
        by_pupil[year_group, need].add(cell)
        by_wave[year_group, need, interventions[intervention_id].wave].add(cell)
        lines[intervention_id].add(cell)
    year_labels, need_labels = dict(YearGroup.choices), {**dict(AreaOfNeed.choices), "": NO_NEED}
    by_year = {year: _row(year_labels[year], found.unit) for year, _ in sorted(by_pupil)}
    need_order = [*AreaOfNeed.values, ""]
    needs = {need for _, need in by_pupil}
    by_need = {need: _row(need_labels[need], found.unit) for need in need_order if need in needs}
    total = _row("All pupils", found.unit)
    for (year_group, need, wave), cell in by_wave.items():
        line = cell.line(found.unit)
        for row in (by_year[year_group], by_need[need], total):
            row.waves[wave].add(line)
    for (year_group, need), cell in by_pupil.items():
        line = cell.line(found.unit)
        for row in (by_year[year_group], by_need[need], total):
            row.total.add(line)
    shown_waves = [wave for wave in WAVES if total.waves[wave].pupil_count] or list(WAVES)
    for row in [*by_year.values(), *by_need.values(), total]:
        row.shown_waves = shown_waves
    intervention_lines = {
        pk: InterventionLine(interventions[pk], line=cell.line(found.unit)) for pk, cell in lines.items()
    }
    for pk, cost in found.costs.items():
        line = intervention_lines[found.groups[pk].intervention_id]
        line.groups += 1
        line.staff_minutes += cost.minutes_a_week
        line.staff_minutes_held += cost.minutes_held
    return ProvisionMap(
        period=period,
        filters=filters,
        by_year=list(by_year.values()),
        by_need=list(by_need.values()),
        interventions=sorted(
            intervention_lines.values(), key=lambda line: (line.intervention.wave, line.intervention.name)
        ),
        total=total,
        staff_minutes=sum(cost.minutes_a_week for cost in found.costs.values()),
        staff_minutes_held=sum(cost.minutes_held for cost in found.costs.values()),
        groups=len(found.costs),
    )
