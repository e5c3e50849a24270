"""The school calendar as a simple CSV file: read it, load it all or nothing, and write a year back out.

One row for each term, half term and closure day (or run of closure days), with a header row:

    kind,first day,last day,what
    autumn term,2026-09-03,2026-12-18,
    half term,2026-10-26,2026-10-30,
    closure,2026-11-27,,INSET day
    closure,2027-05-03,,Early May bank holiday

Kinds: `autumn term`, `spring term`, `summer term`, `half term` (it belongs to the term it falls in, from the file or
entered already) and `closure` (one day, or every weekday from the first day to the last, with the reason under
`what`). Dates as 2026-09-03 or 03/09/2026. Blank rows and rows starting with `#` are skipped.

Loading checks every row before saving any: a problem anywhere saves nothing and names the row. A term in the file
replaces the term the school entered for that year (its half term too: none if the file gives none); closure days
are added, or their reason changed; nothing else is deleted. Loading the same file again changes nothing.
`manage.py load_school_calendar` and the upload on the school calendar page both load through `load_calendar`.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from common import when

from .calendar import academic_year_start, closed_runs, closure_days_of_year, weekdays
from .models import TERM_ORDER, ClosureDay, School, TermDates
from .years import span

HEADER = ["kind", "first day", "last day", "what"]
TERM_KINDS = {f"{name} term": name for name in TERM_ORDER} | {name: name for name in TERM_ORDER}
HALF_TERM, CLOSURE = "half term", "closure"
OTHER_KINDS = {"half term": HALF_TERM, "half-term": HALF_TERM, "closure": CLOSURE, "closure day": CLOSURE}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
LONGEST_CLOSURE_DAYS = 366
LARGEST_FILE = 100_000  # bytes: a year is a few dozen rows


class CalendarFileError(Exception):
    """The file was not loaded (nothing was saved): `problems` says why, row by row."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Row:
    number: int  # as a spreadsheet numbers it, the header being row 1
    kind: str  # a term's name, HALF_TERM or CLOSURE
    first: date
    last: date
    what: str

    def __str__(self) -> str:
        kind = f"{self.kind} term" if self.kind in TERM_ORDER else self.kind
        return f"Row {self.number} ({kind}, {span(self.first, self.last)})"


@dataclass
class Loaded:
    """What loading a file changed."""

    terms_added: list[TermDates] = field(default_factory=list)
    terms_changed: list[TermDates] = field(default_factory=list)
    closure_days_added: int = 0
    closure_days_changed: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.terms_added or self.terms_changed or self.closure_days_added or self.closure_days_changed)

    def __str__(self) -> str:
        if not self.changed_anything:
            return "Nothing to change: the school calendar already says what the file says."
        parts = [
            f"{len(self.terms_added)} term{'s' if len(self.terms_added) != 1 else ''} added",
            f"{len(self.terms_changed)} term{'s' if len(self.terms_changed) != 1 else ''} changed",
            f"{self.closure_days_added} closure day{'s' if self.closure_days_added != 1 else ''} added",
            f"{self.closure_days_changed} closure day{'s' if self.closure_days_changed != 1 else ''} given a new "
            "reason",
        ]
        return "Loaded: " + ", ".join(part for part in parts if not part.startswith("0 ")) + "."


def decode(data: bytes) -> str:
    """A file's text: UTF-8 (with or without the mark Excel puts first), else Windows' own encoding."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def read_rows(text: str) -> list[Row]:
    """The file's rows, or CalendarFileError naming every row that cannot be read."""
    rows, problems = [], []
    for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in cells]
        while cells and not cells[-1]:
            cells.pop()  # spreadsheets add empty cells at the end
        if not cells or cells[0].startswith("#"):
            continue
        if cells[0].lower() == HEADER[0]:
            continue  # the header row
        where = f"Row {number}"
        kind = TERM_KINDS.get(cells[0].lower()) or OTHER_KINDS.get(cells[0].lower())
        if kind is None:
            problems.append(
                f"{where}: '{cells[0]}' is not a kind of row: write autumn term, spring term, summer term, half term "
                "or closure."
            )
            continue
        if len(cells) > len(HEADER):
            problems.append(f"{where}: more than four columns (kind, first day, last day, what).")
            continue
        cells += [""] * (len(HEADER) - len(cells))
        _, first_text, last_text, what = cells
        first, last = _date(first_text), _date(last_text) if last_text else None
        if first is None:
            problems.append(
                f"{where}: the first day '{first_text}' is not a date: write it as 2026-09-03 or 03/09/2026."
                if first_text
                else f"{where}: the first day is missing."
            )
            continue
        if last_text and last is None:
            problems.append(f"{where}: the last day '{last_text}' is not a date: write it as 2026-09-03 or 03/09/2026.")
            continue
        if last is None and kind in TERM_ORDER:
            problems.append(f"{where}: a term needs its last day too.")
            continue
        row = Row(number, kind, first, last or first, what)
        if row.last < row.first:
            problems.append(f"{row}: the last day comes before the first.")
        elif kind == CLOSURE and not what:
            problems.append(f"{row}: say why the school is closed (for example INSET day) in the fourth column.")
        elif kind == CLOSURE and (row.last - row.first).days >= LONGEST_CLOSURE_DAYS:
            problems.append(f"{row}: closure days run for a year at most.")
        elif kind == CLOSURE and not weekdays(row.first, row.last):
            problems.append(
                f"{row}: {'that is a weekend' if row.first == row.last else 'no weekday'}: closure days are weekdays."
            )
        else:
            rows.append(row)
    if problems:
        raise CalendarFileError(problems)
    return rows


