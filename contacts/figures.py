"""Responses to concerns, per term: how many, the median time to respond, and the share answered within 24 hours.

Terms come from school/years.py. A concern counts in the term in which the family raised it. Time is school time
(contacts/response_time.py): a concern raised at 4pm on a Friday and answered at 9am on Monday took 17 hours, within
24. The share is of the concerns whose answer is known: answered, or still open past the deadline (a miss). A concern
still open and not yet due counts in `concerns` but in neither the median nor the share.

The school calendar is read once per request or task (school/calendar.py), so the figures take the same number of
queries however many concerns a term holds.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from statistics import median

from django.utils import timezone

from school.calendar import school_time_between
from school.years import AcademicYear, Term

from .response_time import RESPONSE_TIME


@dataclass(frozen=True)
class TermFigures:
    term: Term
    concerns: int
    answered: int
    median_hours: float | None  # school time, as the 24 hours are
    within_24_hours: int
    decided: int  # answered, or open past the deadline

    @property
    def share_within_24_hours(self) -> float | None:
        return self.within_24_hours / self.decided if self.decided else None


@dataclass(frozen=True)
class Raised:
    """What the figures need of one concern (plain values: a term can hold thousands)."""

    raised_at: datetime
    due_at: datetime
    responded_at: datetime | None

    @cached_property  # worked out once: the median and the share within 24 hours both read it
    def response_school_time(self) -> timedelta | None:
        if self.responded_at is None:
            return None
        return school_time_between(self.raised_at, self.responded_at)

    @property
    def response_school_hours(self) -> float | None:
        """As Concern.response_school_hours."""
        taken = self.response_school_time
        return None if taken is None else taken.total_seconds() / 3600

    @property
    def answered_in_time(self) -> bool:
        """As Concern.answered_in_time (`response_time.answered_in_time`)."""
        taken = self.response_school_time
        return taken is not None and taken <= RESPONSE_TIME


def term_figures(term: Term, concerns: list[Raised], now: datetime) -> TermFigures:
    hours = [c.response_school_hours for c in concerns if c.responded_at is not None]
    in_time = sum(1 for c in concerns if c.answered_in_time)
    overdue = sum(1 for c in concerns if c.responded_at is None and c.due_at < now)  # as Concern.is_overdue
    return TermFigures(
        term=term,
        concerns=len(concerns),
        answered=len(hours),
        median_hours=median(hours) if hours else None,
        within_24_hours=in_time,
        decided=len(hours) + overdue,
    )


def raised_between(concerns, first: date, last: date) -> list[Raised]:
    """The concerns raised from the day `first` to the day `last` (local days)."""
    began = timezone.make_aware(datetime.combine(first, time.min))
    ended = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    raised = concerns.filter(contact__happened_at__gte=began, contact__happened_at__lt=ended)
    return [Raised(*row) for row in raised.values_list("contact__happened_at", "due_at", "responded_at")]


def figures_for_year(year: AcademicYear, concerns, now: datetime | None = None) -> list[TermFigures]:
    """One row per term. `concerns` is a Concern queryset already scoped to the person asking."""
    now = now or timezone.now()
    by_term: dict[str, list[Raised]] = {term.name: [] for term in year.terms}
    for concern in raised_between(concerns, year.start, year.end):
        day = timezone.localdate(concern.raised_at)
        by_term[year.term_of(day).name].append(concern)
    return [term_figures(term, by_term[term.name], now) for term in year.terms]


def figures_for_term(term: Term, concerns, now: datetime | None = None) -> TermFigures:
    """The same for one term (the dashboards show this term's)."""
    return term_figures(term, raised_between(concerns, term.start, term.end), now or timezone.now())
