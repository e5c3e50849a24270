"""Which times of day bring most parents: events held, grouped by when they started (the guide advises rotating
times, so that parents who work or have younger children can come to some of them)."""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Count, Q
from django.utils import timezone

# (name, from, until): each band runs from its start up to (not including) the next band's start.
BANDS = [
    ("Morning (before 12:00)", time(0, 0), time(12, 0)),
    ("Early afternoon (12:00 to 15:00)", time(12, 0), time(15, 0)),
    ("After school (15:00 to 17:30)", time(15, 0), time(17, 30)),
    ("Evening (17:30 on)", time(17, 30), time.max),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def band_of(starts_at: datetime) -> str:
    """The band of the school's local start time."""
    clock = timezone.localtime(starts_at).time()
    for name, start, until in BANDS:
        if start <= clock < until:
            return name
    return BANDS[-1][0]


@dataclass
class TimeRow:
    name: str
    events: int = 0
    invited: int = 0
    came: int = 0  # everyone who came, with or without an invitation
    invited_came: int = 0
    weekdays: dict = field(default_factory=dict)

    @property
    def share(self) -> float | None:
        """The share of invited parents who came, 0 to 1; None with nobody invited."""
        return self.invited_came / self.invited if self.invited else None

    @property
    def came_per_event(self) -> float | None:
        return self.came / self.events if self.events else None

    def add(self, event) -> None:
        self.events += 1
        self.invited += event.n_invited
        self.came += event.n_came
        self.invited_came += event.n_invited_came


def times_of_day(events, now: datetime | None = None, *, by_weekday: bool = False) -> list[TimeRow]:
    """One row per band (every band, even with no events), from events held before `now`, in one query. With
    `by_weekday`, each row's `weekdays` holds a TimeRow per weekday that had an event in that band."""
    now = now or timezone.now()
    rows = {name: TimeRow(name) for name, _, _ in BANDS}
    held = events.held(now).annotate(
        n_invited=Count("guests", filter=Q(guests__invited_at__isnull=False)),
        n_came=Count("guests", filter=Q(guests__attended=True)),
        n_invited_came=Count("guests", filter=Q(guests__attended=True, guests__invited_at__isnull=False)),
    )
    for event in held.order_by("starts_at"):
        row = rows[band_of(event.starts_at)]
        row.add(event)
        if by_weekday:
            day = WEEKDAYS[timezone.localtime(event.starts_at).weekday()]
            row.weekdays.setdefault(day, TimeRow(day)).add(event)
    if by_weekday:
        for row in rows.values():
            row.weekdays = {day: row.weekdays[day] for day in WEEKDAYS if day in row.weekdays}
    return list(rows.values())
