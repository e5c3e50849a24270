"""The rules behind 'meet every SEN support family three times a year', in one place.

The academic year and its terms are the school's (`school/years.py`); what is owed in each is here.
"""

import enum
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from school.models import School
from school.years import AcademicYear

MEETINGS_A_YEAR = 3
NOTICE_DAYS = 14  # parents get at least two weeks' notice of a formal meeting
RECORD_DUE_DAYS = 14  # the record reaches parents within two weeks of the meeting
ANNUAL_REVIEW_MONTHS = 12
ANNUAL_REVIEW_WARNING_WEEKS = 8


def notice_days(invited_on: date, meeting_on: date) -> int:
    return (meeting_on - invited_on).days


def is_short_notice(invited_on: date, meeting_on: date) -> bool:
    return notice_days(invited_on, meeting_on) < NOTICE_DAYS


def record_due_on(meeting_on: date) -> date:
    return meeting_on + timedelta(days=RECORD_DUE_DAYS)


def annual_review_due_on(last_review_on: date) -> date:
    # relativedelta keeps 29 February reviews sensible: due 28 February the next year.
    return last_review_on + relativedelta(months=ANNUAL_REVIEW_MONTHS)


def annual_review_is_due_soon(due_on: date, today: date) -> bool:
    """Due within 8 weeks, or overdue."""
    return due_on <= today + timedelta(weeks=ANNUAL_REVIEW_WARNING_WEEKS)


def annual_review_year_began_by(today: date) -> date:
    """The latest day a plan's year (its last review, or joining the register) can have begun on and still be due
    soon. A day later than exact, for reviews on 29 February: a first filter for the database, which
    `annual_review_is_due_soon` then confirms."""
    horizon = today + timedelta(weeks=ANNUAL_REVIEW_WARNING_WEEKS)
    return horizon - relativedelta(months=ANNUAL_REVIEW_MONTHS) + timedelta(days=1)


class Pace(enum.Enum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BEHIND = "behind"

    @property
    def label(self) -> str:
        return {"on_track": "On track", "at_risk": "At risk", "behind": "Behind"}[self.value]


def terms_expected(year: AcademicYear, joined_on: date, today: date) -> int:
    """How many terms' meetings are due by the end of the term `today` is in.

    Counted from the term the pupil joined the register in; a year that has ended expects all its terms.
    """
    if today > year.end:
        today = year.end
    if today < year.start:
        return 0
    return sum(1 for term in year.terms if term.start <= today and term.end >= joined_on)


def pace(*, held: int, booked_this_term: bool, year: AcademicYear, joined_on: date, today: date) -> Pace:
    """On track: held as many counting meetings as terms so far, this one included.

    At risk: one short, but this term's meeting is booked, or the term is not yet half over.
    Behind: more than one short, or one short with nothing booked past the middle of the term
    (or the year is over).
    """
    expected = terms_expected(year, joined_on, today)
    if held >= expected:
        return Pace.ON_TRACK
    if held == expected - 1 and today in year:
        term = year.term_of(today)
        if booked_this_term or today < term.midpoint:
            return Pace.AT_RISK
    return Pace.BEHIND


def pace_in_database(year: AcademicYear, today: date, *, held: str, booked_this_term: str, joined_on: str):
    """`pace`, as an expression the database works out for each row: the dashboard counts and pages thousands of
    families without loading them. `held` and `booked_this_term` name annotations (a count of meetings), and
    `joined_on` the date field the pupil joined the register on. The value is a `Pace` value.

    Terms, today and the middle of the term are fixed for the request, so only the counts and the joining date vary.
    tests/test_compliance.py checks this against `pace` for every case at the edges."""
    from django.db.models import Case, CharField, F, Q, Value, When
    from django.db.models.lookups import Exact, GreaterThanOrEqual

    until = min(today, year.end)
    started = [term for term in year.terms if term.start <= until] if today >= year.start else []
    # A term's meeting is expected if the pupil joined by its end (joining before the year counts from its start).
    expected = sum((Case(When(**{f"{joined_on}__lte": term.end}, then=1), default=0) for term in started), Value(0))
    whens = [When(GreaterThanOrEqual(F(held), expected), then=Value(Pace.ON_TRACK.value))]
    if today in year:  # at risk only while the year lasts
        one_short = Q(Exact(F(held), expected - 1))
        if today >= year.term_of(today).midpoint:
            one_short &= Q(**{f"{booked_this_term}__gt": 0})
        whens.append(When(one_short, then=Value(Pace.AT_RISK.value)))
    return Case(*whens, default=Value(Pace.BEHIND.value), output_field=CharField())


def counting_types() -> list[str]:
    """The meeting types this school counts towards the three a year (a school setting, with defaults)."""
    from .models import MEETING_TYPE_DEFAULTS, MeetingTypeSetting

    def read() -> tuple[tuple[str, bool], ...]:
        return tuple(MeetingTypeSetting.objects.values_list("meeting_type", "counts_towards_three"))

    # Kept by the process with the school's settings while their stamp holds (meetings/apps.py marks a change).
    settings = dict(School.kept("meeting_types_counting", read))
    return [kind for kind, (_, counts) in MEETING_TYPE_DEFAULTS.items() if settings.get(kind, counts)]


def counting_type_condition(meeting_type: str):
    """`counting_types` as a condition on the field `meeting_type` (a path such as "since__meeting_type"), for the
    database to work out inside the query that uses it: the school's settings are two tiny sub-queries there, not a
    query of their own before it."""
    from django.db.models import Q

    from .models import MEETING_TYPE_DEFAULTS, MeetingTypeSetting

    counting_by_default = [kind for kind, (_, counts) in MEETING_TYPE_DEFAULTS.items() if counts]
    chosen = MeetingTypeSetting.objects.order_by().values("meeting_type")
    turned_off = chosen.filter(counts_towards_three=False)
    turned_on = chosen.filter(counts_towards_three=True)
    return Q(**{f"{meeting_type}__in": counting_by_default}) & ~Q(**{f"{meeting_type}__in": turned_off}) | Q(
        **{f"{meeting_type}__in": turned_on}
    )


def counting_statuses() -> tuple[str, ...]:
    """Only meetings that took place count: not proposed, cancelled, rearranged or not attended."""
    from .models import MeetingStatus

    return (MeetingStatus.HELD,)
