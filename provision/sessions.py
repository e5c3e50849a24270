"""When a group meets: each weekly session's dates over the group's run, with the days the school is closed left
out and said why (a half term, an INSET day), for the group's page and the office's timetable."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from school.calendar import is_school_day, why_closed
from school.years import academic_year_of

from .models import InterventionGroup


@dataclass(frozen=True)
class Missed:
    day: date
    why: str


@dataclass(frozen=True)
class GroupCalendar:
    held: list[date]
    missed: list[Missed]

    @property
    def next_session(self) -> date | None:
        today = timezone.localdate()
        return next((day for day in self.held if day >= today), None)


def calendar_of(group: InterventionGroup) -> GroupCalendar:
    """Every date a session of the group falls on (sessions loaded), held or missed because the school is closed."""
    weekdays = {session.weekday for session in group.sessions.all()}
    held, missed = [], []
    day = group.starts_on
    while day <= group.ends_on:
        if day.weekday() in weekdays:
            if is_school_day(day):
                held.append(day)
            else:
                missed.append(Missed(day, why_closed(day) or "the school is closed"))
        day += timedelta(days=1)
    return GroupCalendar(held, missed)


def this_or_next_term(today: date) -> tuple[date, date]:
    """The teaching days of the term a new group most likely runs in: this one, or the next if this one's last day
    has passed (a holiday counts with the term before it)."""
    year = academic_year_of(today)
    terms = [*year.terms, *year.next().terms]
    for term in terms:
        first, last = term.teaching_days
        if today <= last:
            return max(first, today) if first <= today else first, last
    first, last = terms[-1].teaching_days
    return first, last
