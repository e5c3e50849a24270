"""Crafted posts to a meeting's record: the attendance and target reviews edit the rows the page showed and add
none, so a post with more forms, or with forms for rows of another meeting, is refused whole with 400."""

import pytest
from django.urls import reverse

from meetings.models import Attendance, Invitee, OutcomeReview
from meetings.records import start_record
from pupils.tests.factories import OutcomeFactory

from .factories import MeetingFactory
from .test_meetings import record_post

NOTHING_SAVED = "Nothing was saved. Open the page again and make your changes there."


@pytest.fixture
def meeting(senco, pupil_a, parent_a):
    OutcomeFactory(pupil=pupil_a)
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, held=True)
    Invitee.objects.create(meeting=meeting, kind="parent", parent=parent_a.parent_record, role="Mother")
    start_record(meeting)
    return meeting


@pytest.fixture
def other_meeting(senco, pupil_b, parent_b):
    OutcomeFactory(pupil=pupil_b)
    meeting = MeetingFactory(pupil=pupil_b, led_by=senco, held=True)
    Invitee.objects.create(meeting=meeting, kind="parent", parent=parent_b.parent_record, role="Father")
    start_record(meeting)
    return meeting


def post_record(client, meeting, **changes):
    return client.post(reverse("meetings:record", args=[meeting.pk]), record_post(meeting) | changes)


def assert_nothing_saved(response, meeting):
    assert response.status_code == 400
    assert NOTHING_SAVED in response.content.decode()
    meeting.record.refresh_from_db()
    assert meeting.record.main_issue == ""
    assert not meeting.action_points.exists()
    assert set(meeting.invitees.values_list("attendance", flat=True)) == {Attendance.EXPECTED}
    assert set(meeting.record.outcome_reviews.values_list("progress", flat=True)) == {""}


@pytest.mark.parametrize(
    "prefix, field, value", [("attendance", "attendance", "present"), ("reviews", "progress", "x")]
)
def test_a_form_beyond_the_rows_shown_is_refused_and_nothing_saved(client, senco, meeting, prefix, field, value):
    client.force_login(senco)
    invitees, reviews = meeting.invitees.count(), meeting.record.outcome_reviews.count()

    response = post_record(client, meeting, **{f"{prefix}-TOTAL_FORMS": 2, f"{prefix}-1-{field}": value})

    assert_nothing_saved(response, meeting)
    assert (meeting.invitees.count(), meeting.record.outcome_reviews.count()) == (invitees, reviews)


def test_an_extra_form_counted_as_a_row_shown_is_refused(client, senco, meeting):
    client.force_login(senco)
    response = post_record(
        client,
        meeting,
        **{"attendance-TOTAL_FORMS": 2, "attendance-INITIAL_FORMS": 2, "attendance-1-attendance": "present"},
    )
    assert_nothing_saved(response, meeting)


def test_another_meetings_attendance_cannot_be_changed_through_this_record(client, senco, meeting, other_meeting):
    client.force_login(senco)
    theirs = other_meeting.invitees.get()

    response = post_record(client, meeting, **{"attendance-0-id": theirs.pk})

    assert_nothing_saved(response, meeting)
    theirs.refresh_from_db()
    assert theirs.attendance == Attendance.EXPECTED


def test_another_meetings_target_review_cannot_be_changed_through_this_record(client, senco, meeting, other_meeting):
    client.force_login(senco)
    theirs = other_meeting.record.outcome_reviews.get()

    response = post_record(client, meeting, **{"reviews-0-id": theirs.pk})

    assert_nothing_saved(response, meeting)
    assert OutcomeReview.objects.get(pk=theirs.pk).progress == ""


def test_one_row_posted_twice_is_refused(client, senco, meeting, parent_a):
    Invitee.objects.create(meeting=meeting, kind="other", name="Jess Moran", role="Speech and language therapist")
    client.force_login(senco)
    first = meeting.invitees.order_by("pk").first()

    response = post_record(client, meeting, **{"attendance-1-id": first.pk})

    assert_nothing_saved(response, meeting)


@pytest.mark.parametrize("missing", ["attendance-TOTAL_FORMS", "reviews-INITIAL_FORMS"])
def test_a_post_without_the_formsets_counts_is_refused(client, senco, meeting, missing):
    client.force_login(senco)
    data = record_post(meeting)
    del data[missing]

    response = client.post(reverse("meetings:record", args=[meeting.pk]), data)

    assert_nothing_saved(response, meeting)


def test_a_row_added_since_the_page_was_shown_is_left_as_it_is_and_the_rest_saved(client, senco, meeting):
    client.force_login(senco)
    data = record_post(meeting)
    Invitee.objects.create(meeting=meeting, kind="other", name="Jess Moran", role="Speech and language therapist")

    response = client.post(reverse("meetings:record", args=[meeting.pk]), data)

    assert response.status_code == 302
    attendance = dict(meeting.invitees.values_list("role", "attendance"))
    assert attendance == {"Mother": Attendance.PRESENT, "Speech and language therapist": Attendance.EXPECTED}
