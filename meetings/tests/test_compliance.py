"""The rules at their edges: year and term boundaries, leap years, what counts, the pace of meetings."""

from datetime import date, timedelta

import pytest

from meetings.compliance import (
    Pace,
    annual_review_due_on,
    annual_review_is_due_soon,
    annual_review_year_began_by,
    counting_types,
    is_short_notice,
    notice_days,
    pace,
    pace_in_database,
    record_due_on,
    terms_expected,
)
from meetings.models import Meeting, MeetingType, MeetingTypeSetting
from pupils.models import Pupil
from school.years import AcademicYear, academic_year_of

# Terms are the school's own dates where it entered them (none here): every test reads the database.
pytestmark = pytest.mark.django_db

Y2026 = AcademicYear(2026)


@pytest.mark.parametrize(
    ("day", "start_year"),
    [(date(2026, 8, 31), 2025), (date(2026, 9, 1), 2026), (date(2027, 1, 1), 2026), (date(2024, 2, 29), 2023)],
)
def test_academic_year_turns_over_on_1_september(day, start_year):
    assert academic_year_of(day).start_year == start_year


def test_academic_year_label_and_bounds():
    assert Y2026.label == "2026/27"
    assert (Y2026.start, Y2026.end) == (date(2026, 9, 1), date(2027, 8, 31))
    assert AcademicYear(2099).label == "2099/00"


def test_terms_cover_the_year_without_gaps_or_overlaps():
    for year in (AcademicYear(y) for y in range(2020, 2035)):
        autumn, spring, summer = year.terms
        assert autumn.start == year.start and summer.end == year.end
        assert (spring.start - autumn.end).days == 1 and (summer.start - spring.end).days == 1


def test_spring_term_ends_on_easter_sunday():
    # Easter 2027 is 28 March; Easter 2028 is 16 April.
    assert Y2026.terms[1].end == date(2027, 3, 28)
    assert AcademicYear(2027).terms[1].end == date(2028, 4, 16)
    assert Y2026.term_of(date(2027, 3, 29)).name == "Summer"


def test_short_notice_is_under_fourteen_days():
    assert notice_days(date(2026, 11, 2), date(2026, 11, 16)) == 14
    assert not is_short_notice(date(2026, 11, 2), date(2026, 11, 16))
    assert is_short_notice(date(2026, 11, 3), date(2026, 11, 16))


def test_record_is_due_two_weeks_after_the_meeting():
    assert record_due_on(date(2026, 12, 20)) == date(2027, 1, 3)


def test_annual_review_falls_due_twelve_months_on_even_from_29_february():
    assert annual_review_due_on(date(2024, 2, 29)) == date(2025, 2, 28)
    assert annual_review_due_on(date(2025, 11, 24)) == date(2026, 11, 24)


def test_annual_review_warning_starts_eight_weeks_ahead():
    today = date(2026, 11, 24)
    assert annual_review_is_due_soon(date(2027, 1, 19), today)  # exactly 8 weeks
    assert not annual_review_is_due_soon(date(2027, 1, 20), today)
    assert annual_review_is_due_soon(date(2026, 1, 1), today)  # overdue


@pytest.mark.parametrize("today", [date(2026, 11, 24), date(2027, 1, 3), date(2028, 1, 3), date(2028, 1, 4)])
def test_the_database_first_filter_for_annual_reviews_keeps_every_one_due_soon_and_little_else(today):
    # 2028-01-03 + 8 weeks is 28 February 2028, 2028-01-04 + 8 weeks is 29 February: plans whose year began on
    # 29 February or the days around it, either side of the edge.
    began_by = annual_review_year_began_by(today)
    days = [today + timedelta(days=offset) for offset in range(-800, 40)]
    due_soon = [began for began in days if annual_review_is_due_soon(annual_review_due_on(began), today)]
    assert all(began <= began_by for began in due_soon)
    assert began_by - max(due_soon) <= timedelta(days=2)  # the database loads at most a day or two more


@pytest.mark.parametrize(
    ("today", "joined", "expected"),
    [
        (date(2026, 9, 1), date(2020, 1, 1), 1),  # first day of the year: autumn's meeting is due
        (date(2027, 1, 1), date(2020, 1, 1), 2),
        (date(2027, 6, 1), date(2020, 1, 1), 3),
        (date(2027, 6, 1), date(2027, 2, 10), 2),  # joined in spring: spring and summer
        (date(2027, 6, 1), date(2027, 5, 1), 1),  # joined in summer
        (date(2028, 1, 1), date(2020, 1, 1), 3),  # a year that is over expects all three
    ],
)
def test_terms_expected_counts_from_the_joining_term(today, joined, expected):
    assert terms_expected(Y2026, joined, today) == expected


