"""How long a pupil's SEN file is kept: until their date of birth plus RECORD_RETENTION_YEARS (31 by default).

The one place that says when a record's retention date is. Nothing here deletes anything: the SENCO reviews
each record past its date and destroys it following the school's own policy.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from common.scalars import Scalar, count
from pupils.models import Pupil


def retention_years() -> int:
    return settings.RECORD_RETENTION_YEARS


def retention_date(date_of_birth: date, years: int) -> date:
    """The date of birth `years` on. Born on 29 February: 1 March in a year with no 29 February (the later
    day, so a record is never reported early)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + years)
    except ValueError:
        return date(date_of_birth.year + years, 3, 1)


def one_year_on(day: date) -> date:
    return retention_date(day, 1)


def is_past_retention(date_of_birth: date, today: date, years: int) -> bool:
    """Past once the retention date has gone by: on the date itself the record is still within it."""
    return retention_date(date_of_birth, years) < today


@dataclass(frozen=True)
class RetentionRow:
    pupil: Pupil
    retention_date: date


@dataclass(frozen=True)
class RetentionReport:
    years: int
    today: date
    horizon: date  # a year from today
    past: list[RetentionRow]  # oldest retention date first
    due_within_a_year: list[RetentionRow]  # from today to a year from today, soonest first


def retention_report(today: date | None = None, years: int | None = None) -> RetentionReport:
    """Pupils on the register or off it whose records are past their retention date, and those falling due in
    the next 12 months. One query."""
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    horizon = one_year_on(today)
    # Anyone born in or before this year reaches the date by 31 December next year at the latest, which covers
    # the next 12 months; the exact dates are worked out below.
    born_by = date(today.year - years + 2, 1, 1)
    candidates = Pupil.objects.filter(date_of_birth__lt=born_by).order_by("date_of_birth", "pk")
    rows = [RetentionRow(pupil, retention_date(pupil.date_of_birth, years)) for pupil in candidates]
    return RetentionReport(
        years=years,
        today=today,
        horizon=horizon,
        past=[row for row in rows if row.retention_date < today],
        due_within_a_year=[row for row in rows if today <= row.retention_date <= horizon],
    )


def first_born_reaching(day: date, years: int) -> date:
    """The earliest date of birth whose retention date is `day` or later: born before it, a record's date is before
    `day` (the retention date never goes down as the date of birth goes up)."""
    born = retention_date(day, -years)
    while retention_date(born, years) >= day:
        born -= timedelta(days=1)
    while retention_date(born, years) < day:
        born += timedelta(days=1)
    return born


def retention_figures(today: date | None = None) -> dict[str, Scalar]:
    """How many records `retention_report` lists as past and due within a year, as counts the database works out
    (`common.scalars`): the dashboard shows only the numbers, asked with its other figures."""
    today = today or timezone.localdate()
    years = retention_years()
    reached_today = first_born_reaching(today, years)
    past_horizon = first_born_reaching(one_year_on(today) + timedelta(days=1), years)
    return {
        "past": count(Pupil.objects.filter(date_of_birth__lt=reached_today)),
        "due_within_a_year": count(
            Pupil.objects.filter(date_of_birth__gte=reached_today, date_of_birth__lt=past_horizon)
        ),
    }
