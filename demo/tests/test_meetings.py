"""The meetings part of the demo school: a realistic spread of pace, records in every state, annual reviews due."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import User
from booking.models import ReviewDay
from demo import events as demo_events
from demo.meetings import term_days
from demo.tests.helpers import built_on, run_demo_school
from events.models import Event
from meetings import compliance
from meetings.compliance import Pace
from meetings.models import (
    ActionPoint,
    ActionStatus,
    Invitee,
    InviteeKind,
    Meeting,
    MeetingRecord,
    MeetingStatus,
    MeetingType,
    RecordVersion,
)
from pupils.models import Pupil, SenStatus
from school import years
from school.calendar import is_school_day, why_closed

DOMAIN = "demo.school.example"


DEMO_DAY = date(2026, 11, 24)  # the day most of these tests see the demo built on (demo/tests/conftest.py)


def on_support():
    return Pupil.objects.on_register().filter(sen_status__in=(SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN))


def local_day(meeting: Meeting) -> date:
    return timezone.localtime(meeting.starts_at).date()


def paces(today: date) -> Counter:
    """Each pupil's pace this year, worked out from the stored meetings with the compliance rules."""
    year = years.academic_year_of(today)
    term = year.term_of(today)
    counting = compliance.counting_types()
    meetings = list(Meeting.objects.filter(pupil__in=on_support(), meeting_type__in=counting))
    result = Counter()
    for pupil in on_support():
        mine = [m for m in meetings if m.pupil_id == pupil.pk]
        held = sum(1 for m in mine if m.status in compliance.counting_statuses() and local_day(m) in year)
        booked = any(m.is_booked and today <= local_day(m) <= term.end for m in mine)
        result[
            compliance.pace(
                held=held, booked_this_term=booked, year=year, joined_on=pupil.added_to_register_on, today=today
            )
        ] += 1
    return result


def records_overdue(today: date) -> list[Meeting]:
    """Held more than two weeks ago, and the record not yet shared with the parents."""
    shared = RecordVersion.objects.filter(shared_at__isnull=False).values("record__meeting")
    held = Meeting.objects.filter(status=MeetingStatus.HELD).exclude(pk__in=shared)
    return [m for m in held if compliance.record_due_on(local_day(m)) < today]


def annual_reviews(today: date) -> dict[str, list[Pupil]]:
    found = {"due soon": [], "overdue": [], "later": [], "none": []}
    for pupil in on_support().filter(sen_status=SenStatus.EHC_PLAN):
        last = (
            Meeting.objects.filter(pupil=pupil, meeting_type=MeetingType.ANNUAL_REVIEW, status=MeetingStatus.HELD)
            .order_by("-starts_at")
            .first()
        )
        if last is None:
            found["none"].append(pupil)
            continue
        due = compliance.annual_review_due_on(local_day(last))
        if due < today:
            found["overdue"].append(pupil)
        elif compliance.annual_review_is_due_soon(due, today):
            found["due soon"].append(pupil)
        else:
            found["later"].append(pupil)
    return found


def meetings_snapshot() -> dict[str, list[tuple]]:
    models = apps.get_app_config("meetings").get_models(include_auto_created=True)
    return {model._meta.label: list(model._default_manager.order_by("pk").values_list()) for model in models}


@pytest.mark.parametrize(
    ("demo_school", "today"),
    [pytest.param(day, day, id=built_on(day)) for day in (DEMO_DAY, date(2027, 3, 3), date(2027, 6, 30))],
    indirect=["demo_school"],
    scope="module",  # so that pytest runs the first with the other tests of DEMO_DAY, on one build
)
def test_a_realistic_spread_of_pace_this_term(demo_school, db, on_date, today):
    on_date(today)
    spread = paces(today)
    total = sum(spread.values())
    assert total == on_support().count() == 120
    for pace in Pace:
        assert spread[pace] >= 0.1 * total, (pace, spread)
    assert spread[Pace.ON_TRACK] > spread[Pace.AT_RISK] and spread[Pace.ON_TRACK] > spread[Pace.BEHIND]


