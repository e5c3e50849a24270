"""A pupil's SEN support plan as a PDF for the family: what it says, how it looks, who may download it."""

import datetime

import pytest

from documents.plans import plan_pdf
from provision.models import GroupSession
from provision.tests.factories import GroupPlaceFactory, InterventionGroupFactory
from support_plans import cycle
from support_plans.models import Result
from support_plans.tests.factories import PlanOutcomeFactory, PlanProvisionFactory, draft_plan

from .pdfs import catalog, pdf_text, smallest_type


@pytest.fixture
def reading_group(pupil_a, teacher):
    group = InterventionGroupFactory(
        intervention__name="Precision reading",
        name="Year 4, Monday and Thursday",
        room="Library",
        led_by=teacher,
        sessions=[(0, datetime.time(9, 10), 20), (3, datetime.time(13, 30), 20)],
    )
    GroupPlaceFactory(group=group, pupil=pupil_a)
    return group


@pytest.fixture
def plan_a(school, pupil_a, senco, reading_group):
    """Amelia's first plan, reviewed (one outcome met, one partly met), and the second plan it led to, agreed."""
    first = cycle.finalise(draft_plan(pupil_a, outcomes=2, written_by=senco), senco)
    outcomes = list(first.outcomes.order_by("order"))
    cycle.record_review(
        first,
        held_on=datetime.date(2026, 12, 4),
        held_by=senco,
        notes="",
        results=[
            cycle.ResultGiven(outcomes[0], "Reads all 30 words now.", Result.MET),
            cycle.ResultGiven(outcomes[1], "Reads 22 of the 30 words.", Result.PARTLY_MET, "Add a game at home."),
        ],
        user=senco,
    )
    second = pupil_a.support_plans.get(number=2)
    outcome = PlanOutcomeFactory(plan=second, order=9, description="Write a sentence with a capital letter.")
    PlanProvisionFactory(
        plan=second, outcome=outcome, what="Reading in a small group", group=reading_group, group_size=5
    )
    return cycle.finalise(second, senco)


def test_the_plan_says_everything_a_family_needs(plan_a):
    text = pdf_text(plan_pdf(plan_a, large_print=False))
    assert "Amelia's SEN support plan" in text
    for words in (
        "What we are aiming for",
        "To read stories to her little brother",
        "What Amelia needs help with",
        "Reading and spelling are hard for her",
        "What Amelia told us",
        "I like it when I can tell the answer",
        "What you told us",
        "She is tired after school",
        "Write a sentence with a capital letter",
        "Where Amelia is starting from (the baseline)",
        "What success will look like",
        "By when",
        "How we will measure it",
        "What you can do at home",
        "Five minutes with the word cards",
        "What might get in the way",
        "Missed sessions when the TA covers classes",
        "How we will keep you informed",
        "A note home every Friday",
        "When we will look at the plan again",
    ):
        assert words in text, words


def test_a_group_provision_shows_the_groups_timetable_as_it_is_now(plan_a, reading_group):
    text = pdf_text(plan_pdf(plan_a, large_print=False))
    assert "Monday at 9:10am for 20 minutes; Thursday at 1:30pm for 20 minutes" in text
    assert "(Library)" in text and "in a group of 5" in text
    GroupSession.objects.filter(group=reading_group, weekday=3).update(weekday=4)
    assert "Friday at 1:30pm for 20 minutes" in pdf_text(plan_pdf(plan_a, large_print=False))


def test_after_a_review_the_plan_says_how_the_last_one_went(plan_a):
    text = pdf_text(plan_pdf(plan_a, large_print=False))
    assert "How the last plan went" in text
    assert "We looked at Amelia's last plan together on Friday 4 December 2026" in text
    assert "Reads 22 of the 30 words." in text and "How it went: partly met" in text and "Add a game at home." in text


def test_the_plan_explains_the_words_it_uses(plan_a):
    text = pdf_text(plan_pdf(plan_a, large_print=False))
    assert "What some words mean" in text
    for explained in (
        "How much extra help a child gets, in three steps",
        "Good teaching for every child in the class",
        "A way of writing an outcome so that everyone can tell",
        "Where your child is starting from",
        "The help and support your child gets at school",
    ):
        assert explained in text, explained


def test_the_plan_is_at_least_14_point_and_18_in_large_print(plan_a):
    assert smallest_type(plan_pdf(plan_a, large_print=False)) >= 14
    assert smallest_type(plan_pdf(plan_a, large_print=True)) >= 18


def test_the_plan_is_tagged_with_its_language_and_title(plan_a):
    root, metadata = catalog(plan_pdf(plan_a, large_print=False))
    assert root["/Lang"] == "en-GB"
    assert metadata.title == "Amelia's SEN support plan, version 2"
