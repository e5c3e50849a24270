"""One chronological timeline per pupil: meetings, the family's replies to them, and records, messages sent, contacts
and concerns, events the family came to, loans from the lending library, and changes of SEN status and of the register.
Shown one school term at a time (the terms of school/years.py, holidays counted with the term before them), newest
first, with each term's count.

Read in the same number of queries however long the history (`tests/test_timeline.py` proves it): one UNION ALL of
every strand's rows about the pupil (timeline_sources.py), each row its kind, id and date, and for the term shown the
fields its entry is written from, as JSON. One query more if the term has a message without a subject (as model
rows, timeline_sources.py), and one when the page opens on an empty current term and turns to the latest term
before it with something.

Django takes longer to write that SQL (a dozen and more parts) than PostgreSQL takes to answer it, so it is written
once per process for each strand and set of message kinds, with a number standing for the pupil and two moments for
the term, put in their places at each request (as common/links.py does with a path). The term dates of each academic
year are read once per process too (school.models.TermDates.of_year).
"""

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.db.models import Case, DateTimeField, F, JSONField, Q, Value, When
from django.db.models.functions import Cast, JSONObject
from django.utils import timezone

from common import when
from pupils.models import Pupil
from school.years import AcademicYear, Term, span

from .timeline_sources import HISTORY, SOURCES, Entry, Strand, message_entries, register_entries, start_of

__all__ = ["Entry", "Strand", "TermTab", "TimelinePage", "pupil_timeline", "timeline_page"]

TERM_NAMES = ("autumn", "spring", "summer")  # in the order of AcademicYear.terms

# What stands for the pupil's id and the term's first and last moments while the SQL is written: numbers and
# moments no real query asks about (an id within the range of an integer column, or Django would write no SQL).
PUPIL = 2_111_222_333
FROM, UNTIL = (datetime(1901, 1, day, tzinfo=UTC) for day in (1, 2))
ALL_TIME = (datetime(1902, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))


@dataclass(frozen=True)
class Moment:
    """One row of the index: what it is, its row's id, when, and for the term read its fields."""

    kind: str
    pk: int
    when: datetime
    data: dict | None


@dataclass(frozen=True)
class TermTab:
    """A term of the timeline, with how many entries it holds."""

    year: AcademicYear
    position: int  # 0, 1, 2: autumn, spring, summer
    count: int = 0

    @property
    def term(self) -> Term:
        return self.year.terms[self.position]

    @property
    def key(self) -> str:
        """As ?term= gives it: '2026-autumn'."""
        return f"{self.year.start_year}-{TERM_NAMES[self.position]}"

    @property
    def order(self) -> int:
        return self.year.start_year * 3 + self.position

    @property
    def name(self) -> str:
        return f"{self.term.name} term {self.year.label}"

    @property
    def dates(self) -> str:
        """Every day the term counts, its holiday after it included: '1 September to 31 December 2026'."""
        return span(self.term.start, self.term.end)


@dataclass(frozen=True)
class TimelinePage:
    term: TermTab  # the term shown
    current: TermTab  # the term today is in
    entries: list[Entry]  # the term's, newest first
    terms: list[TermTab]  # the terms with entries, the current and the shown, newest first
    earlier: TermTab | None  # the nearest term before the one shown that has entries
    later: TermTab | None

    @property
    def nearest(self) -> TermTab | None:
        """For an empty term: the nearest that has something (the earlier one if two are as near)."""
        near = [tab for tab in (self.earlier, self.later) if tab]
        return min(near, key=lambda tab: abs(tab.order - self.term.order), default=None)


class _Terms:
    """The terms of the academic years the history spans, each year worked out once per page."""

    def __init__(self):
        self.years: dict[int, AcademicYear] = {}

    def year(self, start_year: int) -> AcademicYear:
        if start_year not in self.years:
            self.years[start_year] = AcademicYear(start_year)
        return self.years[start_year]

    def of(self, day: date) -> tuple[int, int]:
        """(the academic year's start, the term's position in it)."""
        year = self.year(day.year if day.month >= 9 else day.year - 1)
        return year.start_year, year.terms.index(year.term_of(day))

    def tab(self, key: tuple[int, int], counts: Counter) -> TermTab:
        return TermTab(self.year(key[0]), key[1], counts[key])

    def window(self, key: tuple[int, int]) -> tuple[datetime, datetime]:
        """From the term's first moment to the next term's."""
        term = self.year(key[0]).terms[key[1]]
        return start_of(term.start), start_of(term.end + timedelta(days=1))