@pytest.mark.parametrize("demo_school", [None], indirect=True, ids=built_on)
def test_the_spread_today(demo_school, db):
    """On the real date too, for every pace the rules allow today.

    Nobody can be on track before the first school day of a term, at risk once the last one has passed
    (nothing can be booked), or behind before the middle of the autumn term (nothing is yet due).
    """
    today = timezone.localdate()
    spread = paces(today)
    year = years.academic_year_of(today)
    term = year.term_of(today)
    days = term_days(term)
    possible = []
    if any(day < today for day in days):
        possible.append(Pace.ON_TRACK)
    if any(day > today for day in days) or today < term.midpoint:
        possible.append(Pace.AT_RISK)
    if today >= term.midpoint or term != year.terms[0]:
        possible.append(Pace.BEHIND)
    for pace in possible:
        assert spread[pace] >= 0.1 * sum(spread.values()), (pace, spread)


@pytest.fixture
def demo(demo_school, db, on_date):
    on_date(DEMO_DAY)
    return DEMO_DAY


def test_last_year_most_families_met_three_times_and_some_did_not(demo):
    year = years.academic_year_of(demo).previous()
    counting = compliance.counting_types()
    held = Counter(
        Meeting.objects.filter(
            status=MeetingStatus.HELD,
            meeting_type__in=counting,
            starts_at__date__range=(year.start, year.end),
        ).values_list("pupil", flat=True)
    )
    counts = Counter(held.values())
    assert counts[3] + counts[4] > counts[1] + counts[2] > 0
    assert max(held.values()) <= 4
    # Every record from last year was finalised and shared with the parents.
    last_year = MeetingRecord.objects.filter(meeting__starts_at__date__range=(year.start, year.end))
    assert last_year.exists()
    assert not last_year.exclude(versions__shared_at__isnull=False).exists()
    actions = Counter(ActionPoint.objects.filter(meeting__record__in=last_year).values_list("status", flat=True))
    assert actions[ActionStatus.DONE] > 5 * actions[ActionStatus.OPEN] > 0


def test_records_in_every_state_and_some_overdue(demo):
    overdue = records_overdue(demo)
    assert 3 <= len(overdue) <= 25
    assert MeetingRecord.objects.filter(status="draft").exists()
    assert RecordVersion.objects.filter(shared_at__isnull=True).exists()
    assert ActionPoint.objects.overdue(demo).exists()
    for meeting in Meeting.objects.filter(status=MeetingStatus.HELD, meeting_type__in=compliance.counting_types()):
        assert 1 <= meeting.action_points.count() <= 3 or not meeting.record.is_locked, meeting


def test_annual_reviews_due_soon_and_one_overdue(demo):
    found = annual_reviews(demo)
    assert 2 <= len(found["due soon"]) <= 3
    assert len(found["overdue"]) == 1
    assert len(found["later"]) >= 10
    # One annual review per pupil in the last twelve months at most.
    reviews = Meeting.objects.filter(meeting_type=MeetingType.ANNUAL_REVIEW, status=MeetingStatus.HELD)
    assert not reviews.exclude(pupil__sen_status=SenStatus.EHC_PLAN).exists()


def test_meetings_coming_up_some_at_short_notice_cancelled_and_rearranged(demo):
    coming = Meeting.objects.booked().filter(starts_at__date__gt=demo)
    assert coming.filter(starts_at__date__lte=demo + timedelta(weeks=4)).count() >= 15
    short = [m for m in coming if m.is_short_notice]
    assert short and all(m.short_notice_reason for m in short)
    two_parents = [m for m in coming if m.invitees.filter(kind=InviteeKind.PARENT).count() == 2]
    assert two_parents
    cancelled = Meeting.objects.filter(status=MeetingStatus.CANCELLED)
    assert cancelled.count() >= 3 and all(m.cancellation_reason for m in cancelled)
    rearranged = Meeting.objects.get(status=MeetingStatus.REARRANGED)
    assert rearranged.rearranged_to.is_booked
    chats = Meeting.objects.filter(
        status=MeetingStatus.HELD, meeting_type__in=(MeetingType.TELEPHONE, MeetingType.INFORMAL)
    )
    assert chats.count() >= 5


