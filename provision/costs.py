"""What provision costs, worked out one way everywhere (the intervention and group pages, the map, the impact report,
the governors' figures); docs/provision-map.md says it in words:

- a session costs its minutes at the staff cost band's hourly rate: rate x minutes / 60;
- a group holds each weekly session on every school day from its first to its last date (none in holidays, half
  terms or on closure days: school/calendar.py), so its staff cost is the sum over the sessions it holds;
- its intervention's resources cost so much a term, charged to each group once for every term it holds a session in;
- a group's cost is shared equally between the pupils who had a place in it, however long each stayed.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from math import lcm

from django.db.models import Count, Q

from school.calendar import is_school_day
from school.years import academic_year_of

PENNY = Decimal("0.01")
ZERO = Decimal(0)


def pounds(amount: Decimal | Fraction) -> Decimal:
    if isinstance(amount, Fraction):  # a total of shares (`Shares`), exact to the last half penny
        amount = Decimal(amount.numerator) / amount.denominator
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=1024)  # a few bands and lengths of session, asked for hundreds of groups on a page
def session_cost(hourly_rate: Decimal, minutes: int) -> Decimal:
    """The staff cost of one session: the band's hourly rate for the session's minutes."""
    return pounds(Decimal(hourly_rate) * minutes / 60)


class SchoolDays:
    """The school days between two dates, by weekday, each with the term it falls in: worked out once for a page
    (the calendar's term dates and closure days are read once per year), then asked about every group and place in
    a binary search, so a page's time does not grow with the length of the period."""

    def __init__(self, first: date, last: date):
        self.first, self.last = first, last
        self.days: dict[int, list[date]] = {weekday: [] for weekday in range(5)}
        # Each day's term as a number counting on from the first term here: the terms a run of days touches are
        # then those between its first and last day's (every term between holds a school day of each weekday).
        self.term_numbers: dict[int, list[int]] = {weekday: [] for weekday in range(5)}
        terms: dict[tuple[int, str], int] = {}
        years = {}
        day = first
        while day <= last:
            if day.weekday() < 5 and is_school_day(day):
                start_year = academic_year_of(day).start_year
                year = years.setdefault(start_year, academic_year_of(day))
                term = terms.setdefault((start_year, year.term_of(day).name), len(terms))
                self.days[day.weekday()].append(day)
                self.term_numbers[day.weekday()].append(term)
            day += timedelta(days=1)

    def _span(self, weekday: int, first: date, last: date) -> tuple[int, int]:
        days = self.days.get(weekday, [])
        return bisect_left(days, first), bisect_right(days, last)

    def count(self, weekday: int, first: date, last: date) -> int:
        """How many school days from `first` to `last` fall on `weekday` (0 Monday)."""
        low, high = self._span(weekday, first, last)
        return max(high - low, 0)

    def terms_of(self, weekday: int, first: date, last: date) -> set[int]:
        """The terms those days fall in (as numbers)."""
        low, high = self._span(weekday, first, last)
        if high <= low:
            return set()
        numbers = self.term_numbers[weekday]
        return set(range(numbers[low], numbers[high - 1] + 1))


@dataclass(frozen=True)
class GroupCost:
    """A group's cost over a span of days: its sessions held, their staff cost, its resources and its pupils."""

    sessions_held: int
    staff_cost: Decimal
    terms: int
    resources: Decimal
    pupils: int
    minutes_a_week: int
    minutes_held: int  # the adults' time in the sessions held

    @property
    def total(self) -> Decimal:
        return self.staff_cost + self.resources

    @property
    def per_pupil(self) -> Decimal | None:
        return pounds(self.total / self.pupils) if self.pupils else None

    @property
    def per_session(self) -> Decimal | None:
        return pounds(self.staff_cost / self.sessions_held) if self.sessions_held else None


@dataclass
class GroupFacts:
    """What a group's cost is worked out from, as plain values: the pages about one group build it from the model
    (`facts_of`), the map and the impact report read it for hundreds of groups at once (`load_groups`)."""

    pk: int
    intervention_id: int
    starts_on: date
    ends_on: date
    hourly_rate: Decimal
    resources_per_term: Decimal
    sessions: list[tuple[int, int]] = field(default_factory=list)  # (weekday, minutes)
    pupils: int = 0  # how many had a place in it, when `load_groups` is asked to count them

    @property
    def minutes_a_week(self) -> int:
        return sum(minutes for _, minutes in self.sessions)


def facts_of(group) -> GroupFacts:
    """A group's facts from the model (its intervention and cost band loaded, its sessions prefetched)."""
    return GroupFacts(
        group.pk,
        group.intervention_id,
        group.starts_on,
        group.ends_on,
        group.intervention.cost_band.hourly_rate,
        group.intervention.resource_cost_per_term,
        [(session.weekday, session.minutes) for session in group.sessions.all()],
    )


def load_groups(groups, pupils: Q | None = None) -> dict[int, GroupFacts]:
    """The facts of every group in the queryset `groups`, in two queries of plain values (no model instances: the
    map reads hundreds of groups). With `pupils`, a condition on the group's places (`Q()` for all of them), each
    group's `pupils` counts the pupils with such a place, each once: those its cost is shared between."""
    from .models import GroupSession

    columns = ["pk", "intervention_id", "starts_on", "ends_on"]
    columns += ["intervention__cost_band__hourly_rate", "intervention__resource_cost_per_term"]
    rows = groups.values_list(*columns)
    if pupils is not None:
        rows = groups.annotate(pupils=Count("places__pupil", distinct=True, filter=pupils or None))
        rows = rows.values_list(*columns, "pupils")
    facts = {row[0]: GroupFacts(*row[:6], pupils=row[6] if len(row) > 6 else 0) for row in rows}
    sessions = GroupSession.objects.filter(group__in=groups.values("pk")).values_list("group_id", "weekday", "minutes")
    for group_id, weekday, minutes in sessions:
        if group_id in facts:
            facts[group_id].sessions.append((weekday, minutes))
    return facts


def group_cost(group, days: SchoolDays, pupils: int, first: date | None = None, last: date | None = None) -> GroupCost:
    """The group's cost from `first` to `last` (its whole run if not given), within the days worked out in `days`.

    `group` is a GroupFacts, or a group with its intervention and cost band loaded and its sessions prefetched;
    `pupils` is how many had a place in it over the same days (the caller counts them)."""
    facts = group if isinstance(group, GroupFacts) else facts_of(group)
    first = max(first or facts.starts_on, facts.starts_on)
    last = min(last or facts.ends_on, facts.ends_on)
    staff_cost, sessions_held, minutes_held, terms = ZERO, 0, 0, set()
    for weekday, minutes in facts.sessions:
        held = days.count(weekday, first, last)
        sessions_held += held
        minutes_held += minutes * held
        staff_cost += session_cost(facts.hourly_rate, minutes) * held
        terms |= days.terms_of(weekday, first, last)
    return GroupCost(
        sessions_held=sessions_held,
        staff_cost=staff_cost,
        terms=len(terms),
        resources=facts.resources_per_term * len(terms),
        pupils=pupils,
        minutes_a_week=facts.minutes_a_week,
        minutes_held=minutes_held,
    )


class Shares:
    """Pupils' shares of their groups' costs, added up exactly: each share is a whole number of a small unit (a penny
    over every group's number of pupils at once), so that a total of thousands of shares (a third of £100, a
    seventh of £45, ...) comes to the same penny in whatever order they are added."""

    def __init__(self, pupil_counts):
        self.per_penny = lcm(*{count for count in pupil_counts if count}) or 1

    def share(self, cost: GroupCost, pupils: int = 1) -> int:
        """The cost's share for so many of its pupils (a group's cost is in whole pence), in the unit."""
        return int(cost.total * 100) * self.per_penny // cost.pupils * pupils

    def amount(self, shares: int) -> Fraction:
        """Shares in pounds, exactly: `pounds()` rounds them to the penny when they are shown."""
        return Fraction(shares, 100 * self.per_penny)


NO_SHARES = Shares(())


def minutes_held(group: GroupFacts, days: SchoolDays, first: date, last: date) -> int:
    """A pupil's time in the group's sessions from `first` to `last` (their days in it, within the period)."""
    return sum(minutes * days.count(weekday, first, last) for weekday, minutes in group.sessions)
