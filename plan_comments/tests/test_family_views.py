"""A new draft starts its 'what the parents told us' from the family's own words."""

import datetime

import time_machine

from meetings.tests.factories import MeetingFactory
from plan_comments import comments
from pupils.tests.factories import OutcomeFactory
from replies.models import Answer, Reply
from support_plans import cycle
from support_plans.models import Result

from .helpers import london


def test_the_version_drafted_at_a_review_starts_from_the_familys_comments_before_it(plan_a, mother, senco):
    with time_machine.travel(london(2027, 3, 1, 19, 0), tick=False):
        comments.record(plan_a, {"going_well": "Reads to her brother.", "worries": "Spelling tests."}, parent=mother)
    with time_machine.travel(london(2027, 3, 12, 10, 0), tick=False):
        _, draft = cycle.record_review(
            plan_a,
            held_on=datetime.date(2027, 3, 12),
            held_by=senco,
            notes="",
            results=[cycle.ResultGiven(o, "Nearly.", Result.PARTLY_MET) for o in plan_a.outcomes.all()],
            user=senco,
        )
    draft.refresh_from_db()
    assert draft.parent_views.splitlines() == [
        "Alice Ashworth, before the review on 12 March 2027:",
        "Going well: Reads to her brother.",
        "Worries: Spelling tests.",
    ]
    plan_a.refresh_from_db()
    assert plan_a.parent_views == "She is tired after school and gets upset about spelling tests."  # as agreed


def test_a_first_plan_starts_from_the_familys_replies_before_meetings(school, pupil_a, mother, senco):
    OutcomeFactory(pupil=pupil_a)
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco)
    Reply.objects.create(parent=mother, meeting=meeting, answer=Answer.COMING, home_views="Mornings are hard.")
    plan = cycle.start_plan(pupil_a, senco)
    assert plan.parent_views.startswith("Alice Ashworth, before the meeting on ")
    assert plan.parent_views.endswith("Mornings are hard.")


def test_with_nothing_said_the_box_stays_empty(school, pupil_a, senco):
    OutcomeFactory(pupil=pupil_a)
    assert cycle.start_plan(pupil_a, senco).parent_views == ""
