"""The school's academic year and its terms, which every rule about 'this year' and 'this term' counts in.

The academic year runs 1 September to 31 August in three terms. Term dates differ between schools; these
are the usual English shape: autumn to 31 December, spring to Easter Sunday, summer from Easter Monday.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from dateutil.easter import easter


@dataclass(frozen=True)
class Term:
    name: str
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def midpoint(self) -> date:
        return self.start + (self.end - self.start) / 2


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
        easter_sunday = easter(self.start_year + 1)
        return (
            Term("Autumn", self.start, date(self.start_year, 12, 31)),
            Term("Spring", date(self.start_year + 1, 1, 1), easter_sunday),
            Term("Summer", easter_sunday + timedelta(days=1), self.end),
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
