import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.tests.page_queries import own_queries
from meetings.compliance import Pace
from meetings.models import Meeting, MeetingStatus, MeetingType
from pupils.models import Pupil
from pupils.tests.factories import PupilFactory
from school.models import TermDates
from school.years import academic_year_of

from .factories import ActionPointFactory, MeetingFactory, RecordVersionFactory, days_from_today, local_datetime

DASHBOARD = reverse("meetings:dashboard")
TO_BOOK, OVERDUE, WAITING = (reverse(f"meetings:dashboard_{name}") for name in ("to_book", "overdue", "waiting"))
FETCHED = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}  # as the dashboard's script asks for its side blocks
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def senco_client(client, senco):
    client.force_login(senco)
    return client


def rows_by_pupil(response):
    return {row.pupil.legal_last_name: row for row in response.context["page_obj"]}


def test_dashboard_counts_held_meetings_and_shows_next_booked(senco_client):
    pupil = PupilFactory(legal_last_name="Kaur", added_to_register_on=datetime.date(2020, 1, 1))
    MeetingFactory(pupil=pupil, held=True, starts_at=days_from_today(-10))
    MeetingFactory(pupil=pupil, meeting_type=MeetingType.TELEPHONE, held=True, starts_at=days_from_today(-9))
    MeetingFactory(pupil=pupil, cancelled=True, starts_at=days_from_today(-8))
    booked = MeetingFactory(pupil=pupil, starts_at=days_from_today(40))
    PupilFactory(legal_last_name="Monitoring", sen_status="M", primary_need="")
    rows = rows_by_pupil(senco_client.get(DASHBOARD))
    assert set(rows) == {"Kaur"}  # monitoring pupils are not part of the duty
    assert rows["Kaur"].held == 1 and rows["Kaur"].next_booked == booked.starts_at


def test_the_term_shows_its_entered_dates_or_says_they_are_assumed(client, senco):
    with time_machine.travel(datetime.datetime(2027, 2, 3, 10, 0, tzinfo=LONDON), tick=False):
        client.force_login(senco)  # signed in on the day, so the session has not expired
        page = client.get(DASHBOARD).content.decode()
        assert "We are in the <strong>spring term</strong>, <span data-term-dates>assumed to be 1 January to " in page
        assert (
            '28 March 2027 until the school enters its term dates in the <a href="/school/calendar/?year=2026">' in page
        )
        TermDates.objects.create(term="spring", starts_on=datetime.date(2027, 1, 5), ends_on=datetime.date(2027, 3, 25))
        page = client.get(DASHBOARD).content.decode()
        assert "spring term</strong>, <span data-term-dates>5 January to 25 March 2027</span>." in page


def test_dashboard_filters_by_pace(senco_client):
    today = timezone.localdate()
    term = academic_year_of(today).term_of(today)
    met = PupilFactory(legal_last_name="Met", added_to_register_on=datetime.date(2020, 1, 1))
    MeetingFactory(pupil=met, held=True, starts_at=local_datetime(term.start + datetime.timedelta(days=1), 9))
    PupilFactory(legal_last_name="Unmet", added_to_register_on=datetime.date(2020, 1, 1))
    on_track = senco_client.get(DASHBOARD, {"pace": Pace.ON_TRACK.value})
    assert set(rows_by_pupil(on_track)) == {"Met"}
    counts = dict(senco_client.get(DASHBOARD).context["paces"])
    assert counts[Pace.ON_TRACK] == 1 and counts[Pace.ON_TRACK] + counts[Pace.AT_RISK] + counts[Pace.BEHIND] == 2


def test_past_year_on_request(senco_client):
    pupil = PupilFactory(legal_last_name="Last", added_to_register_on=datetime.date(2020, 1, 1))
    this_year = academic_year_of(timezone.localdate())
    last_year = this_year.previous()
    for month in (10, 2, 6):
        year = last_year.start_year + (0 if month >= 9 else 1)
        MeetingFactory(pupil=pupil, held=True, starts_at=local_datetime(datetime.date(year, month, 10), 10))
    response = senco_client.get(DASHBOARD, {"year": last_year.start_year})
    row = rows_by_pupil(response)["Last"]
    assert row.held == 3 and row.pace == Pace.ON_TRACK
    assert response.context["year"] == last_year


