"""School days: the weekdays of the school's terms that are not closure days (bank holidays, INSET days).

The school enters its term dates (`TermDates`, with half terms) and closure days. The days between two terms it
entered are holidays; where a term is not entered yet, its weekdays count as school days (the guess the portal made
before the school's calendar was entered), so nothing stops for a school that has not entered its dates.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import TERM_ORDER, ClosureDay, TermDates, _loaded

DAY = timedelta(days=1)


def academic_year_start(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def closure_days(between: date, and_: date) -> set[date]:
    return set(ClosureDay.objects.filter(date__range=(between, and_)).values_list("date", flat=True))


def _closed_in_year(start_year: int) -> frozenset[date]:
    """The year's closure days, read once per request or task (forgotten with the school's settings)."""
    cached = getattr(_loaded, "closed", None)
    if cached is None:
        cached = _loaded.closed = {}
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
