"""One timeline per pupil: everything in date order, each kind of thing present, one school term at a time, and a
constant number of queries."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from common.tests.page_queries import queries_after_a_first_request
from contacts.concerns import record_response
from contacts.models import Channel, Concern, Contact, Direction
from contacts.tests.factories import concern_for
from events.models import Event, EventKind, Guest
from library.models import Copy, Item, Loan
from meetings.tests.factories import MeetingFactory, RecordVersionFactory
from notices.tests.test_views import make_message
from overview.timeline import Strand, pupil_timeline, timeline_page
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


def london(*args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def december():
    """Monday 7 December 2026, in the autumn term of 2026/27 (no term dates entered: autumn to 31 December, spring
    from 1 January to Easter Sunday, 28 March 2027). Ask for it before the pupil, whose joining the register is then
    dated today too."""
    with time_machine.travel(london(2026, 12, 7, 10, 0), tick=False):
        yield


def test_the_page_loads_with_the_same_number_of_queries_however_long_the_history(december, client, family, senco):
    client.force_login(senco)
    url = reverse("overview:pupil_timeline", args=[family.pk])
    one_of_everything(family, senco, 1)
    short = queries_after_a_first_request(client, url)
    for n in range(2, 6):
        one_of_everything(family, senco, n)
    for days_ago in (120, 250, 400, 800):  # earlier terms too
        one_of_everything(family, senco, days_ago)
    long = queries_after_a_first_request(client, url)
    page = client.get(url).content.decode()
    assert "Autumn and sleep" not in page and "Autism and sleep 5" in page and "Social stories 5" in page
    assert len(long) == len(short), "\n".join(long)
    # Session, person and two-step device; the pupil; the timeline, in one query; the access-log entry (in a savepoint).
    assert len(long) <= 10 and sum("timeline_kind" in sql for sql in long) == 1, "\n".join(long)


def contact(pupil, senco, happened_at, summary) -> Contact:
    return Contact.objects.create(
        pupil=pupil,
        channel=Channel.PHONE,
        direction=Direction.FROM_FAMILY,
        happened_at=happened_at,
        recorded_by=senco,
        summary=summary,
    )


@pytest.fixture
def four_terms(december, family, senco):
    """Entries on the first and last moments of the autumn term 2026 and on either side of it, and a loan lent on the
    summer term's last day and returned on the autumn's first (a day, not a moment)."""
    contact(family, senco, london(2026, 9, 1, 0, 5), "First day of autumn")
    contact(family, senco, london(2026, 12, 31, 23, 55), "Last day of autumn")
    contact(family, senco, london(2026, 8, 31, 23, 55), "Last day of summer")
    contact(family, senco, london(2027, 1, 1, 0, 5), "First day of spring")
    copy = Copy.objects.create(item=Item.objects.create(title="Social stories"), label="LIB-1")
    parent = family.parent_links.first().parent
    Loan.objects.create(
        copy=copy,
        parent=parent,
        pupil=family,
        lent_on=date(2026, 8, 31),
        due_back_on=date(2026, 9, 14),
        returned_on=date(2026, 9, 1),
        lent_by=senco,
    )
    return family


def titles_in(page) -> list[str]:
    return [entry.detail if entry.strand == Strand.CONTACTS else entry.title for entry in page.entries]


def test_the_page_opens_on_this_term_with_its_first_and_last_days_and_counts_the_others(four_terms, senco):
    page = timeline_page(four_terms, senco)

    assert (page.term.key, page.term.name, page.term.dates) == (
        "2026-autumn",
        "Autumn term 2026/27",
        "1 September to 31 December 2026",
    )
    assert titles_in(page) == [
        "Last day of autumn",
        "Added to the SEND register: SEN support",
        "First day of autumn",
        "Returned: Social stories",
    ]
    assert [(tab.key, tab.count) for tab in page.terms] == [("2026-spring", 1), ("2026-autumn", 4), ("2025-summer", 2)]
    assert (page.earlier.key, page.later.key) == ("2025-summer", "2026-spring")
    earlier = timeline_page(four_terms, senco, term="2025-summer")
    assert titles_in(earlier) == ["Last day of summer", "Borrowed: Social stories"]
    assert (earlier.earlier, earlier.later.key) == (None, "2026-autumn")


def words(response) -> str:
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_a_strand_and_a_term_together_and_each_link_keeps_the_other(four_terms, client, senco):
    client.force_login(senco)
    url = reverse("overview:pupil_timeline", args=[four_terms.pk])
    response = client.get(url, {"term": "2025-summer", "strand": Strand.CONTACTS})
    page = words(response)
    assert "Last day of summer" in page
    assert "Social stories" not in page and "First day of autumn" not in page
    html = response.content.decode()
    assert 'href="?term=2026-autumn&amp;strand=contacts"' in html  # the term's tab, keeping the strand
    assert 'href="?term=2025-summer&amp;strand=library"' in html  # a strand, keeping the term
    assert 'href="?term=2025-summer"' in html  # everything, in the same term
    assert "Later: Autumn term 2026/27" in page and "Earlier:" not in page


@pytest.mark.parametrize(
    "term", ["bogus", "", "2026-winter", "1999-autumn", "2126-autumn", "2026-autumn-1", "२०२६-autumn"]
)
def test_a_term_that_is_not_one_is_ignored(four_terms, client, senco, term):
    client.force_login(senco)
    page = words(client.get(reverse("overview:pupil_timeline", args=[four_terms.pk]), {"term": term}))
    assert "First day of autumn" in page and "Last day of summer" not in page


def test_a_term_with_nothing_says_so_and_links_to_the_nearest_that_has_something(four_terms, client, senco):
    client.force_login(senco)
    response = client.get(reverse("overview:pupil_timeline", args=[four_terms.pk]), {"term": "2025-spring"})
    page = words(response)
    assert "Nothing in this term." in page
    assert "The nearest term with something is Summer term 2025/26 (2 entries)" in page
    assert 'href="?term=2025-summer"' in response.content.decode()


def test_an_empty_current_term_opens_on_the_latest_term_before_it_with_something(four_terms, senco):
    with time_machine.travel(london(2027, 6, 1, 10, 0), tick=False):  # the summer term of 2026/27: nothing yet
        page = timeline_page(four_terms, senco)
        ignored = timeline_page(four_terms, senco, term="2027-nope")
    assert page.term.key == "2026-spring" and titles_in(page) == ["First day of spring"]
    assert page.current.key == "2026-summer" and page.current in page.terms and page.later is None
    assert ignored.term == page.term and titles_in(ignored) == titles_in(page)


def test_a_pupil_with_nothing_this_term_of_a_kind_sees_it_said(december, client, family, senco):
    client.force_login(senco)
    page = words(client.get(reverse("overview:pupil_timeline", args=[family.pk]), {"strand": Strand.EVENTS}))
    assert "Nothing of this kind this term." in page
    assert "Nothing has been recorded of this kind with" in page


def test_a_message_without_a_subject_is_written_by_its_kind_in_one_query_more(december, client, family, senco):
    parent = family.parent_links.first().parent
    meeting = MeetingFactory(pupil=family, led_by=senco, starts_at=at(3))
    make_message(meeting, parent=parent, subject="", recipient_name="", sent_at=at(5))
    client.force_login(senco)
    url = reverse("overview:pupil_timeline", args=[family.pk])
    queries = queries_after_a_first_request(client, url)
    assert len(queries) <= 10 and sum(sql.startswith('SELECT "notices_message"') for sql in queries) == 1
    page = words(client.get(url))
    assert f"Two-week notice sent to {parent.full_name} Meeting on" in page


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