def kwargs(**overrides):
    return {"held": 0, "booked_this_term": False, "year": Y2026, "joined_on": date(2020, 1, 1)} | overrides


def test_pace_on_track_when_meetings_keep_up_with_terms():
    assert pace(**kwargs(held=1, today=date(2026, 11, 24))) == Pace.ON_TRACK
    assert pace(**kwargs(held=2, today=date(2027, 1, 5))) == Pace.ON_TRACK


def test_pace_at_risk_when_one_short_but_booked_or_early_in_term():
    assert pace(**kwargs(held=0, booked_this_term=True, today=date(2026, 11, 24))) == Pace.AT_RISK
    assert pace(**kwargs(held=0, today=date(2026, 9, 20))) == Pace.AT_RISK


def test_pace_behind_when_one_short_past_mid_term_with_nothing_booked():
    assert pace(**kwargs(held=0, today=date(2026, 11, 24))) == Pace.BEHIND


def test_pace_behind_when_a_whole_term_is_missed_even_if_booked():
    assert pace(**kwargs(held=0, booked_this_term=True, today=date(2027, 1, 10))) == Pace.BEHIND


def test_mid_year_joiner_is_not_behind_for_terms_before_joining():
    assert pace(**kwargs(held=1, joined_on=date(2027, 2, 1), today=date(2027, 3, 1))) == Pace.ON_TRACK


def test_finished_year_with_two_meetings_is_behind():
    assert pace(**kwargs(held=2, today=date(2027, 9, 10))) == Pace.BEHIND
    assert pace(**kwargs(held=3, today=date(2027, 9, 10))) == Pace.ON_TRACK


def edges_of(year: AcademicYear) -> list[date]:
    """The days either side of every boundary that matters to the pace: terms, their middles, the year."""
    days = []
    for term in year.terms:
        for day in (term.start, term.midpoint, term.end):
            days += [day - timedelta(days=1), day, day + timedelta(days=1)]
    return days


@pytest.mark.django_db
def test_the_database_works_out_the_same_pace_as_the_rule_in_every_case():
    from django.db.models import Value

    from pupils.tests.factories import PupilFactory

    year = Y2026
    joined = [date(2020, 1, 1), *edges_of(year)]
    for day in joined:
        PupilFactory(added_to_register_on=day)
    todays = [year.start - timedelta(days=1), *edges_of(year)[::2], year.end + timedelta(days=1), date(2028, 5, 1)]
    for today in todays:
        for held in range(5):
            for booked in (0, 1):
                rows = Pupil.objects.annotate(h=Value(held), b=Value(booked)).annotate(
                    pace=pace_in_database(year, today, held="h", booked_this_term="b", joined_on="added_to_register_on")
                )
                for added_on, value in rows.values_list("added_to_register_on", "pace"):
                    rule = pace(
                        held=held,
                        booked_this_term=bool(booked),
                        year=year,
                        joined_on=max(added_on, year.start),
                        today=today,
                    )
                    assert value == rule.value, (today, held, booked, added_on)


def change_setting(meeting_type, **fields) -> None:
    """As the school's settings page changes it: saved, so each process's kept copy is read again."""
    setting = MeetingTypeSetting.objects.get(meeting_type=meeting_type)
    for name, value in fields.items():
        setattr(setting, name, value)
    setting.save()


@pytest.mark.django_db
def test_counting_types_follow_the_school_setting():
    assert MeetingType.PARENTS_EVENING in counting_types()
    assert MeetingType.TELEPHONE not in counting_types()
    change_setting(MeetingType.TELEPHONE, counts_towards_three=True)
    change_setting(MeetingType.PARENTS_EVENING, counts_towards_three=False)
    assert MeetingType.TELEPHONE in counting_types()
    assert MeetingType.PARENTS_EVENING not in counting_types()


@pytest.mark.django_db
def test_the_database_counts_the_same_types_as_the_setting():
    from meetings.compliance import counting_type_condition
    from meetings.tests.factories import MeetingFactory

    for kind in MeetingType:
        MeetingFactory(meeting_type=kind)

    def in_database() -> set[str]:
        return set(
            Meeting.objects.filter(counting_type_condition("meeting_type")).values_list("meeting_type", flat=True)
        )

    assert in_database() == set(counting_types())
    change_setting(MeetingType.TELEPHONE, counts_towards_three=True)
    change_setting(MeetingType.PARENTS_EVENING, counts_towards_three=False)
    assert in_database() == set(counting_types())
    MeetingTypeSetting.objects.filter(meeting_type=MeetingType.SEN_REVIEW).delete()  # no setting: the default
    MeetingTypeSetting.objects.filter(meeting_type=MeetingType.INFORMAL).delete()
    assert in_database() == set(counting_types()) and MeetingType.SEN_REVIEW in in_database()
