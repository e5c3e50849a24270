"""The impact report: for each intervention, what changed between the entry and exit scores of the pupils who have
both, how many met their target, and what it cost per pupil and per point of progress (docs/provision-map.md).

- A pupil counts once they have an entry and an exit score in the same unit (the models refuse any other pair); an
  intervention whose pupils were measured in two units has a line for each, since points of a reading age and of
  a standardised score cannot be added.
- The change is exit minus entry; higher is better in every unit.
- Met their target: a place can carry a target exit score; a pupil with one met it when their exit score reached
  it. A pupil without one is counted under "made progress" (any gain) only: "any gain" would flatter an
  intervention, so it is shown beside the target, never instead of it.
- Cost per pupil: each measured pupil's share of their group's cost over the group's whole run (costs.py), on
  average. Cost per point: those shares added up, over the points gained added up (none when nothing was gained).

A constant number of queries, however many interventions and pupils (bench/ measures it).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from school.years import academic_year_of

from .costs import ZERO, SchoolDays, group_cost, load_groups, pounds
from .models import GroupPlace, Intervention, InterventionGroup, Measure, MeasureKind, Unit

SORTS = {
    "cost_per_point": "Cost per point of progress",
    "cost_per_pupil": "Cost per pupil",
    "change": "Average change",
    "met": "Share who met their target",
    "name": "Intervention",
}


@dataclass
class ImpactLine:
    intervention: Intervention
    unit: str
    pupils: int = 0
    total_change: Decimal = ZERO
    gained: int = 0
    with_target: int = 0
    met_target: int = 0
    cost: Decimal = ZERO
    changes: list[Decimal] = field(default_factory=list)

    @property
    def average_change(self) -> Decimal | None:
        return (self.total_change / self.pupils).quantize(Decimal("0.1")) if self.pupils else None

    @property
    def cost_per_pupil(self) -> Decimal | None:
        return pounds(self.cost / self.pupils) if self.pupils else None

    @property
    def cost_per_point(self) -> Decimal | None:
        return pounds(self.cost / self.total_change) if self.total_change > 0 else None

    @property
    def met_share(self) -> Decimal | None:
        return Decimal(100 * self.met_target / self.with_target).quantize(Decimal(1)) if self.with_target else None


@dataclass(frozen=True)
class Span:
    """The days whose exit scores the report counts (both None: every day)."""

    key: str
    label: str
    first: date | None = None
    last: date | None = None

    def __contains__(self, day: date) -> bool:
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)


def spans_around(today: date) -> list[Span]:
    """The last twelve months (the default: a report in September is not empty), this academic year and the two
    before it, and every year."""
    this_year = academic_year_of(today)
    years = [this_year, this_year.previous(), this_year.previous().previous()]
    return [
        Span("recent", "The last 12 months", today - timedelta(days=365), today),
        *(Span(str(year.start_year), f"The year {year.label}", year.start, year.end) for year in years),
        Span("all", "Any time"),
    ]


def span_for(key: str, today: date) -> Span:
    spans = spans_around(today)
    return next((span for span in spans if span.key == key), spans[0])


@dataclass
class ImpactReport:
    span: Span
    lines: list[ImpactLine]
    sort: str
    waiting: list[tuple[Intervention, int]]  # places that ended in the period still without both scores

    @property
    def units(self) -> set[str]:
        return {line.unit for line in self.lines}


def _sort_key(sort: str):
    def key(line: ImpactLine):
        value = {
            "cost_per_point": line.cost_per_point,
            "cost_per_pupil": line.cost_per_pupil,
            "change": -line.average_change if line.average_change is not None else None,
            "met": -line.met_share if line.met_share is not None else None,
            "name": line.intervention.name.lower(),
        }[sort]
        return (value is None, value if value is not None else 0, line.intervention.name.lower(), line.unit)

    return key


UNIT_NAMES = dict(Unit.choices)


@dataclass(slots=True)
class Score:
    score: Decimal
    unit: str
    unit_label: str
    taken_on: date

    @property
    def unit_name(self) -> str:
        return self.unit_label if self.unit == Unit.OTHER else UNIT_NAMES[self.unit]

    def same_unit_as(self, other: "Score") -> bool:
        return self.unit == other.unit and (
            self.unit != Unit.OTHER or self.unit_label.strip().lower() == other.unit_label.strip().lower()
        )


def impact_report(span: Span, today: date, sort: str = "cost_per_point") -> ImpactReport:
    """Every intervention's impact for the places whose exit score was taken in the span; places in groups of the
    span that have ended by `today` without both scores are counted as waiting for them.

    Read as plain values, not model instances (six queries, however many places: bench/ measures it)."""
    sort = sort if sort in SORTS else "cost_per_point"
    groups_in_span = InterventionGroup.objects.all()
    if span.first is not None:
        groups_in_span = groups_in_span.filter(ends_on__gte=span.first)
    if span.last is not None:
        groups_in_span = groups_in_span.filter(starts_on__lte=span.last)
    groups = load_groups(groups_in_span)
    places = list(
        GroupPlace.objects.filter(group__in=groups_in_span.values("pk")).values_list(
            "pk", "group_id", "pupil_id", "left_on", "target_score"
        )
    )
    scores: dict[int, dict[str, Score]] = defaultdict(dict)
    measured = Measure.objects.filter(place__group__in=groups_in_span.values("pk")).values_list(
        "place_id", "kind", "score", "unit", "unit_label", "taken_on"
    )
    for place_id, kind, score, unit, unit_label, taken_on in measured:
        scores[place_id][kind] = Score(score, unit, unit_label, taken_on)
    interventions = Intervention.objects.in_bulk({group.intervention_id for group in groups.values()})
    # Each group's pupils over its whole run (every place of a group in the span is loaded).
    group_pupils: dict[int, set[int]] = defaultdict(set)
    for _, group_id, pupil_id, _, _ in places:
        group_pupils[group_id].add(pupil_id)
    costs = {}
    if groups:
        days = SchoolDays(min(g.starts_on for g in groups.values()), max(g.ends_on for g in groups.values()))
        costs = {pk: group_cost(group, days, len(group_pupils[pk])) for pk, group in groups.items()}
    lines: dict[tuple[int, str], ImpactLine] = {}
    waiting: dict[int, int] = defaultdict(int)
    ended_by = min(today, span.last) if span.last else today
    for pk, group_id, _, left_on, target_score in places:
        group = groups[group_id]
        entry, exit_ = scores[pk].get(MeasureKind.ENTRY), scores[pk].get(MeasureKind.EXIT)
        if entry is None or exit_ is None or not entry.same_unit_as(exit_):
            if (left_on or group.ends_on) <= ended_by:
                waiting[group.intervention_id] += 1
            continue
        if exit_.taken_on not in span:
            continue
        intervention = interventions[group.intervention_id]
        line = lines.get((intervention.pk, entry.unit_name))
        if line is None:
            line = lines[(intervention.pk, entry.unit_name)] = ImpactLine(intervention, entry.unit_name)
        change = exit_.score - entry.score
        line.pupils += 1
        line.total_change += change
        line.changes.append(change)
        line.gained += change > 0
        if target_score is not None:
            line.with_target += 1
            line.met_target += exit_.score >= target_score
        cost = costs[group_id]
        line.cost += cost.total / cost.pupils if cost.pupils else ZERO
    return ImpactReport(
        span=span,
        lines=sorted(lines.values(), key=_sort_key(sort)),
        sort=sort,
        waiting=sorted(((interventions[pk], count) for pk, count in waiting.items()), key=lambda w: w[0].name),
    )
