"""School days: the weekdays of the school's terms that are not closure days (bank holidays, INSET days).

The school enters its term dates (`TermDates`, with half terms) and closure days. The days between two terms it
entered are holidays; where a term is not entered yet, its weekdays count as school days (the guess the portal made
before the school's calendar was entered), so nothing stops for a school that has not entered its dates.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import TERM_ORDER, ClosureDay, TermDates, _current
from .years import span

DAY = timedelta(days=1)
# What English schools call the holiday that follows each term.
HOLIDAY_AFTER = {"autumn": "Christmas holiday", "spring": "Easter holiday", "summer": "Summer holiday"}


def academic_year_start(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def closure_days(between: date, and_: date) -> set[date]:
    return set(ClosureDay.objects.filter(date__range=(between, and_)).values_list("date", flat=True))


def _closed_in_year(start_year: int) -> frozenset[date]:
    """The year's closure days, kept with the school's settings while their stamp holds."""
    cached = _current().closed
    if start_year not in cached:
        cached[start_year] = frozenset(closure_days(date(start_year, 9, 1), date(start_year + 1, 8, 31)))
    return cached[start_year]


def in_holiday(day: date) -> bool:
    """Between two terms the school entered, before its autumn term or after its summer term, or in a half term."""
    terms = TermDates.of_year(academic_year_start(day))
    if not terms:
        return False
    before = None
    for term in terms:
        if term.starts_on <= day <= term.ends_on:
            return not term.is_open_on(day)
        if term.ends_on < day:
            before = term
        elif term.starts_on > day:
            after = term
            if before is None:
                return after.term == TERM_ORDER[0]
            return TERM_ORDER.index(after.term) - TERM_ORDER.index(before.term) == 1
    return before is not None and before.term == TERM_ORDER[-1]


@dataclass(frozen=True)
class Holiday:
    """Days without pupils that come from the term dates: a holiday between terms, or a half term."""

    name: str
    first: date
    last: date

    def __contains__(self, day: date) -> bool:
        return self.first <= day <= self.last

    def __str__(self) -> str:
        return f"{self.name}, {span(self.first, self.last)}"


def holidays(start_year: int) -> list[Holiday]:
    """The year's holidays and half terms in order, from the terms the school entered: the same days `in_holiday`
    counts (none between two terms when one of them is not entered)."""
    terms = TermDates.of_year(start_year)
    by_name = {term.term: term for term in terms}
    found = []
    first = by_name.get(TERM_ORDER[0])
    if first and first.starts_on > date(start_year, 9, 1):
        found.append(Holiday(HOLIDAY_AFTER[TERM_ORDER[-1]], date(start_year, 9, 1), first.starts_on - DAY))
    for term in terms:
        if term.half_term_starts_on:
            name = f"{term.get_term_display()} half term"
            found.append(Holiday(name, term.half_term_starts_on, term.half_term_ends_on))
        position = TERM_ORDER.index(term.term)
        if position == len(TERM_ORDER) - 1:
            next_start = date(start_year + 1, 9, 1)
        elif following := by_name.get(TERM_ORDER[position + 1]):
            next_start = following.starts_on
        else:
            continue
        if next_start - term.ends_on > DAY:
            found.append(Holiday(HOLIDAY_AFTER[term.term], term.ends_on + DAY, next_start - DAY))
    return found


def why_closed(day: date) -> str:
    """Why pupils are not in on a weekday, in a few words for a message: the closure day's reason ('INSET day') or
    the holiday ('Christmas holiday, 19 December 2026 to 4 January 2027'); empty on a school day."""
    if day in _closed_in_year(academic_year_start(day)):
        return ClosureDay.objects.get(date=day).reason
    if in_holiday(day):
        return str(next(holiday for holiday in holidays(academic_year_start(day)) if day in holiday))
    return ""


def weekdays(first: date, last: date) -> list[date]:
    """Monday to Friday from `first` to `last`: the days a range of closure days closes."""
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += DAY
    return days


@dataclass
class ClosedRun:
    """Closure days one after another (weekends between them apart) for the same reason: a week's holiday, two
    INSET days. Shown, written to a file and deleted as one."""

    reason: str
    days: list[ClosureDay] = field(default_factory=list)

    @property
    def first(self) -> date:
        return self.days[0].date

    @property
    def last(self) -> date:
        return self.days[-1].date

    @property
    def dates(self) -> str:
        return span(self.first, self.last)


def closed_runs(closure_days) -> list[ClosedRun]:
    """Closure days (in date order) gathered into runs."""
    runs: list[ClosedRun] = []
    for day in closure_days:
        run = runs[-1] if runs else None
        if run and run.reason == day.reason and weekdays(run.last + DAY, day.date) == [day.date]:
            run.days.append(day)
        else:
            runs.append(ClosedRun(day.reason, [day]))
    return runs


def closure_days_of_year(start_year: int):
    return ClosureDay.objects.filter(date__range=(date(start_year, 9, 1), date(start_year + 1, 8, 31)))


def is_school_day(day: date) -> bool:
    if day.weekday() >= 5:
        return False
    if day in _closed_in_year(academic_year_start(day)):
        return False
    return not in_holiday(day)


def previous_school_day(day: date) -> date:
    """The last school day before `day` (a Monday meeting is reminded on the Friday)."""
    candidate = day - DAY
    while not is_school_day(candidate):
        candidate -= DAY
    return candidate


def next_school_day(day: date) -> date:
    """The first school day after `day`."""
    candidate = day + DAY
    while not is_school_day(candidate):
        candidate += DAY
    return candidate


def school_time_after(start: datetime, duration: timedelta) -> datetime:
    """The moment `duration` of school time after `start`, counting only school days (each 24 hours long).

    24 hours from 4pm on a Friday is 4pm on Monday (or on Tuesday when Monday is a closure day). Time raised on a
    day the school is closed starts counting at the beginning of the next school day: 24 hours from a Saturday
    morning is the end of Monday."""
    local = timezone.localtime(start)
    day = local.date()
    if is_school_day(day):
        clock = local.time()
        remaining = duration + timedelta(
            hours=clock.hour, minutes=clock.minute, seconds=clock.second, microseconds=clock.microsecond
        )
    else:
        day, remaining = next_school_day(day), duration
    while remaining > timedelta(hours=24):
        remaining -= timedelta(hours=24)
        day = next_school_day(day)
    # Wall-clock time on the day: a clock change in between does not move "the same time on Monday".
    return timezone.make_aware(datetime.combine(day, time.min) + remaining)


def school_time_between(start: datetime, end: datetime) -> timedelta:
    """The school time from `start` to `end`: only the part on school days counts (the inverse of
    `school_time_after`: what ends by `school_time_after(start, d)` took at most d)."""
    if end <= start:
        return timedelta(0)
    # Wall-clock time, each school day 24 hours, as school_time_after counts it.
    start, end = timezone.localtime(start).replace(tzinfo=None), timezone.localtime(end).replace(tzinfo=None)
    total, day = timedelta(0), start.date()
    while day <= end.date():
        if is_school_day(day):
            total += min(end, datetime.combine(day + DAY, time.min)) - max(start, datetime.combine(day, time.min))
        day += DAY
    return total
