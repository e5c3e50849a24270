"""When a pupil is past compulsory school age: the day decision rights move from the parents to the young person.

The rule the school follows: compulsory school age ends at the end of the academic year (1 September to
31 August) in which the pupil turns 16, so from the 1 September after it the pupil is a young person. A pupil
whose 16th birthday is on 31 August is past it the next day; one born a day later, a year later.

`compulsory_school_age_ends` is the rule; `is_past_compulsory_school_age` asks it for one pupil, and
`past_compulsory_school_age_if_born_by` turns it round into a date of birth, so that a queryset can ask it of
every pupil in one filter (`date_of_birth__lte=...`).
"""

from datetime import date

from meetings.compliance import academic_year_of

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
