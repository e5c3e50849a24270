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
    context = senco_client.get(DASHBOARD).context
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


# Beyond what any signed-in page costs (common/tests/page_queries.py): the families' counts and page (2), the
# first few not met this term (1), the blocks of records, actions and annual reviews (3), replies (1), the side
# blocks' counts (1) and this term's concerns (1). (The term dates and the school's closures are kept by the
# process after its first request.)
DASHBOARD_OWN_QUERIES = 9


def dashboard_queries(client) -> int:
    # Counted after the process's first request, which reads the school's settings and keeps them.
    client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_the_register(senco_client, senco):
    build_families(5, senco)
    few = own_queries(senco_client, DASHBOARD)
    build_families(60, senco)
    many = own_queries(senco_client, DASHBOARD)
    assert few == many <= DASHBOARD_OWN_QUERIES


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
    response = senco_client.get(DASHBOARD)
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
    reviews = senco_client.get(DASHBOARD).context["annual_reviews"]
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
    assert first.context["not_booked_count"] == 55
