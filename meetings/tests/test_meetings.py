"""Arranging a meeting and recording it through the four stages, as the SENCO would."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.deliveries import send_to_family
from meetings.dashboard import overdue_records
from meetings.models import (
    ActionPoint,
    Attendance,
    Invitee,
    Meeting,
    MeetingStatus,
    RecordStatus,
    RecordVersion,
)
from meetings.records import RecordLocked, amend, finalise, share, start_record
from pupils.models import OutcomeStatus, Relationship
from pupils.tests.factories import OutcomeFactory, ParentCarerFactory, PupilParentFactory

from .factories import MeetingFactory, days_from_today, local_datetime, weekday_from_today


@pytest.fixture
def two_parent_pupil(pupil_a, parent_a):
    dad = ParentCarerFactory(
        first_name="Adam", last_name="Ashworth", needs_interpreter=True, preferred_language="Polish"
    )
    PupilParentFactory(pupil=pupil_a, parent=dad, relationship=Relationship.FATHER)
    return pupil_a


def schedule_data(pupil, senco, starts_at, **overrides):
    return {
        "meeting_type": "sen_review",
        "starts_at": timezone.localtime(starts_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "",
        "place": "Meeting room 2, next to reception",
        "purpose": "To talk about how Amelia is settling and agree her targets for the spring term.",
        "led_by": senco.pk,
        "invited_on": timezone.localdate().isoformat(),
        "parents": [link.parent_id for link in pupil.parent_links.all()],
        "others": "Jess Moran, Speech and language therapist",
    } | overrides


def test_senco_schedules_a_review_for_two_parents_with_defaults(client, senco, two_parent_pupil):
    client.force_login(senco)
    page = client.get(reverse("meetings:schedule", args=[two_parent_pupil.pk])).content.decode()
    assert 'value="Polish"' in page  # interpreter language defaults from the parent's record
    response = client.post(
        reverse("meetings:schedule", args=[two_parent_pupil.pk]),
        schedule_data(two_parent_pupil, senco, weekday_from_today(20), interpreter_language="Polish"),
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.duration_minutes == 45  # the usual length of an SEN support review
    assert meeting.status == MeetingStatus.PROPOSED and not meeting.is_short_notice
    roles = sorted(meeting.invitees.values_list("role", flat=True))
    assert roles == ["Father", "Mother", "Speech and language therapist"]


def test_short_notice_needs_a_reason_and_is_shown(client, senco, two_parent_pupil):
    client.force_login(senco)
    url = reverse("meetings:schedule", args=[two_parent_pupil.pk])
    response = client.post(url, schedule_data(two_parent_pupil, senco, weekday_from_today(6)))
    page = response.content.decode()
    days = (weekday_from_today(6).date() - timezone.localdate()).days
    assert f"This gives the family {days} days&#x27; notice, less than the 14 we promise." in page
    assert "Meeting room 2, next to reception" in page  # what was typed is kept
    assert not Meeting.objects.exists()
    response = client.post(
        url,
        schedule_data(two_parent_pupil, senco, weekday_from_today(6), short_notice_reason="Exclusion review"),
        follow=True,
    )
    page = response.content.decode()
    assert f"Short notice: {days} days" in page
    assert "less than two weeks" in page


def test_meetings_are_not_arranged_for_a_weekend(client, senco, two_parent_pupil):
    saturday = timezone.localdate() + datetime.timedelta(days=20)
    while saturday.weekday() != 5:
        saturday += datetime.timedelta(days=1)
    client.force_login(senco)
    response = client.post(
        reverse("meetings:schedule", args=[two_parent_pupil.pk]),
        schedule_data(two_parent_pupil, senco, local_datetime(saturday, 10)),
    )
    assert "That is a weekend, when school is closed" in response.content.decode()


def test_a_meeting_needs_a_parent_invited(client, senco, two_parent_pupil):
    client.force_login(senco)
    response = client.post(
        reverse("meetings:schedule", args=[two_parent_pupil.pk]),
        schedule_data(two_parent_pupil, senco, weekday_from_today(20), parents=[]),
    )
    assert "Invite at least one parent or carer." in response.content.decode()


def test_teacher_cannot_schedule_for_a_pupil_they_do_not_work_with(client, teacher, pupil_b):
    client.force_login(teacher)
    assert client.get(reverse("meetings:schedule", args=[pupil_b.pk])).status_code == 404


def record_post(meeting, **overrides):
    invitees = list(meeting.invitees.all())
    reviews = list(meeting.record.outcome_reviews.all())
    parent = meeting.pupil.parent_links.first().parent
    data = {
        "attendance-TOTAL_FORMS": len(invitees),
        "attendance-INITIAL_FORMS": len(invitees),
        "reviews-TOTAL_FORMS": len(reviews),
        "reviews-INITIAL_FORMS": len(reviews),
        "actions-TOTAL_FORMS": 3,
        "actions-INITIAL_FORMS": 0,
        "parent_views": "Mum is worried that Amelia is anxious on Monday mornings.",
        "pupil_views": "I like it when I know what is happening.",
        "staff_views": "Settles well once she is in class.",
        "main_issue": "Making Monday mornings calmer.",
        "support_agreed": "A visual timetable and a soft start on Mondays.",
        "summary": "We will try a soft start for four weeks and speak again.",
        "next_meeting_on": "",
    }
    for n, invitee in enumerate(invitees):
        data |= {f"attendance-{n}-id": invitee.pk, f"attendance-{n}-attendance": Attendance.PRESENT}
    for n, review in enumerate(reviews):
        data |= {
            f"reviews-{n}-id": review.pk,
            f"reviews-{n}-progress": "Reads 24 of 30",
            f"reviews-{n}-status_after": "in_progress",
        }
    due = (timezone.localdate() + datetime.timedelta(days=21)).isoformat()
    actions = [
        ("Make a visual timetable for Mondays", "school", meeting.led_by.pk, ""),
        ("Talk through the week on Sunday evening", "parent", "", parent.pk),
        ("Show the timetable to Mum at pick-up", "pupil", "", ""),
    ]
    for n, (what, owner, staff, parent_pk) in enumerate(actions):
        data |= {
            f"actions-{n}-description": what,
            f"actions-{n}-owner": owner,
            f"actions-{n}-owner_staff": staff,
            f"actions-{n}-owner_parent": parent_pk,
            f"actions-{n}-due_on": due,
        }
    return data | overrides


def test_record_through_four_stages_finalise_share_and_count(client, senco, two_parent_pupil):
    OutcomeFactory(pupil=two_parent_pupil)
    MeetingFactory(pupil=two_parent_pupil, held=True, starts_at=days_from_today(-30))  # meeting one this year
    meeting = MeetingFactory(pupil=two_parent_pupil, led_by=senco, starts_at=days_from_today(0, hour=0, minute=5))
    for link in two_parent_pupil.parent_links.all():
        Invitee.objects.create(meeting=meeting, kind="parent", parent=link.parent, role="Parent")
    client.force_login(senco)
    detail_url = reverse("pupils:pupil_detail", args=[two_parent_pupil.pk])
    assert "<strong data-held-count>1</strong>" in client.get(detail_url).content.decode()

    client.get(reverse("meetings:record", args=[meeting.pk]))  # starts the record with the open target
    response = client.post(reverse("meetings:record", args=[meeting.pk]), record_post(meeting, finalise="1"))
    version = RecordVersion.objects.get()
    assert response["Location"] == reverse("meetings:version", args=[version.pk])
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.record.status == RecordStatus.FINALISED
    assert [a["who"] for a in version.content["plan"]["action_points"]] == [
        senco.get_full_name(),
        "Alice Ashworth",
        "Amelia",
    ]
    assert "Reads 24 of 30" in meeting.pupil.outcomes.get().progress_notes.get().note

    client.post(reverse("meetings:version_share", args=[version.pk]))
    version.refresh_from_db()
    assert version.shared_by == senco and version.shared_at is not None
    assert "<strong data-held-count>2</strong>" in client.get(detail_url).content.decode()


def test_invalid_action_point_reshows_the_record_and_saves_nothing(client, senco, two_parent_pupil):
    meeting = MeetingFactory(pupil=two_parent_pupil, led_by=senco, held=True)
    client.force_login(senco)
    client.get(reverse("meetings:record", args=[meeting.pupil_id and meeting.pk]))
    response = client.post(
        reverse("meetings:record", args=[meeting.pk]), record_post(meeting, **{"actions-0-owner_staff": ""})
    )
    page = response.content.decode()
    assert "Name the member of staff who will do this." in page
    assert "Making Monday mornings calmer." in page
    assert not ActionPoint.objects.exists()
    assert meeting.record.main_issue == ""


def test_finalised_record_is_locked_and_amending_makes_a_new_version(senco, pupil_a):
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, held=True)
    record = start_record(meeting)
    record.summary = "First summary"
    record.save()
    first = share(finalise(record, senco), senco)
    with pytest.raises(RecordLocked):
        finalise(record, senco)
    with pytest.raises(ValueError):
        amend(record, "  ")
    amend(record, "The date of the next meeting was wrong")
    record.refresh_from_db()
    record.summary = "Corrected summary"
    record.save()
    second = finalise(record, senco)
    first.refresh_from_db()
    assert first.content["review"]["summary"] == "First summary" and first.is_shared
    assert second.number == 2 and second.amendment_reason == "The date of the next meeting was wrong"
    assert second.content["review"]["summary"] == "Corrected summary" and not second.is_shared


def test_a_record_stops_being_owed_when_it_first_reaches_the_family_and_an_amendment_does_not_owe_it_again(
    senco, pupil_a
):
    # Amelia's family has nobody with parental responsibility recorded: shared, it has nobody to wait for.
    # (documents/tests/test_deliveries.py: owed until each parent has been sent it.)
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, held=True, starts_at=days_from_today(-20))
    record = start_record(meeting)

    def owed() -> list:
        return list(overdue_records(Meeting.objects.all(), timezone.localdate()))

    assert owed() == [meeting]
    first = share(finalise(record, senco), senco)
    meeting.refresh_from_db()
    assert meeting.record_shared_at == first.shared_at
    assert owed() == [meeting]  # shared, not yet sent to the family
    send_to_family(first)
    assert owed() == []
    amend(record, "A parent's name was misspelt")
    assert owed() == []  # the parents have the first version
    share(finalise(record, senco), senco)  # the second version: the meeting keeps the first sharing's time
    meeting.refresh_from_db()
    assert meeting.record_shared_at == first.shared_at and owed() == []


def test_next_meeting_date_proposes_the_next_meeting(senco, pupil_a):
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, held=True)
    record = start_record(meeting)
    record.next_meeting_on = timezone.localdate() + datetime.timedelta(days=60)
    record.save()
    finalise(record, senco)
    record.refresh_from_db()
    follow_on = record.next_meeting
    assert follow_on.status == MeetingStatus.PROPOSED and follow_on.meeting_date == record.next_meeting_on
    assert follow_on.pupil == pupil_a and not follow_on.is_short_notice


def test_cancelling_needs_a_reason_and_keeps_the_meeting(client, senco, pupil_a):
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco)
    client.force_login(senco)
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": ""})
    assert "This field is required." in response.content.decode()
    client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Mum is in hospital"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.cancellation_reason == "Mum is in hospital"


def test_rearranging_links_old_and_new_meetings(client, senco, pupil_a, parent_a):
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco)
    Invitee.objects.create(meeting=meeting, kind="parent", parent=parent_a.parent_record, role="Mother")
    client.force_login(senco)
    new_time = days_from_today(30, hour=8, minute=30)
    response = client.post(
        reverse("meetings:rearrange", args=[meeting.pk]),
        {"starts_at": timezone.localtime(new_time).strftime("%Y-%m-%dT%H:%M")},
    )
    meeting.refresh_from_db()
    new = meeting.rearranged_to
    assert response["Location"] == reverse("meetings:detail", args=[new.pk])
    assert meeting.status == MeetingStatus.REARRANGED and new.starts_at == new_time
    assert list(new.invitees.values_list("parent", flat=True)) == [parent_a.parent_record.pk]


def test_cancelled_meetings_and_not_attended_do_not_count(client, senco, pupil_a):
    MeetingFactory(pupil=pupil_a, held=True, starts_at=days_from_today(-20))
    MeetingFactory(pupil=pupil_a, cancelled=True, starts_at=days_from_today(-15))
    MeetingFactory(pupil=pupil_a, status=MeetingStatus.DID_NOT_ATTEND, starts_at=days_from_today(-10))
    MeetingFactory(pupil=pupil_a, status=MeetingStatus.HELD, meeting_type="telephone", starts_at=days_from_today(-5))
    client.force_login(senco)
    page = client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk])).content.decode()
    assert "<strong data-held-count>1</strong>" in page


def test_outcome_status_changes_with_the_review(senco, pupil_a):
    outcome = OutcomeFactory(pupil=pupil_a)
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, held=True)
    record = start_record(meeting)
    record.outcome_reviews.update(status_after=OutcomeStatus.ACHIEVED, progress="Reads all 30 words")
    finalise(record, senco)
    outcome.refresh_from_db()
    assert outcome.status == OutcomeStatus.ACHIEVED


def test_a_record_is_finalised_only_after_the_meeting_starts(client, senco, pupil_a, parent_a):
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=days_from_today(3))
    client.force_login(senco)
    client.get(reverse("meetings:record", args=[meeting.pk]))
    response = client.post(
        reverse("meetings:record", args=[meeting.pk]), record_post(meeting, finalise="1"), follow=True
    )
    assert "The meeting has not started yet" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PROPOSED
    assert meeting.record.main_issue == "Making Monday mornings calmer."  # the draft is kept
    assert not RecordVersion.objects.exists()
