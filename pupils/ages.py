"""When a pupil is past compulsory school age: the day decision rights move from the parents to the young person.

The rule the school follows: compulsory school age ends at the end of the academic year (1 September to
31 August) in which the pupil turns 16, so from the 1 September after it the pupil is a young person. A pupil
whose 16th birthday is on 31 August is past it the next day; one born a day later, a year later.

`compulsory_school_age_ends` is the rule; `is_past_compulsory_school_age` asks it for one pupil, and
`past_compulsory_school_age_if_born_by` turns it round into a date of birth, so that a queryset can ask it of
every pupil in one filter (`date_of_birth__lte=...`).
"""

from datetime import date

from school.years import academic_year_of

COMPULSORY_SCHOOL_AGE_ENDS_AT = 16  # the birthday whose academic year ends compulsory school age


def compulsory_school_age_ends(date_of_birth: date) -> date:
    """The last day of compulsory school age: 31 August of the academic year in which the pupil turns 16.

    A pupil born in the academic year ending 31 August Y turns 16 in the academic year ending 31 August Y + 16,
    so there is no birthday arithmetic (and no 29 February to worry about).
    """
    born_in = academic_year_of(date_of_birth)
    return born_in.end.replace(year=born_in.end.year + COMPULSORY_SCHOOL_AGE_ENDS_AT)


def is_past_compulsory_school_age(date_of_birth: date, today: date) -> bool:
    return today > compulsory_school_age_ends(date_of_birth)


def past_compulsory_school_age_if_born_by(today: date) -> date:
    """The latest date of birth of a pupil who is past compulsory school age on `today`.

    The last academic year to have ended is the one ending on the most recent 31 August before today; a pupil
    is past compulsory school age if they turned 16 in it or earlier, that is if they were born on or before
    the 31 August sixteen years before it.
    """
    last_ended = academic_year_of(today).previous().end
    return last_ended.replace(year=last_ended.year - COMPULSORY_SCHOOL_AGE_ENDS_AT)


# --- Plausible ages on the register ---------------------------------------------------------------

YOUNGEST_ON_REGISTER = 2  # Nursery 1 takes two-year-olds
OLDEST_ON_REGISTER = 25  # the SEND code of practice covers young people up to 25
YEAR_GROUP_LEEWAY = 2  # a pupil taught out of their year group (held back, summer-born, moved up) is rarely further


def expected_year_group(date_of_birth: date, on: date) -> int:
    """The year group a pupil born on `date_of_birth` is in on `on`, going by age alone.

    Year N takes the pupils born in the academic year (1 September to 31 August) that began N + 5 years before the
    current one: Reception (0) is aged 4 on 31 August before it starts, Year 1 aged 5, Nursery 1 (-2) aged 2. The
    same count as `compulsory_school_age_ends` (Year 11 is the year in which a pupil turns 16).
    """
    return academic_year_of(on).start_year - academic_year_of(date_of_birth).start_year - 5


def born_in_year_group(year_group: int, on: date) -> tuple[date, date]:
    """The first and last dates of birth of the pupils whose age puts them in `year_group` on `on`."""
    born_in = academic_year_of(on).start_year - year_group - 5
    return date(born_in, 9, 1), date(born_in + 1, 8, 31)


def year_group_fits_age(year_group: int, date_of_birth: date, on: date) -> bool:
    """Whether `year_group` is within YEAR_GROUP_LEEWAY of the pupil's age on `on`. Past Year 11 there is no upper
    age: a young person with an EHC plan may stay in Year 12, 13 or 14 until 25."""
    expected = expected_year_group(date_of_birth, on)
    if year_group >= 12:
        return expected >= year_group - YEAR_GROUP_LEEWAY
    return abs(year_group - expected) <= YEAR_GROUP_LEEWAY


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years of age on `day` (a 29 February birthday counts from 1 March in other years)."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
