import datetime

import factory

from accounts.models import Role
from accounts.tests.factories import UserFactory
from events.models import Event, EventKind, Guest
from meetings.tests.factories import weekday_from_today
from pupils.tests.factories import ParentCarerFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A coffee morning for every SEND family, ten school days or so from today at 09:00."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.COFFEE_MORNING
    topic = "Getting ready for secondary school"
    starts_at = factory.LazyFunction(lambda: weekday_from_today(14, 9, 0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1, minutes=30))
    venue = "The library, ground floor"
    created_by = factory.SubFactory(UserFactory, role=Role.SENCO, email="events.senco@school.example")

    @factory.post_generation
    def chosen_pupils(self, create, pupils, **kwargs):
        if create and pupils:
            self.chosen_pupils.set(pupils)


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guest
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    parent = factory.SubFactory(ParentCarerFactory)
    invited_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))

    @factory.post_generation
    def children(self, create, pupils, **kwargs):
        if create and pupils:
            self.children.set(pupils)
