"""The provision map's rules that need more than one row: how many pupils a group holds on its busiest day, a
pupil's places never overlapping in one group, weekly sessions inside the school day and on days the school is
open. The models' `clean` methods ask here, so a form, the admin and the demo refuse alike, in the same words.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from common import when
from school.calendar import is_school_day, why_closed
from school.years import span

# The school's settings hold no times for the school day, so a session must fit between these: wide enough for a
# breakfast club before registration and a group after school, narrow enough to catch a typing slip (9pm for 9am).
SCHOOL_DAY_STARTS = time(8, 0)
SCHOOL_DAY_ENDS = time(18, 0)
FAR_FUTURE = date.max


@dataclass(frozen=True)
class Stay:
    """A pupil's time in a group, both days included; `last` is the group's end while they are still in it."""

    first: date
    last: date

    def overlaps(self, other: "Stay") -> bool:
        return self.first <= other.last and other.first <= self.last


def busiest_day(stays: Iterable[Stay]) -> tuple[date | None, int]:
    """The first day on which most of these stays overlap, and how many they are (a sweep over the dates)."""
    changes: dict[date, int] = {}
    for stay in stays:
        changes[stay.first] = changes.get(stay.first, 0) + 1
        after = stay.last + timedelta(days=1) if stay.last < FAR_FUTURE else FAR_FUTURE
        changes[after] = changes.get(after, 0) - 1
    busiest, most, now = None, 0, 0
    for day in sorted(changes):
        now += changes[day]
        if now > most:
            busiest, most = day, now
    return busiest, most


def ends_of_day(starts_at: time, minutes: int) -> time | None:
    """When a session starting at `starts_at` ends; None if it would run past midnight."""
    end = datetime.combine(date.min, starts_at) + timedelta(minutes=minutes)
    return end.time() if end.date() == date.min else None


def outside_school_hours(starts_at: time, minutes: int) -> str:
    """Why a session falls outside the school day, in words for the form; empty if it fits."""
    end = ends_of_day(starts_at, minutes)
    if starts_at < SCHOOL_DAY_STARTS or end is None or end > SCHOOL_DAY_ENDS:
        school_day = f"{when.clock(SCHOOL_DAY_STARTS)} to {when.clock(SCHOOL_DAY_ENDS)}"
        return (
            f"Sessions run within the school day, {school_day}: "
            f"this one would run from {when.clock(starts_at)} to {when.clock(end)}."
            if end
            else f"Sessions run within the school day, {school_day}."
        )
    return ""


def school_days_on(weekday: int, first: date, last: date) -> list[date]:
    """The days between `first` and `last` that fall on `weekday` (0 Monday) and on which the school is open."""
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while day <= last:
        if is_school_day(day):
            days.append(day)
        day += timedelta(days=7)
    return days


def closed_on_every(weekday: int, first: date, last: date) -> str:
    """Why a weekly session on `weekday` could never happen between `first` and `last` (the school is closed on
    every such day: a holiday, an INSET day); empty when it happens at least once."""
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    if day > last:
        return f"There is no {WEEKDAY_NAMES[weekday]} from {span(first, last)}."
    if school_days_on(weekday, first, last):
        return ""
    reasons = sorted({why_closed(d) or "the school is closed" for d in _every(day, last)})
    return (
        f"The school is closed on every {WEEKDAY_NAMES[weekday]} from {span(first, last)} "
        f"({'; '.join(reasons)}): choose another day or change the group's dates."
    )


def _every(first_day: date, last: date) -> list[date]:
    days, day = [], first_day
    while day <= last:
        days.append(day)
        day += timedelta(days=7)
    return days


def closure_on(day: date) -> str:
    """Why the school is closed on `day` (a first or last session day), in words; empty on a school day."""
    if is_school_day(day):
        return ""
    return why_closed(day) or ("a weekend" if day.weekday() >= 5 else "the school is closed")


WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
