"""A meeting record reviews the outcomes of the pupil's current SEN support plan: the progress agreed stays with the
record (the plan is locked), shows on the plan's pages, and the record sent to the parents names each outcome."""

import pytest
from django.urls import reverse

from meetings.models import Invitee, OutcomeReview
from meetings.records import finalise, start_record
from pupils.models import OutcomeStatus
from pupils.tests.factories import OutcomeFactory
from support_plans import cycle
from support_plans.models import PlanOutcome
from support_plans.tests.factories import finalised_plan

from .factories import MeetingFactory
from .test_meetings import record_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(senco, pupil_a, parent_a):
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, held=True)
    Invitee.objects.create(meeting=meeting, kind="parent", parent=parent_a.parent_record, role="Mother")
    return meeting


def test_a_record_reviews_the_current_plans_outcomes_not_old_targets_or_the_draft(meeting, senco, pupil_a):
    OutcomeFactory(pupil=pupil_a, description="An old target")
    plan = finalised_plan(pupil_a, senco, outcomes=2)
    PlanOutcome.objects.filter(plan=plan, order=2).update(status_before_plans=OutcomeStatus.ACHIEVED)
    cycle.start_plan(pupil_a, senco)  # a draft of the next version: not agreed, not reviewed
    record = start_record(meeting)
    (review,) = record.outcome_reviews.all()
    assert review.outcome is None and review.plan_outcome == plan.outcomes.get(order=1)


def test_a_pupil_without_a_plan_has_their_open_targets_reviewed_as_before(meeting, pupil_a):
    target = OutcomeFactory(pupil=pupil_a)
    (review,) = start_record(meeting).outcome_reviews.all()
    assert review.outcome == target and review.plan_outcome is None


def test_progress_at_a_meeting_stays_with_the_record_and_shows_on_the_plan(client, meeting, senco, pupil_a):
    plan = finalised_plan(pupil_a, senco, outcomes=1)
    start_record(meeting)
    client.force_login(senco)
    page = client.get(reverse("meetings:record", args=[meeting.pk])).content.decode()
    assert "Outcome 1: read 30 common words by sight." in page and "Set a new target" not in page

    response = client.post(reverse("meetings:record", args=[meeting.pk]), record_post(meeting) | {"finalise": "1"})
    assert response.status_code == 302
    version = meeting.record.versions.get()
    assert version.content["plan"]["outcomes"][0]["outcome"] == "Outcome 1: read 30 common words by sight."
    assert version.content["plan"]["outcomes"][0]["progress"] == "Reads 24 of 30"
    outcome = PlanOutcome.objects.get(plan=plan)
    assert outcome.description == "Outcome 1: read 30 common words by sight."  # the plan is untouched
    assert OutcomeReview.objects.get(plan_outcome=outcome).progress == "Reads 24 of 30"

    shown = client.get(reverse("support_plans:plan", args=[plan.pk])).content.decode()
    assert "Progress noted at meetings" in shown and "Reads 24 of 30" in shown
    review_form = client.get(reverse("support_plans:review", args=[plan.pk])).content.decode()
    assert "Reads 24 of 30" in review_form


def test_finalising_a_record_leaves_the_plan_locked_and_unchanged(meeting, senco, pupil_a):
    plan = finalised_plan(pupil_a, senco, outcomes=1)
    record = start_record(meeting)
    record.outcome_reviews.update(progress="Nearly there", status_after=OutcomeStatus.ACHIEVED)
    finalise(record, senco)
    assert plan.outcomes.get().history.count() == 1  # written once, never changed
