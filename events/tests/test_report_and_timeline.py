"""Which times of day bring most parents, and the events a child's family came to (for the pupil's timeline)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from events.reports import band_of, times_of_day
from events.tests.factories import EventFactory, GuestFactory
from events.timeline import attended_events
from pupils.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


def local(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    # November 2026: the 2nd is a Monday.
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour, minute))


def held(day, hour, minute=0, *, invited=0, came=0, walk_ins=0, **fields):
    """An event with `invited` guests invited, the first `came` of whom came, and walk-ins who came uninvited."""
    event = EventFactory(
        starts_at=local(day, hour, minute), ends_at=local(day, hour, minute) + datetime.timedelta(hours=1), **fields
    )
    for n in range(invited):
        GuestFactory(event=event, attended=n < came)
    for _ in range(walk_ins):
        GuestFactory(event=event, invited_at=None, attended=True)
    return event


@pytest.mark.parametrize(
    "hour, minute, band",
    [
        (8, 45, "Morning (before 12:00)"),
        (11, 59, "Morning (before 12:00)"),
        (12, 0, "Early afternoon (12:00 to 15:00)"),
        (14, 59, "Early afternoon (12:00 to 15:00)"),
        (15, 0, "After school (15:00 to 17:30)"),
        (17, 29, "After school (15:00 to 17:30)"),
        (17, 30, "Evening (17:30 on)"),
        (20, 0, "Evening (17:30 on)"),
    ],
)
def test_times_of_day_are_banded_by_the_school_clock(hour, minute, band):
    assert band_of(local(20, hour, minute)) == band


def test_band_uses_local_time_in_summer():
    summer = timezone.make_aware(datetime.datetime(2026, 6, 10, 12, 30))  # 11:30 UTC
    assert band_of(summer) == "Early afternoon (12:00 to 15:00)"


def test_report_counts_events_invited_and_who_came_per_time_of_day():
    held(2, 9, invited=10, came=3)
    held(3, 9, 30, invited=10, came=5, walk_ins=1)
    held(4, 18, invited=8, came=6)
    held(5, 18, invited=4, came=4, cancelled_at=local(1, 9))  # cancelled: left out
    held(30, 15, 30, invited=5)  # still to come (after "now"): left out
    rows = times_of_day(Event.objects.all(), now=local(20, 12))
    table = {row.name: (row.events, row.invited, row.came, row.share) for row in rows}
    assert table == {
        "Morning (before 12:00)": (2, 20, 9, 0.4),
        "Early afternoon (12:00 to 15:00)": (0, 0, 0, None),
        "After school (15:00 to 17:30)": (0, 0, 0, None),
        "Evening (17:30 on)": (1, 8, 6, 0.75),
    }


def test_report_splits_a_time_of_day_by_weekday():
    held(2, 9, invited=2, came=2)  # Monday
    held(9, 9, invited=2, came=0)  # Monday
    held(4, 10, invited=4, came=1)  # Wednesday
    [morning, *_] = times_of_day(Event.objects.all(), now=local(20, 12), by_weekday=True)
    assert {day: (row.events, row.came) for day, row in morning.weekdays.items()} == {
        "Monday": (2, 2),
        "Wednesday": (1, 1),
    }
    assert list(morning.weekdays) == ["Monday", "Wednesday"]


def test_report_page_shows_the_numbers_and_the_best_time(client, senco):
    now = timezone.localtime()
    day = now - datetime.timedelta(days=7)
    morning = day.replace(hour=9, minute=0, second=0, microsecond=0)
    evening = day.replace(hour=18, minute=0, second=0, microsecond=0)
    for starts, came in ((morning, 1), (evening, 3)):
        event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
        for n in range(4):
            GuestFactory(event=event, attended=n < came)
    client.force_login(senco)
    page = client.get(reverse("events:times_report")).content.decode()
    assert "Most parents came, per event, in the <strong>evening (17:30 on)</strong>" in page
    assert "75%" in page and "25%" in page
    weekday = morning.strftime("%A")
    assert weekday in client.get(reverse("events:times_report") + "?weekday=1").content.decode()


def test_timeline_lists_events_the_family_came_to_in_two_queries():
    amelia, ben, other = PupilFactory(), PupilFactory(), PupilFactory()
    came = GuestFactory(event=held(2, 9), attended=True, children=[amelia, ben])
    GuestFactory(event=held(3, 9), attended=False, children=[amelia])
    GuestFactory(event=held(4, 9), attended=None, children=[amelia])
    GuestFactory(event=held(5, 9, cancelled_at=local(1, 9)), attended=True, children=[amelia])
    GuestFactory(event=held(6, 9), attended=True, children=[other])
    with CaptureQueriesContext(connection) as queries:
        rows = list(attended_events([amelia.pk, ben.pk]))
        names = [(row.event.topic, row.parent.full_name, {child.pk for child in row.children.all()}) for row in rows]
    assert rows == [came]
    assert names == [(came.event.topic, came.parent.full_name, {amelia.pk, ben.pk})]
    assert len(queries) == 2