def test_every_meeting_is_valid_on_a_school_day_in_school_hours(demo):
    for meeting in Meeting.objects.all():
        meeting.full_clean()
        start = timezone.localtime(meeting.starts_at)
        end = timezone.localtime(meeting.ends_at)
        assert start.weekday() < 5, meeting
        assert (start.hour, start.minute) >= (8, 15) and (end.hour, end.minute) <= (17, 30), meeting
        if meeting.is_booked:
            assert local_day(meeting) > demo, meeting
    for invitee in Invitee.objects.all():
        invitee.full_clean()
    for action in ActionPoint.objects.all():
        action.full_clean()


def test_this_years_meetings_and_review_days_keep_to_the_school_calendar(demo):
    """The 2026/27 calendar (demo/content/calendar.csv): nothing in a holiday, a half term or on a closure day."""
    year = years.AcademicYear(2026)
    assert all(term.entered for term in year.terms)
    assert why_closed(date(2027, 5, 3)) == "Early May bank holiday" and why_closed(date(2026, 11, 27)) == "INSET day"
    days = (
        {local_day(meeting) for meeting in Meeting.objects.all()}
        | set(ReviewDay.objects.values_list("date", flat=True))
        | {timezone.localdate(starts_at) for starts_at in Event.objects.values_list("starts_at", flat=True)}
    )
    closed = sorted(day for day in days if day in year and not is_school_day(day))
    assert closed == []
    # Built on Monday 7 December, the coffee morning a fortnight on would be Christmas Day: it waits for term.
    assert demo_events.on(-2, 4, date(2026, 12, 7)) == date(2027, 1, 5)
    assert demo_events.on(1, 4, date(2026, 11, 2)) == date(2026, 10, 23)  # half term: the Friday before
    assert ReviewDay.objects.filter(kind="review_day", date=date(2026, 12, 9)).exists()  # this term's review day


def test_the_senco_leads_most_and_the_demo_staff_take_part(demo):
    leads = Counter(Meeting.objects.values_list("led_by__email", flat=True))
    assert leads.most_common(1)[0][0] == f"senco@{DOMAIN}"
    for local in ("class.teacher", "form.tutor", "ta", "pastoral"):
        user = User.objects.get(email=f"{local}@{DOMAIN}")
        assert Meeting.objects.involving(user).exists(), local
    roles = set(Invitee.objects.values_list("kind", flat=True))
    assert {InviteeKind.PARENT, InviteeKind.STAFF, InviteeKind.PUPIL, InviteeKind.PROFESSIONAL} <= roles
    parent_roles = set(Invitee.objects.filter(kind=InviteeKind.PARENT).values_list("role", flat=True))
    assert {"Mother", "Father"} <= parent_roles


def test_the_demo_parent_sees_a_meeting_coming_and_a_shared_record(demo):
    parent = User.objects.get(email=f"parent@{DOMAIN}")
    children = {pupil.legal_first_name: pupil for pupil in Pupil.objects.visible_to(parent)}
    oliver, maisie = children["Oliver"], children["Maisie"]
    coming = Meeting.objects.booked().filter(pupil=oliver, starts_at__date__gt=demo)
    assert coming.exists()
    assert coming.first().invitees.filter(parent__user=parent).exists()
    last = Meeting.objects.filter(pupil=maisie, status=MeetingStatus.HELD).order_by("-starts_at").first()
    version = last.record.versions.get()
    assert version.is_shared and version.content["pupil"] == "Maisie Thompson"
    assert version.content["plan"]["action_points"]
    assert version.shared_at.date() <= demo
    # Finalising proposed the next meeting, as the real workflow does.
    assert last.record.next_meeting and last.record.next_meeting.status == MeetingStatus.PROPOSED


def test_history_is_dated_and_signed(demo):
    first = Meeting.history.filter(history_type="+").order_by("starts_at").first()
    assert first.history_user is not None
    assert first.history_date.date() == first.invited_on
    assert not Meeting.history.filter(history_user__isnull=True).exists()


def test_running_twice_adds_nothing(demo):
    before = meetings_snapshot()
    assert sum(len(rows) for label, rows in before.items() if "Historical" in label) > 1000

    again = run_demo_school()

    assert meetings_snapshot() == before
    assert "Nothing to add" in again
