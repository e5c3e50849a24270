"""The school's academic year and its terms, which every rule about 'this year' and 'this term' counts in.

The academic year runs 1 September to 31 August in three terms. Each term runs on to the day before the next one
starts, so that every day of the year (holidays too) falls in a term: the Christmas holiday counts with the autumn
term. Where the school entered its term dates (`school.models.TermDates`), a term starts on its first day with
pupils; where it did not, the usual English shape is assumed: autumn to 31 December, spring to Easter Sunday,
summer from Easter Monday.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from dateutil.easter import easter


def span(first: date, last: date) -> str:
    """Two dates as the school would write them: '26 to 30 October 2026', '29 March to 9 April 2027',
    '19 December 2026 to 4 January 2027' (one date alone when they are the same day)."""
    if first == last:
        return f"{first:%-d %B %Y}"
    if first.year != last.year:
        return f"{first:%-d %B %Y} to {last:%-d %B %Y}"
    if first.month != last.month:
        return f"{first:%-d %B} to {last:%-d %B %Y}"
    return f"{first:%-d} to {last:%-d %B %Y}"


@dataclass(frozen=True)
class Term:
    name: str
    start: date
    end: date
    # The first and last days with pupils, as the school entered them; the whole span where it did not.
    first_day: date | None = None
    last_day: date | None = None

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def entered(self) -> bool:
        """The school entered this term's dates (rather than the portal assuming them)."""
        return self.first_day is not None

    @property
    def teaching_days(self) -> tuple[date, date]:
        return (self.first_day or self.start, self.last_day or self.end)

    @property
    def dates(self) -> str:
        """'3 September to 18 December 2026': the days with pupils the school entered, or the span assumed."""
        return span(*self.teaching_days)

    @property
    def midpoint(self) -> date:
        first, last = self.teaching_days
        return first + (last - first) / 2


@dataclass(frozen=True)
class AcademicYear:
    start_year: int

    @property
    def start(self) -> date:
        return date(self.start_year, 9, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 8, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @cached_property  # asked for each family on the dashboard; Easter takes working out
    def terms(self) -> tuple[Term, Term, Term]:
        from .models import TermDates  # the years are plain dates; only the school's own dates need the database

        entered = {term.term: term for term in TermDates.of_year(self.start_year)}
        easter_monday = easter(self.start_year + 1) + timedelta(days=1)
        starts = {
            "autumn": self.start,
            "spring": entered["spring"].starts_on if "spring" in entered else date(self.start_year + 1, 1, 1),
            "summer": entered["summer"].starts_on if "summer" in entered else easter_monday,
        }
        ends = {"autumn": starts["spring"] - timedelta(days=1), "spring": starts["summer"] - timedelta(days=1)}
        ends["summer"] = self.end
        return tuple(
            Term(
                name.title(),
                starts[name],
                ends[name],
                entered[name].starts_on if name in entered else None,
                entered[name].ends_on if name in entered else None,
            )
            for name in ("autumn", "spring", "summer")
        )

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def term_of(self, day: date) -> Term:
        for term in self.terms:
            if day in term:
                return term
        raise ValueError(f"{day} is not in the academic year {self.label}")

    def previous(self) -> "AcademicYear":
        return AcademicYear(self.start_year - 1)

    def next(self) -> "AcademicYear":
        return AcademicYear(self.start_year + 1)


def academic_year_of(day: date) -> AcademicYear:
    return AcademicYear(day.year if day.month >= 9 else day.year - 1)