def test_overdue_records_actions_and_annual_reviews_are_listed(senco_client, senco):
    pupil = PupilFactory(legal_last_name="Ehc", sen_status="E", primary_need="ASD")
    late = MeetingFactory(pupil=pupil, held=True, starts_at=days_from_today(-15))
    on_time = MeetingFactory(pupil=pupil, held=True, starts_at=days_from_today(-14))
    shared = MeetingFactory(pupil=pupil, held=True, starts_at=days_from_today(-40))
    RecordVersionFactory(record__meeting=shared, shared=True)
    overdue_action = ActionPointFactory(meeting=late, due_on=timezone.localdate() - datetime.timedelta(days=1))
    ActionPointFactory(meeting=late, due_on=timezone.localdate())
    last_review = timezone.localdate() - datetime.timedelta(days=365 - 20)
    annual = MeetingFactory(
        pupil=pupil,
        meeting_type=MeetingType.ANNUAL_REVIEW,
        status=MeetingStatus.HELD,
        starts_at=local_datetime(last_review, 10),
    )
    RecordVersionFactory(record__meeting=annual, shared=True)
    context = senco_client.get(OVERDUE, **FETCHED).context
    assert list(context["overdue_records"]) == [late]
    assert on_time not in context["overdue_records"]
    assert list(context["overdue_actions"]) == [overdue_action]
    [review] = context["annual_reviews"]
    assert review.pupil == pupil and not review.is_overdue


def build_families(count: int, staff) -> None:
    for pupil in PupilFactory.create_batch(count, key_worker=staff):
        MeetingFactory(pupil=pupil, held=True, starts_at=days_from_today(-5), led_by=staff)
        MeetingFactory(pupil=pupil, starts_at=days_from_today(10), led_by=staff)
        ActionPointFactory(meeting__pupil=pupil, due_on=timezone.localdate() - datetime.timedelta(days=2))


# Beyond what any signed-in page costs (common/tests/page_queries.py), each of the dashboard's own requests: the
# page, the families' counts and page (1); its side blocks, fetched after it: the first few not met this term and
# how many (1) and the replies (1); overdue records, actions and annual reviews (3); the waiting blocks' counts (1)
# and this term's concerns (1). (The term dates and the school's closures are kept by the process after its first
# request.)
OWN_QUERIES = {DASHBOARD: 1, TO_BOOK: 2, OVERDUE: 3, WAITING: 2}


def dashboard_queries(client) -> dict[str, int]:
    """Each of the dashboard's requests' queries, counted after the process's first request, which reads the
    school's settings and keeps them."""
    counts = {}
    for path in OWN_QUERIES:
        client.get(path, **FETCHED)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, **FETCHED).status_code == 200
        counts[path] = len(queries)
    return counts


def test_dashboard_query_count_does_not_grow_with_the_register(senco_client, senco):
    build_families(5, senco)
    few = {path: own_queries(senco_client, path) for path in OWN_QUERIES}
    build_families(60, senco)
    many = {path: own_queries(senco_client, path) for path in OWN_QUERIES}
    assert few == many == OWN_QUERIES


def bulk_families(count: int, staff, offset: int) -> None:
    pupils = Pupil.objects.bulk_create(
        PupilFactory.build(upn=None, legal_last_name=f"Bulk{offset + n:05d}", key_worker=staff) for n in range(count)
    )
    Meeting.objects.bulk_create(
        MeetingFactory.build(pupil=pupil, led_by=staff, created_by=staff, held=True, starts_at=days_from_today(-3))
        for pupil in pupils
    )


def test_dashboard_query_count_is_the_same_with_2000_families(senco_client, senco):
    bulk_families(20, senco, 0)
    with_20 = dashboard_queries(senco_client)
    bulk_families(1980, senco, 20)
    assert dashboard_queries(senco_client) == with_20
    assert senco_client.get(DASHBOARD).context["total"] == 2000


def test_dashboard_finds_a_family_by_name(senco_client):
    PupilFactory(legal_first_name="Priya", legal_last_name="Shah")
    PupilFactory(legal_first_name="Tom", legal_last_name="Reid")
    assert set(rows_by_pupil(senco_client.get(DASHBOARD, {"q": "priya"}))) == {"Shah"}


def test_dashboard_shows_the_first_eight_annual_reviews_due_and_links_to_them_all(senco_client):
    joined = timezone.localdate() - datetime.timedelta(days=400)  # no review yet: a year from joining, overdue
    for n in range(10):
        PupilFactory(legal_last_name=f"Plan{n:02d}", sen_status="E", primary_need="ASD", added_to_register_on=joined)
    response = senco_client.get(OVERDUE, **FETCHED)
    assert len(response.context["annual_reviews"]) == 8
    page = response.content.decode()
    assert "EHC plan annual reviews due (10)" in page and "All 10 annual reviews due" in page
    everything = senco_client.get(reverse("meetings:annual_reviews_due")).content.decode()
    assert all(f"Plan{n:02d}" in everything for n in range(10))
    assert everything.count("overdue since") == 10


