from datetime import date, time
from decimal import Decimal

import factory

from provision.models import (
    GroupPlace,
    GroupSession,
    Intervention,
    InterventionGroup,
    InterventionKind,
    Measure,
    MeasureKind,
    StaffCostBand,
    Unit,
    Wave,
)
from pupils.tests.factories import PupilFactory

# A spring term of weekdays (no term dates entered in the tests: every weekday is a school day unless closed).
TERM_STARTS, TERM_ENDS = date(2027, 1, 4), date(2027, 3, 26)  # 12 weeks, Monday to Friday


class StaffCostBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffCostBand
        django_get_or_create = ("name",)

    name = "Teaching assistant"
    hourly_rate = Decimal("18.00")


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    name = factory.Sequence(lambda n: f"Reading catch-up {n}")
    kind = InterventionKind.READING
    wave = Wave.SMALL_GROUP
    needs = factory.LazyFunction(lambda: ["SPLD", "MLD"])
    cost_band = factory.SubFactory(StaffCostBandFactory)
    resource_cost_per_term = Decimal("60.00")
    group_size = 6


class InterventionGroupFactory(factory.django.DjangoModelFactory):
    """A group with one 30-minute session on Mondays at 9:10 (`sessions=[(weekday, time, minutes), ...]` for others)."""

    class Meta:
        model = InterventionGroup
        skip_postgeneration_save = True

    intervention = factory.SubFactory(InterventionFactory)
    name = "Year 5, Mondays"
    room = "Library"
    starts_on = TERM_STARTS
    ends_on = TERM_ENDS

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        for weekday, starts_at, minutes in extracted if extracted is not None else [(0, time(9, 10), 30)]:
            GroupSession.objects.create(group=self, weekday=weekday, starts_at=starts_at, minutes=minutes)


class GroupPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupPlace

    group = factory.SubFactory(InterventionGroupFactory)
    pupil = factory.SubFactory(PupilFactory)
    joined_on = factory.LazyAttribute(lambda place: place.group.starts_on)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    place = factory.SubFactory(GroupPlaceFactory)
    kind = MeasureKind.ENTRY
    score = Decimal("84")
    unit = Unit.READING_AGE_MONTHS
    taken_on = factory.LazyAttribute(lambda measure: measure.place.joined_on)


def measured(place, entry, exit_, unit=Unit.READING_AGE_MONTHS, **fields):
    """Entry and exit scores for a place, at its start and its group's end."""
    MeasureFactory(place=place, kind=MeasureKind.ENTRY, score=Decimal(entry), unit=unit, **fields)
    MeasureFactory(
        place=place, kind=MeasureKind.EXIT, score=Decimal(exit_), unit=unit, taken_on=place.group.ends_on, **fields
    )
    return place
