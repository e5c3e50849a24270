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

from django.db.models import Prefetch

from school.years import academic_year_of

from .costs import ZERO, SchoolDays, group_cost, pounds
from .models import GroupPlace, Intervention, Measure, MeasureKind

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


def impact_report(span: Span, today: date, sort: str = "cost_per_point") -> ImpactReport:
    """Every intervention's impact for the places whose exit score was taken in the span; places in groups of the
    span that have ended by `today` without both scores are counted as waiting for them."""
    sort = sort if sort in SORTS else "cost_per_point"
    measures = Prefetch("measures", queryset=Measure.objects.order_by("kind"))
    places = GroupPlace.objects.select_related("group__intervention__cost_band").prefetch_related(
        "group__sessions", measures
    )
    if span.first is not None:
        places = places.filter(group__ends_on__gte=span.first)
    if span.last is not None:
        places = places.filter(group__starts_on__lte=span.last)
    places = list(places)
    # Each group's pupils over its whole run, from the places loaded (a group in the year has them all loaded).
    group_pupils: dict[int, set[int]] = defaultdict(set)
    for place in places:
        group_pupils[place.group_id].add(place.pupil_id)
    groups = {place.group_id: place.group for place in places}
    costs = {}
    if groups:
        days = SchoolDays(min(g.starts_on for g in groups.values()), max(g.ends_on for g in groups.values()))
        costs = {pk: group_cost(group, days, len(group_pupils[pk])) for pk, group in groups.items()}
    lines: dict[tuple[int, str], ImpactLine] = {}
    waiting: dict[int, int] = defaultdict(int)
    for place in places:
        scores = {measure.kind: measure for measure in place.measures.all()}
        entry, exit_ = scores.get(MeasureKind.ENTRY), scores.get(MeasureKind.EXIT)
        if entry is None or exit_ is None or not entry.same_unit_as(exit_):
            if _ended_by(place, min(today, span.last) if span.last else today):
                waiting[place.group.intervention_id] += 1
            continue
        if exit_.taken_on not in span:
            continue
        intervention = place.group.intervention
        line = lines.setdefault((intervention.pk, entry.unit_name), ImpactLine(intervention, entry.unit_name))
        change = exit_.score - entry.score
        line.pupils += 1
        line.total_change += change
        line.changes.append(change)
        line.gained += change > 0
        if place.target_score is not None:
            line.with_target += 1
            line.met_target += exit_.score >= place.target_score
        cost = costs[place.group_id]
        line.cost += cost.total / cost.pupils if cost.pupils else ZERO
    interventions = {place.group.intervention_id: place.group.intervention for place in places}
    return ImpactReport(
        span=span,
        lines=sorted(lines.values(), key=_sort_key(sort)),
        sort=sort,
        waiting=sorted(((interventions[pk], count) for pk, count in waiting.items()), key=lambda w: w[0].name),
    )


def _ended_by(place: GroupPlace, day: date) -> bool:
    return (place.left_on or place.group.ends_on) <= day