def test_an_annual_review_is_listed_from_exactly_eight_weeks_before_it_is_due(senco_client):
    today = timezone.localdate()
    for name, weeks_ahead in (("Due", 8), ("Later", 8 + 1 / 7)):
        # the last review was 12 months before the due date
        due_on = today + datetime.timedelta(weeks=weeks_ahead)
        pupil = PupilFactory(legal_last_name=name, sen_status="E", primary_need="ASD")
        last_review = due_on - relativedelta(months=12)
        MeetingFactory(
            pupil=pupil,
            meeting_type=MeetingType.ANNUAL_REVIEW,
            status=MeetingStatus.HELD,
            starts_at=local_datetime(last_review, 10),
        )
    reviews = senco_client.get(OVERDUE, **FETCHED).context["annual_reviews"]
    assert [review.pupil.legal_last_name for review in reviews] == ["Due"]


def test_dashboard_pages_families_by_name_and_counts_them_all(senco_client):
    today = timezone.localdate()
    term = academic_year_of(today).term_of(today)  # everyone joined this term: this term's meeting is all that is due
    for n in range(55):
        PupilFactory(legal_last_name=f"Family{n:02d}", added_to_register_on=term.start)
    met = PupilFactory(legal_last_name="Family99", added_to_register_on=term.start)
    MeetingFactory(pupil=met, held=True, starts_at=local_datetime(term.start, 9))
    first, second = senco_client.get(DASHBOARD), senco_client.get(DASHBOARD, {"page": 2})
    assert list(rows_by_pupil(first)) == [f"Family{n:02d}" for n in range(50)]
    assert list(rows_by_pupil(second)) == [*(f"Family{n:02d}" for n in range(50, 55)), "Family99"]
    assert rows_by_pupil(second)["Family99"].held == 1
    assert "56 of 56 families" in second.content.decode()
    on_track = senco_client.get(DASHBOARD, {"pace": Pace.ON_TRACK.value})
    assert list(rows_by_pupil(on_track)) == ["Family99"]
    assert "On track: 1 of 56 families" in on_track.content.decode()
    to_book = senco_client.get(TO_BOOK, **FETCHED)
    assert to_book.context["not_booked_count"] == 55 and len(to_book.context["not_booked_this_term"]) == 15
    assert f'<a href="{DASHBOARD}?pace=behind">See all behind</a>' in to_book.content.decode()


def test_the_side_blocks_come_after_the_page_and_each_opens_on_a_page_of_its_own(senco_client):
    PupilFactory(legal_first_name="Ada", legal_last_name="Lowe")
    page = senco_client.get(DASHBOARD).content.decode()
    # Placeholders the script fills, each a link to its block for a browser with no script.
    for path in (TO_BOOK, OVERDUE, WAITING):
        assert f'data-load="{path}"' in page and f'<a href="{path}">Open on a page of its own</a>' in page
    assert "No meeting this term yet" not in page
    fetched = senco_client.get(TO_BOOK, **FETCHED)
    assert "No meeting this term yet (1)" in fetched.content.decode() and "<html" not in fetched.content.decode()
    assert "X-Requested-With" in fetched["Vary"]
    alone = senco_client.get(TO_BOOK).content.decode()
    assert "<title>Families to book, and their replies" in alone and "No meeting this term yet (1)" in alone
    assert f'<a href="{DASHBOARD}">Back to the dashboard</a>' in alone


def test_a_past_year_leaves_out_this_terms_block(senco_client):
    last_year = academic_year_of(timezone.localdate()).previous()
    page = senco_client.get(DASHBOARD, {"year": last_year.start_year}).content.decode()
    assert f'data-load="{TO_BOOK}"' not in page and f'data-load="{OVERDUE}"' in page


def test_a_page_past_the_last_shows_the_last_and_a_page_that_is_no_number_the_first(senco_client):
    today = timezone.localdate()
    term = academic_year_of(today).term_of(today)
    for n in range(52):
        PupilFactory(legal_last_name=f"Family{n:02d}", added_to_register_on=term.start)
    met = PupilFactory(legal_last_name="Family99", added_to_register_on=term.start)
    MeetingFactory(pupil=met, held=True, starts_at=local_datetime(term.start, 9))
    past = senco_client.get(DASHBOARD, {"page": 7})
    assert past.context["page_obj"].number == 2
    assert list(rows_by_pupil(past)) == ["Family50", "Family51", "Family99"]
    assert rows_by_pupil(past)["Family99"].last_held == local_datetime(term.start, 9)
    assert list(rows_by_pupil(senco_client.get(DASHBOARD, {"page": "two"}))) == [f"Family{n:02d}" for n in range(50)]
    on_track = senco_client.get(DASHBOARD, {"pace": Pace.ON_TRACK.value, "page": 3})
    assert list(rows_by_pupil(on_track)) == ["Family99"] and dict(on_track.context["paces"])[Pace.ON_TRACK] == 1
    nobody = senco_client.get(DASHBOARD, {"q": "Nobody by this name"})
    assert list(rows_by_pupil(nobody)) == [] and nobody.context["total"] == 0
