"""When a group meets: each weekly session's dates over the group's run, with the days the school is closed left
out and said why (a half term, an INSET day), for the group's page; and the sessions of one day, for the office's
timetable."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from common import when
from pupils.models import YearGroup
from school.calendar import is_school_day, why_closed
from school.years import academic_year_of

from . import rules
from .models import GroupPlace, GroupSession, InterventionGroup


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


def timetable_of(day: date) -> list[dict]:
    """The sessions held on a day (not asked whether the school is open), soonest first, each with the pupils whose
    place covers the day: names and classes, nothing of their needs. Each a dict of words ready to show (time,
    intervention, group, room, led_by, pupils: a list), for the office's timetable: two queries at any size, read as
    plain values, since a model instance for each of a few hundred sessions and their pupils cost more than the whole
    page should; and dicts, which a template reads at its first try, where an object costs it a failed key look-up
    for each value of each row."""
    sessions = list(
        GroupSession.objects.filter(weekday=day.weekday(), group__starts_on__lte=day, group__ends_on__gte=day)
        .order_by("starts_at", "group__intervention__name", "group__name", "pk")
        .values_list(
            "group_id",
            "starts_at",
            "minutes",
            "group__intervention__name",
            "group__name",
            "group__room",
            "group__led_by__first_name",
            "group__led_by__last_name",
        )
    )
    pupils: dict[int, list[str]] = {}
    places = (
        GroupPlace.objects.filter(group_id__in={row[0] for row in sessions}, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))  # the group runs that day: a place not left covers it
        .order_by("pupil__legal_last_name", "pupil__legal_first_name", "pk")
        .values_list(
            "group_id", "pupil__preferred_name", "pupil__legal_first_name", "pupil__legal_last_name", "pupil__form",
            "pupil__year_group",
        )
    )  # fmt: skip
    years = dict(YearGroup.choices)
    for group_id, preferred, first, last, form, year_group in places:
        pupils.setdefault(group_id, []).append(f"{preferred or first} {last} ({form or years[year_group]})")
    return [
        {
            "time": f"{when.clock(starts_at)}–{when.clock(rules.ends_of_day(starts_at, minutes))}",
            "intervention": intervention,
            "group": name,
            "room": room or "–",
            "led_by": f"{first or ''} {last or ''}".strip() or "–",
            "pupils": pupils.get(group_id, []),
        }
        for group_id, starts_at, minutes, intervention, name, room, first, last in sessions
    ]
