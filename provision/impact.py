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

The places and their scores are added up in the database; four queries, however many interventions and pupils
(bench/ measures it).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db.models import Case, Count, DecimalField, F, FilteredRelation, Q, Sum, Value, When
from django.db.models.functions import Lower, Trim

from school.years import academic_year_of

from .costs import ZERO, GroupCost, SchoolDays, Shares, group_cost, load_groups, pounds
from .models import GroupPlace, Intervention, InterventionGroup, MeasureKind, Unit

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
    cost: Fraction = Fraction(0)  # exact (costs.Shares): rounded to the penny when shown

    @property
    def average_change(self) -> Decimal | None:
        return (self.total_change / self.pupils).quantize(Decimal("0.1")) if self.pupils else None

    @property
    def cost_per_pupil(self) -> Decimal | None:
        return pounds(self.cost / self.pupils) if self.pupils else None

    @property
    def cost_per_point(self) -> Decimal | None:
        return pounds(self.cost / Fraction(self.total_change)) if self.total_change > 0 else None

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


COUNTED, WAITING = "counted", "waiting"


def _tallies(groups_in_span, span: Span, ended_by: date):
    """The places of the groups in the span added up in the database, a row for each group, entry unit and state:
    (group id, unit, unit label, state, places, their change added up, how many gained, had a target, met it).

    A place is counted when its entry and exit scores are in the same unit and its exit score was taken in the span;
    it is waiting when it lacks either (or they differ in unit) and it ended by `ended_by`; neither, otherwise."""
    same_unit = Q(entry__unit=F("exit__unit")) & (~Q(entry__unit=Unit.OTHER) | Q(entry_label=F("exit_label")))
    in_span = Q()
    if span.first is not None:
        in_span &= Q(exit__taken_on__gte=span.first)
    if span.last is not None:
        in_span &= Q(exit__taken_on__lte=span.last)
    places = (
        GroupPlace.objects.filter(group__in=groups_in_span.values("pk"))
        .annotate(
            entry=FilteredRelation("measures", condition=Q(measures__kind=MeasureKind.ENTRY)),
            exit=FilteredRelation("measures", condition=Q(measures__kind=MeasureKind.EXIT)),
        )
        .alias(
            entry_label=Lower(Trim("entry__unit_label")),
            exit_label=Lower(Trim("exit__unit_label")),
            change=F("exit__score") - F("entry__score"),
        )
        .annotate(
            # The line's unit is the entry score's; "other" units are told apart by what the entry score says.
            label=Case(When(entry__unit=Unit.OTHER, then="entry__unit_label"), default=Value("")),
            # Worked out once for each place (the rows are grouped by it), not in each figure's filter.
            state=Case(
                When(same_unit & in_span, then=Value(COUNTED)),
                When(same_unit, then=None),
                When(
                    Q(left_on__lte=ended_by) | Q(left_on__isnull=True, group__ends_on__lte=ended_by),
                    then=Value(WAITING),
                ),
                default=None,
            ),
        )
    )
    return (
        places.values_list("group_id", "entry__unit", "label", "state")
        .annotate(
            places=Count("pk"),
            total_change=Sum("change", output_field=DecimalField(max_digits=12, decimal_places=2)),
            gained=Count("pk", filter=Q(change__gt=0)),
            with_target=Count("target_score"),
            met_target=Count("pk", filter=Q(exit__score__gte=F("target_score"))),
        )
        .order_by()
    )


def impact_report(span: Span, today: date, sort: str = "cost_per_point") -> ImpactReport:
    """Every intervention's impact for the places whose exit score was taken in the span; places in groups of the
    span that have ended by `today` without both scores are counted as waiting for them.

    The places and their scores are added up in the database, a row for each group (`_tallies`): four queries,
    however many places and scores (bench/ measures it)."""
    sort = sort if sort in SORTS else "cost_per_point"
    groups_in_span = InterventionGroup.objects.all()
    if span.first is not None:
        groups_in_span = groups_in_span.filter(ends_on__gte=span.first)
    if span.last is not None:
        groups_in_span = groups_in_span.filter(starts_on__lte=span.last)
    ended_by = min(today, span.last) if span.last else today
    tallies = list(_tallies(groups_in_span, span, ended_by))
    # A group's cost is shared between every pupil it had over its whole run.
    groups = load_groups(groups_in_span, pupils=Q())
    interventions = Intervention.objects.in_bulk({group.intervention_id for group in groups.values()})
    costs: dict[int, GroupCost] = {}
    shares = Shares(group.pupils for group in groups.values())
    cost_of: dict[tuple[int, str], int] = defaultdict(int)  # each line's pupils' shares of their groups' costs
    if groups:
        days = SchoolDays(min(g.starts_on for g in groups.values()), max(g.ends_on for g in groups.values()))
    lines: dict[tuple[int, str], ImpactLine] = {}
    waiting: dict[int, int] = defaultdict(int)
    for group_id, unit, label, state, pupils, total_change, gained, with_target, met_target in tallies:
        group = groups[group_id]
        if state == WAITING:
            waiting[group.intervention_id] += pupils
        if state != COUNTED:
            continue
        unit_name = label if unit == Unit.OTHER else UNIT_NAMES[unit]
        key = (group.intervention_id, unit_name)
        if key not in lines:
            lines[key] = ImpactLine(interventions[group.intervention_id], unit_name)
        line = lines[key]
        line.pupils += pupils
        line.total_change += total_change
        line.gained += gained
        line.with_target += with_target
        line.met_target += met_target
        if group_id not in costs:
            costs[group_id] = group_cost(group, days, group.pupils)
        cost_of[key] += shares.share(costs[group_id], pupils)
    for key, line in lines.items():
        line.cost = shares.amount(cost_of[key])
    return ImpactReport(
        span=span,
        lines=sorted(lines.values(), key=_sort_key(sort)),
        sort=sort,
        waiting=sorted(((interventions[pk], count) for pk, count in waiting.items()), key=lambda w: w[0].name),
    )
