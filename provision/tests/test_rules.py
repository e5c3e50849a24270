"""The provision map's rules, as a form or the admin would meet them (`full_clean`), in the school's words."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from provision.models import GroupPlace, GroupSession, Measure, MeasureKind, StaffCostBand, Unit
from provision.rules import Stay, busiest_day
from pupils.tests.factories import PupilFactory
from school.models import ClosureDay, TermDates

from .factories import (
    TERM_ENDS,
    TERM_STARTS,
    GroupPlaceFactory,
    InterventionFactory,
    InterventionGroupFactory,
    MeasureFactory,
)


def errors_of(instance) -> str:
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    return " ".join(message for messages in refused.value.message_dict.values() for message in messages)


def test_busiest_day_counts_only_stays_that_overlap():
    d = date(2027, 1, 1)
    stays = [
        Stay(d, d + timedelta(10)),
        Stay(d + timedelta(11), d + timedelta(20)),
        Stay(d + timedelta(5), d + timedelta(12)),
    ]
    assert busiest_day(stays) == (d + timedelta(5), 2)
    assert busiest_day([]) == (None, 0)


@pytest.mark.django_db
class TestGroupSize:
    def test_a_group_full_on_a_day_refuses_one_more(self):
        group = InterventionGroupFactory(intervention=InterventionFactory(group_size=2))
        GroupPlaceFactory.create_batch(2, group=group)
        place = GroupPlace(group=group, pupil=PupilFactory(), joined_on=date(2027, 2, 1))
        message = errors_of(place)
        assert "at most 2 pupils in a group" in message and "would have 3 on 1 February 2027" in message

    def test_a_place_freed_by_a_leaver_can_be_taken_after_they_leave(self):
        group = InterventionGroupFactory(intervention=InterventionFactory(group_size=2))
        GroupPlaceFactory(group=group)
        GroupPlaceFactory(group=group, left_on=date(2027, 1, 29))
        GroupPlace(group=group, pupil=PupilFactory(), joined_on=date(2027, 2, 1)).full_clean()
        early = GroupPlace(group=group, pupil=PupilFactory(), joined_on=date(2027, 1, 25))
        assert "would have 3 on 25 January 2027" in errors_of(early)

    def test_lowering_the_set_size_below_a_group_is_refused(self):
        intervention = InterventionFactory(group_size=4)
        group = InterventionGroupFactory(intervention=intervention, name="Year 3 Mondays")
        GroupPlaceFactory.create_batch(3, group=group)
        intervention.group_size = 2
        assert "Year 3 Mondays has 3 pupils on 4 January 2027" in errors_of(intervention)


@pytest.mark.django_db
class TestPlaces:
    def test_a_pupil_cannot_join_the_same_group_twice_at_once(self):
        place = GroupPlaceFactory(left_on=date(2027, 2, 12))
        again = GroupPlace(group=place.group, pupil=place.pupil, joined_on=date(2027, 2, 8))
        message = errors_of(again)
        assert (
            f"{place.pupil.full_name} already has a place in this group from 4 January 2027 to 12 February" in message
        )
        GroupPlace(group=place.group, pupil=place.pupil, joined_on=date(2027, 2, 15)).full_clean()  # back later: fine

    def test_leaving_before_joining_is_refused(self):
        place = GroupPlaceFactory.build(
            group=InterventionGroupFactory(), pupil=PupilFactory(), left_on=date(2027, 1, 1)
        )
        assert "can't be before the day they joined" in errors_of(place)

    def test_joining_outside_the_groups_dates_is_refused(self):
        place = GroupPlace(group=InterventionGroupFactory(), pupil=PupilFactory(), joined_on=date(2027, 4, 12))
        assert "The group runs from 4 January to 26 March 2027" in errors_of(place)

    def test_a_groups_dates_cannot_leave_out_a_place(self):
        place = GroupPlaceFactory(joined_on=date(2027, 3, 1))
        group = place.group
        group.ends_on = date(2027, 2, 26)
        assert place.pupil.full_name in errors_of(group)

    def test_a_group_cannot_end_before_it_starts(self):
        group = InterventionGroupFactory()
        group.ends_on = group.starts_on - timedelta(days=1)
        assert "The last session can't be before the first" in errors_of(group)


@pytest.mark.django_db
class TestSessions:
    def test_a_session_before_or_after_the_school_day_is_refused(self):
        group = InterventionGroupFactory(sessions=[])
        early = GroupSession(group=group, weekday=0, starts_at=time(7, 30), minutes=30)
        assert "within the school day, 8am to 6pm: this one would run from 7:30am to 8am" in errors_of(early)
        late = GroupSession(group=group, weekday=0, starts_at=time(17, 45), minutes=30)
        assert "from 5:45pm to 6:15pm" in errors_of(late)
        GroupSession(group=group, weekday=0, starts_at=time(15, 30), minutes=60).full_clean()

    def test_a_session_on_a_day_the_school_is_always_closed_is_refused(self):
        ClosureDay.objects.create(date=date(2027, 2, 15), reason="INSET day")
        group = InterventionGroupFactory(starts_on=date(2027, 2, 15), ends_on=date(2027, 2, 19), sessions=[])
        session = GroupSession(group=group, weekday=0, starts_at=time(9, 0), minutes=30)
        assert "The school is closed on every Monday from 15 to 19 February 2027 (INSET day)" in errors_of(session)
        GroupSession(group=group, weekday=1, starts_at=time(9, 0), minutes=30).full_clean()

    def test_a_session_in_half_term_is_refused(self):
        TermDates.objects.create(
            term="spring",
            starts_on=date(2027, 1, 4),
            ends_on=date(2027, 3, 26),
            half_term_starts_on=date(2027, 2, 15),
            half_term_ends_on=date(2027, 2, 19),
        )
        group = InterventionGroupFactory(starts_on=date(2027, 2, 15), ends_on=date(2027, 2, 19), sessions=[])
        assert "half term" in errors_of(GroupSession(group=group, weekday=2, starts_at=time(9, 0), minutes=30)).lower()


@pytest.mark.django_db
class TestMeasures:
    def test_an_exit_score_in_another_unit_is_refused(self):
        entry = MeasureFactory(unit=Unit.READING_AGE_MONTHS)
        exit_ = Measure(place=entry.place, kind=MeasureKind.EXIT, score=20, unit=Unit.WORDS, taken_on=TERM_ENDS)
        assert "The entry score was in reading age in months, the exit score in number of words" in errors_of(exit_)

    def test_other_units_must_be_named_and_match_by_name(self):
        entry = MeasureFactory(unit=Unit.OTHER, unit_label="Sounds known")
        unnamed = Measure(place=entry.place, kind=MeasureKind.EXIT, score=20, unit=Unit.OTHER, taken_on=TERM_ENDS)
        assert "Say what the score counts" in errors_of(unnamed)
        unnamed.unit_label = "Words read a minute"
        assert "same unit" in errors_of(unnamed)
        unnamed.unit_label = "sounds known"
        unnamed.full_clean()

    def test_an_exit_score_cannot_come_before_the_entry(self):
        entry = MeasureFactory(taken_on=date(2027, 1, 10))
        exit_ = Measure(place=entry.place, kind=MeasureKind.EXIT, score=90, unit=entry.unit, taken_on=date(2027, 1, 5))
        assert "can't be taken before the entry score" in errors_of(exit_)


@pytest.mark.django_db
def test_costs_cannot_be_negative():
    assert "can't be less than £0" in errors_of(StaffCostBand(name="TA", hourly_rate=Decimal("-1")))
    intervention = InterventionFactory.build(cost_band=StaffCostBand.objects.create(name="TA", hourly_rate=18))
    intervention.resource_cost_per_term = Decimal("-5")
    assert "can't be less than £0" in errors_of(intervention)


def test_the_factory_term_is_twelve_weeks():
    assert (TERM_ENDS - TERM_STARTS).days == 81


@pytest.mark.django_db
def test_a_groups_sessions_in_words_for_a_plan():
    same = InterventionGroupFactory(sessions=[(3, time(9, 10), 30), (0, time(9, 10), 30)])
    assert same.when == "Mondays and Thursdays, 9:10am to 9:40am" and same.sessions_a_week == 2
    different = InterventionGroupFactory(sessions=[(0, time(9, 10), 30), (3, time(13, 30), 20)])
    assert different.when == "Mondays 9:10am to 9:40am and Thursdays 1:30pm to 1:50pm"
    assert different.minutes_a_week == 50