@dataclass
class WantedTerm:
    """A term as it should be after loading, with the rows that said so (to name in a problem)."""

    term: TermDates
    row: Row
    half_term_row: Row | None = None

    def problems(self, error: ValidationError) -> list[str]:
        """The model's own messages, each named by the row it is about (the half term's row for its dates)."""
        return [
            f"{self.half_term_row if name.startswith('half_term') and self.half_term_row else self.row}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]


def _terms_wanted(rows: list[Row], problems: list[str]) -> dict[tuple[int, str], WantedTerm]:
    """Each term as it should be after loading, by (academic year, term): the file's terms with their half terms,
    and the entered terms the file gives only a half term for."""
    wanted: dict[tuple[int, str], WantedTerm] = {}
    for row in (row for row in rows if row.kind in TERM_ORDER):
        key = (academic_year_start(row.first), row.kind)
        if key in wanted:
            problems.append(f"{row}: the file gives this term twice (row {wanted[key].row.number} too).")
            continue
        wanted[key] = WantedTerm(TermDates(term=row.kind, starts_on=row.first, ends_on=row.last), row)
    for row in (row for row in rows if row.kind == HALF_TERM):
        key = next((key for key, want in wanted.items() if want.term.starts_on <= row.first <= want.term.ends_on), None)
        if key is None:
            entered = TermDates.objects.filter(starts_on__lte=row.first, ends_on__gte=row.first).first()
            if entered is None or (key := (entered.academic_year_start, entered.term)) in wanted:
                problems.append(f"{row}: the half term falls in no term: give the term's dates first.")
                continue
            wanted[key] = WantedTerm(entered, row)
        want = wanted[key]
        if want.half_term_row:
            problems.append(f"{row}: the term has a half term already (row {want.half_term_row.number}).")
            continue
        want.half_term_row = row
        want.term.half_term_starts_on, want.term.half_term_ends_on = row.first, row.last
    return wanted


def _closure_days_wanted(rows: list[Row], problems: list[str]) -> dict[date, tuple[str, Row]]:
    wanted: dict[date, tuple[str, Row]] = {}
    for row in (row for row in rows if row.kind == CLOSURE):
        for day in weekdays(row.first, row.last):
            if day in wanted and wanted[day][0] != row.what:
                problems.append(f"{row}: {when.day(day)} is closed for another reason in row {wanted[day][1].number}.")
            wanted.setdefault(day, (row.what, row))
    return wanted


def _same_dates(a: TermDates, b: TermDates) -> bool:
    fields = ("starts_on", "ends_on", "half_term_starts_on", "half_term_ends_on")
    return all(getattr(a, name) == getattr(b, name) for name in fields)


def load_calendar(text: str) -> Loaded:
    """Load the file's terms, half terms and closure days, all or nothing (CalendarFileError: nothing saved)."""
    try:
        return _load(read_rows(text))
    except CalendarFileError:
        School.forget_loaded()  # what was read while loading is no longer so
        raise


@transaction.atomic
def _load(rows: list[Row]) -> Loaded:
    problems: list[str] = []
    terms = _terms_wanted(rows, problems)
    closures = _closure_days_wanted(rows, problems)
    if problems:
        raise CalendarFileError(problems)
    loaded = Loaded()
    entered = {(term.academic_year_start, term.term): term for term in TermDates.objects.all()}
    changing = []
    for key, want in terms.items():
        before = entered.get(key)
        if before is None:
            changing.append(want)
        elif not _same_dates(before, want.term):
            want.term.pk = before.pk  # kept, so the row keeps its id
            changing.append(want)
    # The terms that change are taken out first, so that each is checked against the year as it will be, not
    # against its own old dates; they go back in date order, the earliest first.
    TermDates.objects.filter(pk__in=[want.term.pk for want in changing if want.term.pk]).delete()
    for want in sorted(changing, key=lambda want: want.term.starts_on):
        term = want.term
        try:
            term.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            problems += want.problems(error)
            continue
        (loaded.terms_changed if term.pk else loaded.terms_added).append(term)
        term.save(force_insert=True)
    stored = {day.date: day for day in ClosureDay.objects.filter(date__in=closures)}
    for day, (reason, row) in sorted(closures.items()):
        closure = stored.get(day) or ClosureDay(date=day)
        if closure.pk and closure.reason == reason:
            continue
        closure.reason = reason
        try:
            closure.full_clean(validate_unique=False)
        except ValidationError as error:
            problems += [f"{row}: {message}" for message in error.messages]
            continue
        closure.save()
        if closure.date in stored:
            loaded.closure_days_changed += 1
        else:
            loaded.closure_days_added += 1
    if problems:
        raise CalendarFileError(problems)  # and the transaction is rolled back
    return loaded


def calendar_as_csv(start_year: int) -> str:
    """The year's terms, half terms and closure days as a file `load_calendar` reads back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for term in TermDates.of_year(start_year):
        writer.writerow([f"{term.term} term", term.starts_on.isoformat(), term.ends_on.isoformat(), ""])
        if term.half_term_starts_on:
            writer.writerow([HALF_TERM, term.half_term_starts_on.isoformat(), term.half_term_ends_on.isoformat(), ""])
    for run in closed_runs(closure_days_of_year(start_year)):
        last = run.last.isoformat() if run.last != run.first else ""
        writer.writerow([CLOSURE, run.first.isoformat(), last, run.reason])
    return out.getvalue()
