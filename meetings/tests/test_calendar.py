"""The meetings calendar (day, week and month), and each meeting as a .ics file for a personal calendar."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar

from common import when
from meetings.ics import meeting_calendar
from meetings.models import MeetingStatus, MeetingType
from meetings.views.calendar import week_start
from school.models import School

from .factories import InviteeFactory, MeetingFactory, local_datetime

LONDON = ZoneInfo("Europe/London")
# A Thursday in the week beginning Monday 30 November 2026.
THURSDAY = datetime.date(2026, 12, 3)


def parse(ics: bytes):
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    return calendar, event


@pytest.fixture
def meeting_a(pupil_a, senco):
    return MeetingFactory(
        pupil=pupil_a,
        led_by=senco,
        starts_at=local_datetime(THURSDAY, 15, 30),
        place="SENCO office (room 12)",
        meeting_type=MeetingType.SEN_REVIEW,
        status=MeetingStatus.CONFIRMED,
    )


@pytest.fixture
def meeting_b(pupil_b, senco):
    return MeetingFactory(pupil=pupil_b, led_by=senco, starts_at=local_datetime(THURSDAY, 9, 0))


# The .ics file itself


def test_ics_has_the_meeting_start_end_place_and_summary(meeting_a):
    calendar, event = parse(meeting_calendar(meeting_a))

    assert event.start == datetime.datetime(2026, 12, 3, 15, 30, tzinfo=LONDON)
    assert event.end == datetime.datetime(2026, 12, 3, 16, 15, tzinfo=LONDON)
    assert str(event["LOCATION"]) == "SENCO office (room 12)"
    assert str(event["SUMMARY"]) == "Meeting about Amelia: SEN support review"
    assert str(event["UID"]) == meeting_a.calendar_uid
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar.walk("VTIMEZONE"), "the file carries the Europe/London rules"


def test_ics_times_are_right_in_british_summer_time(pupil_a):
    meeting = MeetingFactory(pupil=pupil_a, starts_at=local_datetime(datetime.date(2027, 6, 15), 9, 0))

    _, event = parse(meeting_calendar(meeting))

    assert event.start.astimezone(datetime.UTC) == datetime.datetime(2027, 6, 15, 8, 0, tzinfo=datetime.UTC)


def test_ics_describes_purpose_and_who_will_be_there(meeting_a, teacher, parent_a):
    InviteeFactory(meeting=meeting_a, user=teacher, role="Class teacher")
    InviteeFactory(meeting=meeting_a, as_parent=True, parent=parent_a.parent_record, role="Mother")

    _, event = parse(meeting_calendar(meeting_a))
    description = str(event["DESCRIPTION"])

    assert meeting_a.purpose in description
    assert "Sam Senco (leading the meeting)" in description
    assert "Tia Teacher (Class teacher)" in description
    assert "Alice Ashworth (Mother)" in description


def test_ics_is_organised_by_the_school(meeting_a):
    school = School.load()
    school.email = "office@ourschool.example"
    school.save()

    _, event = parse(meeting_calendar(meeting_a))

    assert str(event["ORGANIZER"]).lower() == "mailto:office@ourschool.example"


def test_ics_proposed_meeting_is_tentative(pupil_a):
    _, event = parse(meeting_calendar(MeetingFactory(pupil=pupil_a)))

    assert str(event["STATUS"]) == "TENTATIVE"


def test_ics_cancelled_meeting_says_cancelled(meeting_a):
    meeting_a.status = MeetingStatus.CANCELLED
    meeting_a.cancellation_reason = "The family asked to meet another week."
    meeting_a.save()

    calendar, event = parse(meeting_calendar(meeting_a))

    assert str(event["STATUS"]) == "CANCELLED"
    assert str(calendar["METHOD"]) == "CANCEL"
    assert "This meeting is cancelled." in str(event["DESCRIPTION"])


def test_ics_sequence_goes_up_when_the_meeting_changes(meeting_a):
    first = parse(meeting_calendar(meeting_a))[1]["SEQUENCE"]
    meeting_a.place = "Library"
    meeting_a.save()

    assert parse(meeting_calendar(meeting_a))[1]["SEQUENCE"] == first + 1


def test_ics_rearranged_meeting_is_the_one_event_at_its_new_time(pupil_a):
    """The old meeting's file is the event as it now stands: opening it moves the event, never cancels it."""
    meeting = MeetingFactory(pupil=pupil_a, rearranged=True, starts_at=local_datetime(THURSDAY, 15, 30))

    calendar, event = parse(meeting_calendar(meeting))

    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == meeting.calendar_uid == meeting.rearranged_to.calendar_uid
    assert str(event["STATUS"]) == "TENTATIVE"  # the new time is proposed, as the old one was
    assert event.start == datetime.datetime(2026, 12, 10, 15, 30, tzinfo=LONDON)