def timeline_page(
    pupil: Pupil, user, strand: str | None = None, term: str | None = None, today: date | None = None
) -> TimelinePage:
    """One term of the timeline: `term` as '2026-autumn' (anything else is ignored), or by default the current term,
    or when that is empty the latest before it that has something. `user` decides which messages are shown."""
    today = today or timezone.localdate()
    terms = _Terms()
    current = terms.of(today)
    asked = _asked(term, today)
    shown = asked or current
    by_term = _by_term(terms, *_read(pupil, user, strand, terms.window(shown)))
    counts = Counter(key for _, key in by_term)
    if not asked and not counts[current] and any(key < current for key in counts):
        shown = max(key for key in counts if key < current)
        by_term = _by_term(terms, *_read(pupil, user, strand, terms.window(shown)))

    entries = _written([moment for moment, key in by_term if key == shown and isinstance(moment, Moment)])
    entries += [entry for entry, key in by_term if key == shown and isinstance(entry, Entry)]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    with_entries = sorted(counts, reverse=True)
    return TimelinePage(
        term=terms.tab(shown, counts),
        current=terms.tab(current, counts),
        entries=entries,
        terms=[terms.tab(key, counts) for key in sorted({*with_entries, current, shown}, reverse=True)],
        earlier=next((terms.tab(key, counts) for key in with_entries if key < shown), None),
        later=next((terms.tab(key, counts) for key in reversed(with_entries) if key > shown), None),
    )


def pupil_timeline(pupil: Pupil, user, strand: str | None = None) -> list[Entry]:
    """The whole history at once, newest first."""
    moments, register = _read(pupil, user, strand, ALL_TIME)
    entries = _written(moments) + register
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _by_term(terms: _Terms, moments: list[Moment], register: list[Entry]) -> list[tuple[Moment | Entry, tuple]]:
    return [(each, terms.of(timezone.localdate(each.when))) for each in (*moments, *register)]


def _asked(term: str | None, today: date) -> tuple[int, int] | None:
    """The term ?term= names, if it is one: '2026-autumn', from 2000 to next year."""
    found = re.fullmatch(r"([0-9]{4})-(autumn|spring|summer)", term or "")
    if not found or not 2000 <= int(found[1]) <= today.year + 1:
        return None
    return int(found[1]), TERM_NAMES.index(found[2])


def _read(pupil: Pupil, user, strand: str | None, window: tuple[datetime, datetime]):
    """The index, with the fields of the entries within the window; and the register's entries. One query."""
    sql, params = _sql(strand, user)
    fill = {PUPIL: pupil.pk, **dict(zip(_prepared(FROM, UNTIL), _prepared(*window), strict=True))}
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [fill.get(param, param) if isinstance(param, int | str | datetime) else param for param in params]
        )
        rows = cursor.fetchall()
    on_a_day = {source.kind for source in SOURCES if source.on_a_day}
    moments, history = {}, []
    for kind, pk, moment, data in rows:
        moment = when.from_database(moment)
        data = json.loads(data) if isinstance(data, str) else data
        if kind == HISTORY.kind:
            history.append((moment, pk, data))
            continue
        if kind in on_a_day:  # midnight in UTC, as the database cast the day: midnight at school
            moment = start_of(moment.astimezone(UTC).date())
        moments[kind, pk] = Moment(kind, pk, moment, data)
    return list(moments.values()), register_entries(sorted(history, key=lambda row: row[:2]))


_written_sql: dict[tuple, tuple[str, list]] = {}


def _sql(strand: str | None, user) -> tuple[str, list]:
    """The index's SQL and parameters for the strand (or all), written once for each role (which says the kinds of
    message seen)."""
    if (strand, user.role) not in _written_sql:
        parts = []
        in_window = Q(timeline_when__gte=FROM, timeline_when__lt=UNTIL)
        for source in (*SOURCES, HISTORY):
            if strand not in (None, source.strand):
                continue
            dated_by = F(source.dated_by) if isinstance(source.dated_by, str) else source.dated_by
            if source.on_a_day:  # a day (a loan's): as its midnight, to be read with the others
                dated_by = Cast(dated_by, DateTimeField())
            data = JSONObject(**source.fields) if source.fields else Value(None, JSONField())
            if not source.whole and source.fields:
                data = Case(When(in_window, then=data), default=Value(None, JSONField()), output_field=JSONField())
            for way in source.ways(PUPIL, user.role):
                row = way.order_by().annotate(timeline_kind=Value(source.kind), timeline_when=dated_by)
                row = row.annotate(timeline_data=data)
                parts.append(row.values_list("timeline_kind", "pk", "timeline_when", "timeline_data"))
        _written_sql[strand, user.role] = parts[0].union(*parts[1:], all=True).query.sql_with_params()
    return _written_sql[strand, user.role]


def _prepared(*moments: datetime) -> list:
    """Moments as the database is given them (so that the ones standing in are found among the parameters)."""
    return [DateTimeField().get_db_prep_value(moment, connection) for moment in moments]


def _written(moments: list[Moment]) -> list[Entry]:
    """The entries of these moments, from the fields read with them; messages that need more as model rows (one
    query, only for them)."""
    write = {source.kind: source.entry for source in SOURCES}
    entries, messages = [], []
    for moment in moments:
        entry = write[moment.kind](moment.pk, moment.when, moment.data) if moment.data else None
        if entry:
            entries.append(entry)
        elif moment.kind == "message" and moment.data:
            messages.append(moment.pk)
    return entries + (message_entries(messages) if messages else [])
