"""School days: weekdays that are not closure days (bank holidays, INSET days, holidays)."""

from datetime import date, timedelta

from .models import ClosureDay


def closure_days(between: date, and_: date) -> set[date]:
    return set(ClosureDay.objects.filter(date__range=(between, and_)).values_list("date", flat=True))


def previous_school_day(day: date) -> date:
    """The last school day before `day` (a Monday meeting is reminded on the Friday)."""
    closed = closure_days(day - timedelta(days=60), day)
    candidate = day - timedelta(days=1)
    while candidate.weekday() >= 5 or candidate in closed:
        candidate -= timedelta(days=1)
    return candidate