# The .ics download


def test_ics_download_is_a_calendar_attachment(client, senco, meeting_a):
    client.force_login(senco)

    response = client.get(reverse("meetings:ics", args=[meeting_a.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="meeting-2026-12-03.ics"'
    assert parse(response.content)[1]["LOCATION"] == "SENCO office (room 12)"


def test_teacher_may_download_ics_for_their_pupil(client, teacher, meeting_a):
    client.force_login(teacher)

    assert client.get(reverse("meetings:ics", args=[meeting_a.pk])).status_code == 200


def test_teacher_gets_404_for_ics_of_a_stranger_pupils_meeting(client, teacher, meeting_b):
    client.force_login(teacher)

    assert client.get(reverse("meetings:ics", args=[meeting_b.pk])).status_code == 404


@pytest.mark.parametrize("role", ["office", "head", "parent_a"])
def test_ics_refused_to_roles_outside_the_sen_team(client, request, meeting_a, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("meetings:ics", args=[meeting_a.pk])).status_code == 403


# The calendar page


def calendar_page(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("meetings:calendar"), params)
    assert response.status_code == 200
    return response


def text(response) -> str:
    """The page as a person reads it: no tags, spaces collapsed."""
    return " ".join(strip_tags(response.content.decode()).split())


def day_of(response, meeting_pk):
    """The date of the calendar day whose box holds the meeting, or None if it is not shown."""
    for day in response.context["days"]:
        if any(m["pk"] == meeting_pk for m in day.meetings):
            return day.day
    return None


@pytest.mark.parametrize("role", ["office", "head", "parent_a"])
def test_calendar_refused_to_roles_outside_the_sen_team(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("meetings:calendar")).status_code == 403


def test_calendar_sends_signed_out_visitors_to_sign_in(client):
    response = client.get(reverse("meetings:calendar"))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_week_shows_a_meeting_on_its_day_and_not_next_weeks(client, senco, meeting_a, pupil_a):
    next_week = MeetingFactory(pupil=pupil_a, starts_at=local_datetime(THURSDAY + datetime.timedelta(days=7), 10))

    response = calendar_page(client, senco, view="week", date="2026-12-01")

    assert day_of(response, meeting_a.pk) == THURSDAY
    assert day_of(response, next_week.pk) is None
    html = response.content.decode()
    assert "Week beginning Monday 30 November 2026" in text(response)
    assert "Thursday 3 December 2026" in text(response)
    assert "3:30pm–4:15pm (45 min) Meeting about Amelia Ashworth SEN support review SENCO office (room 12)" in text(
        response
    )
    assert reverse("meetings:detail", args=[meeting_a.pk]) in html
    assert reverse("meetings:ics", args=[meeting_a.pk]) in html
    assert reverse("meetings:detail", args=[next_week.pk]) not in html


def test_week_boundaries_are_monday_to_sunday_in_local_time(client, senco, pupil_a):
    sunday_late = MeetingFactory(pupil=pupil_a, starts_at=local_datetime(datetime.date(2026, 12, 6), 23, 30))
    monday_early = MeetingFactory(pupil=pupil_a, starts_at=local_datetime(datetime.date(2026, 11, 30), 0, 15))

    response = calendar_page(client, senco, view="week", date="2026-12-03")

    assert day_of(response, sunday_late.pk) == datetime.date(2026, 12, 6)
    assert day_of(response, monday_early.pk) == datetime.date(2026, 11, 30)


def test_week_links_to_previous_and_next_weeks(client, senco):
    response = calendar_page(client, senco, view="week", date="2026-12-03")

    assert "date=2026-11-23" in response.context["previous_url"]
    assert "date=2026-12-07" in response.context["next_url"]


def test_a_bad_date_shows_this_week(client, senco):
    response = calendar_page(client, senco, view="week", date="3rd of December")

    assert response.context["view"] == "week"
    assert response.context["first"] == week_start(timezone.localdate())


def test_month_view_shows_a_meeting_on_the_28th(client, senco, pupil_a):
    meeting = MeetingFactory(pupil=pupil_a, starts_at=local_datetime(datetime.date(2027, 1, 28), 16, 0))

    response = calendar_page(client, senco, view="month", date="2027-01-10")

    assert day_of(response, meeting.pk) == datetime.date(2027, 1, 28)
    html = response.content.decode()
    assert "January 2027" in html
    assert reverse("meetings:detail", args=[meeting.pk]) in html
    assert "date=2026-12-01" in response.context["previous_url"]
    assert "date=2027-02-01" in response.context["next_url"]


def test_month_grid_is_whole_weeks(client, senco):
    response = calendar_page(client, senco, view="month", date="2027-01-10")

    days = [d.day for d in response.context["days"]]
    assert days[0] == datetime.date(2026, 12, 28)  # the Monday before 1 January
    assert days[-1] == datetime.date(2027, 1, 31)
    assert len(days) % 7 == 0


def test_cancelled_meeting_is_shown_crossed_out_not_hidden(client, senco, pupil_a):
    meeting = MeetingFactory(pupil=pupil_a, cancelled=True, starts_at=local_datetime(THURSDAY, 11))

    html = calendar_page(client, senco, date="2026-12-03").content.decode()

    assert reverse("meetings:detail", args=[meeting.pk]) in html
    assert "cal-closed" in html
    assert "Cancelled" in html


def test_teacher_does_not_see_meetings_about_pupils_they_do_not_work_with(client, teacher, meeting_a, meeting_b):
    InviteeFactory(meeting=meeting_a, user=teacher)

    response = calendar_page(client, teacher, date="2026-12-03", only="all")

    assert day_of(response, meeting_a.pk) == THURSDAY
    assert day_of(response, meeting_b.pk) is None
    assert "Ben Barker" not in response.content.decode()


def test_staff_see_only_their_own_meetings_by_default(client, teacher, meeting_a, pupil_a):
    invited = MeetingFactory(pupil=pupil_a, starts_at=local_datetime(THURSDAY, 9))
    InviteeFactory(meeting=invited, user=teacher)
    led = MeetingFactory(pupil=pupil_a, led_by=teacher, starts_at=local_datetime(THURSDAY, 12))

    mine = calendar_page(client, teacher, date="2026-12-03")
    everyone = calendar_page(client, teacher, date="2026-12-03", only="all")

    assert mine.context["only"] == "mine"
    assert {day_of(mine, m.pk) for m in (invited, led)} == {THURSDAY}
    assert day_of(mine, meeting_a.pk) is None
    assert day_of(everyone, meeting_a.pk) == THURSDAY


def test_senco_sees_everyone_by_default_and_can_choose_their_own(client, senco, other_teacher, meeting_a, pupil_a):
    someone_elses = MeetingFactory(pupil=pupil_a, led_by=other_teacher, starts_at=local_datetime(THURSDAY, 9))

    everyone = calendar_page(client, senco, date="2026-12-03")
    mine = calendar_page(client, senco, date="2026-12-03", only="mine")

    assert day_of(everyone, someone_elses.pk) == THURSDAY
    assert day_of(mine, someone_elses.pk) is None
    assert day_of(mine, meeting_a.pk) == THURSDAY


def test_calendar_query_count_does_not_grow_with_meetings(client, senco, pupil_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(senco)
    url = reverse("meetings:calendar")
    params = {"view": "month", "date": "2026-12-01"}
    MeetingFactory(pupil=pupil_a, starts_at=local_datetime(THURSDAY, 9))
    # Counted after the process's first request, which reads the school's settings and keeps them.
    client.get(url, params)
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)
    for hour in range(10, 17):
        for day in range(1, 29, 3):
            MeetingFactory(starts_at=local_datetime(datetime.date(2026, 12, day), hour))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, params)

    assert response.context["meeting_count"] == 1 + 7 * 10
    assert len(many) == len(few)


# The day view: the SENCO's whole school, a day at a time (issue 24: a week of it is hundreds of meetings)


def test_senco_sees_a_day_with_the_weeks_days_as_tabs(client, senco, meeting_a, meeting_b, pupil_a):
    monday = MeetingFactory(pupil=pupil_a, starts_at=local_datetime(datetime.date(2026, 11, 30), 10))

    response = calendar_page(client, senco, date="2026-12-03")

    assert response.context["view"] == "day"
    assert day_of(response, meeting_a.pk) == THURSDAY
    assert day_of(response, meeting_b.pk) == THURSDAY
    assert day_of(response, monday.pk) is None  # another day: its tab, not its meetings
    tabs = {d.day: d.count for d in response.context["week_days"]}
    assert tabs == {datetime.date(2026, 11, 30) + datetime.timedelta(days=n): 0 for n in range(5)} | {
        datetime.date(2026, 11, 30): 1,
        THURSDAY: 2,
    }
    page = text(response)
    assert "Thursday 3 December 2026" in page
    assert "2 meetings on this day" in page
    assert "3:30pm–4:15pm (45 min) Meeting about Amelia Ashworth SEN support review SENCO office (room 12)" in page
    html = response.content.decode()
    assert "?view=day&amp;only=all&amp;date=2026-11-30" in html
    assert reverse("meetings:detail", args=[monday.pk]) not in html
    # The whole week and the month are a click away
    assert "date=2026-12-03" in response.context["week_url"] and "view=week" in response.context["week_url"]
    assert "view=month" in response.context["month_url"]


def test_day_tabs_show_a_weekend_only_when_something_is_booked(client, senco, pupil_a):
    home_visit = MeetingFactory(
        pupil=pupil_a, meeting_type=MeetingType.HOME_VISIT, starts_at=local_datetime(datetime.date(2026, 12, 5), 10)
    )

    response = calendar_page(client, senco, date="2026-12-03")

    days = [d.day for d in response.context["week_days"]]
    assert datetime.date(2026, 12, 5) in days
    assert datetime.date(2026, 12, 6) not in days
    assert day_of(calendar_page(client, senco, date="2026-12-05"), home_visit.pk) == datetime.date(2026, 12, 5)


def test_day_arrows_pass_over_the_weekend(client, senco):
    friday = calendar_page(client, senco, date="2026-12-04")
    monday = calendar_page(client, senco, date="2026-12-07")

    assert "date=2026-12-07" in friday.context["next_url"]
    assert "date=2026-12-04" in monday.context["previous_url"]
    assert "view=day" in friday.context["next_url"]


def test_staff_still_see_their_week_by_default_and_may_ask_for_a_day(client, teacher, pupil_a):
    led = MeetingFactory(pupil=pupil_a, led_by=teacher, starts_at=local_datetime(THURSDAY, 12))

    week = calendar_page(client, teacher, date="2026-12-03")
    day = calendar_page(client, teacher, date="2026-12-03", view="day")

    assert week.context["view"] == "week"
    assert day.context["view"] == "day"
    assert day_of(day, led.pk) == THURSDAY


@pytest.mark.parametrize("view", ["year", "<script>", ""])
def test_an_unknown_view_shows_the_default_one(client, senco, view):
    response = calendar_page(client, senco, view=view, date="2026-12-03")

    assert response.context["view"] == "day"


def test_a_rearranged_meeting_says_where_it_went(client, senco, pupil_a):
    moved = MeetingFactory(pupil=pupil_a, rearranged=True, starts_at=local_datetime(THURSDAY, 11))

    page = text(calendar_page(client, senco, date="2026-12-03"))

    assert f"Rearranged moved to {when.day_at(moved.rearranged_to.starts_at, short=True)}" in page
    assert "Remove from my calendar" in page


@pytest.mark.parametrize("view", ["day", "week"])
def test_day_and_week_read_the_same_queries_for_one_meeting_or_many(client, senco, pupil_a, view):
    from common.tests.page_queries import queries_after_a_first_request as queries

    client.force_login(senco)
    url = f"{reverse('meetings:calendar')}?view={view}&date=2026-12-03"
    MeetingFactory(pupil=pupil_a, starts_at=local_datetime(THURSDAY, 9))
    few = queries(client, url)
    for hour in range(10, 17):
        for day in (1, 2, 3, 4):
            MeetingFactory(starts_at=local_datetime(datetime.date(2026, 12, day), hour))
    many = queries(client, url)

    assert len(many) == len(few), "\n".join(many)
    # What every signed-in request reads (session, user, two-step device), then the meetings; the day view also
    # counts the meetings of each day of the week for its tabs.
    assert len([sql for sql in few if sql.startswith("SELECT")]) <= 5, "\n".join(few)
