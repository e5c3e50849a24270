"""One timeline per pupil: everything in date order, each kind of thing present, and a constant number of queries."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.concerns import record_response
from contacts.models import Channel, Concern, Contact, Direction
from contacts.tests.factories import concern_for
from events.models import Event, EventKind, Guest
from library.models import Copy, Item, Loan
from meetings.tests.factories import MeetingFactory, RecordVersionFactory
from notices.tests.test_views import make_message
from overview.timeline import Strand, pupil_timeline
from pupils.models import SenStatus
from pupils.tests.factories import ParentCarerFactory, PupilParentFactory


def at(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def one_of_everything(pupil, senco, n: int) -> None:
    """A meeting with a shared record and a notice, a positive call, an answered concern, an event the parent came
    to, and a returned loan: `n` makes each one distinct."""
    parent = pupil.parent_links.first().parent
    meeting = MeetingFactory(pupil=pupil, led_by=senco, starts_at=at(60 - n), held=True)
    RecordVersionFactory(record__meeting=meeting, shared=True)
    make_message(meeting, parent=parent, subject=f"Meeting about {pupil.first_name} ({n})", sent_at=at(70 - n))
    Contact.objects.create(
        pupil=pupil,
        parent=parent,
        channel=Channel.PHONE,
        direction=Direction.TO_FAMILY,
        happened_at=at(20 - n),
        recorded_by=senco,
        summary=f"Good news call {n}",
        is_positive_news=True,
    )
    concern = concern_for(pupil, recorded_by=senco, assigned_to=senco, happened_at=at(10 - n))
    record_response(concern, f"Answered concern {n}", by=senco)
    event = Event.objects.create(
        kind=EventKind.COFFEE_MORNING,
        topic=f"Autism and sleep {n}",
        starts_at=at(30 - n, 9),
        ends_at=at(30 - n, 11),
        venue="The library",
        created_by=senco,
    )
    guest = Guest.objects.create(event=event, parent=parent, attended=True)
    guest.children.add(pupil)
    copy = Copy.objects.create(item=Item.objects.create(title=f"Social stories {n}"), label=f"LIB-{pupil.pk}-{n}")
    Loan.objects.create(
        copy=copy,
        parent=parent,
        pupil=pupil,
        lent_on=at(40 - n).date(),
        due_back_on=at(12 - n).date(),
        returned_on=at(12 - n).date(),
        lent_by=senco,
    )


@pytest.fixture
def family(pupil_a):
    parent = ParentCarerFactory(first_name="Alice", last_name="Ashworth", email="alice@home.example")
    PupilParentFactory(pupil=pupil_a, parent=parent)
    return pupil_a


def test_the_timeline_holds_every_kind_of_thing_newest_first(family, senco):
    one_of_everything(family, senco, 1)
    family.sen_status = SenStatus.EHC_PLAN
    family.save()

    entries = pupil_timeline(family, senco)

    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    assert {e.strand for e in entries} == set(Strand.LABELS)
    titles = [e.title for e in entries]
    assert "Response to the concern" in titles
    assert "Alice Ashworth came to coffee morning: Autism and sleep 1" in titles
    assert "Borrowed: Social stories 1" in titles and "Returned: Social stories 1" in titles
    assert "Record shared with the family (version 1)" in titles
    assert any(t.startswith("Two-week notice sent to") for t in titles)
    assert "SEN status: SEN support → EHC plan" in titles
    assert any(e.flag == "Positive news" and e.detail == "Good news call 1" for e in entries)
    assert any(e.flag == "Concern raised" for e in entries)


def test_a_strand_narrows_the_timeline(family, senco):
    one_of_everything(family, senco, 1)
    entries = pupil_timeline(family, senco, Strand.CONTACTS)
    assert entries and {e.strand for e in entries} == {Strand.CONTACTS}


def test_the_page_loads_with_the_same_number_of_queries_however_long_the_history(client, family, senco):
    client.force_login(senco)
    url = reverse("overview:pupil_timeline", args=[family.pk])
    one_of_everything(family, senco, 1)
    with CaptureQueriesContext(connection) as short:
        assert client.get(url).status_code == 200
    for n in range(2, 6):
        one_of_everything(family, senco, n)
    with CaptureQueriesContext(connection) as long:
        page = client.get(url).content.decode()
    assert "Autism and sleep 5" in page and "Social stories 5" in page
    assert len(long) == len(short), "\n".join(q["sql"] for q in long.captured_queries)


def test_another_familys_events_and_messages_stay_off_the_timeline(family, senco, pupil_b):
    stranger = ParentCarerFactory(first_name="Bob", last_name="Barker")
    PupilParentFactory(pupil=pupil_b, parent=stranger)
    one_of_everything(pupil_b, senco, 1)
    # The stranger also came to an event with family A's parent; only A's own parent's attendance shows for A.
    event = Event.objects.get()
    guest = Guest.objects.create(event=event, parent=family.parent_links.first().parent, attended=False)
    guest.children.add(family)

    titles = [e.title for e in pupil_timeline(family, senco)]

    assert not any("Barker" in t or "Social stories" in t or "Autism and sleep" in t for t in titles)


def test_teachers_see_the_timeline_of_their_own_pupils_only(client, family, teacher, other_teacher, office):
    url = reverse("overview:pupil_timeline", args=[family.pk])
    client.force_login(teacher)
    assert client.get(url).status_code == 200
    client.force_login(other_teacher)
    assert client.get(url).status_code == 404
    client.force_login(office)
    assert client.get(url).status_code == 403


def test_removal_from_the_register_shows_with_its_reason(family, senco):
    family.removed_from_register_on = date.today()
    family.removal_reason = "Needs now met in class"
    family.save()
    entries = pupil_timeline(family, senco, Strand.REGISTER)
    assert [e.title for e in entries][:1] == ["Removed from the SEND register"]
    assert entries[0].detail == "Needs now met in class"


def test_an_open_concern_says_when_the_response_is_due_and_who_gives_it(family, senco, teacher):
    concern_for(family, recorded_by=senco, assigned_to=teacher, happened_at=timezone.now() - timedelta(hours=1))
    entry = pupil_timeline(family, senco, Strand.CONTACTS)[0]
    assert entry.flag == "Concern raised"
    assert entry.who.endswith(f"response due {Concern.objects.get().due_in_words} (Tia Teacher)")


def test_each_entry_gives_a_valid_machine_readable_time_to_the_second(client, family, senco):
    # Times written by the system carry microseconds, which HTML's datetime attribute does not allow.
    Contact.objects.create(
        pupil=family,
        channel=Channel.PHONE,
        direction=Direction.TO_FAMILY,
        happened_at=at(3).replace(minute=5, second=9, microsecond=123456),
        recorded_by=senco,
        summary="Good news call",
        is_positive_news=True,
    )
    client.force_login(senco)
    page = client.get(reverse("overview:pupil_timeline", args=[family.pk])).content.decode()
    expected = timezone.localtime(at(3).replace(minute=5, second=9)).strftime("%Y-%m-%dT%H:%M:%S%z")
    assert f'datetime="{expected}"' in page and "123456" not in page
