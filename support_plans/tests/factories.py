import datetime

import factory

from provision.models import Wave
from pupils.tests.factories import PupilFactory
from support_plans import cycle
from support_plans.models import PlanOutcome, PlanProvision, SupportPlan


class SupportPlanFactory(factory.django.DjangoModelFactory):
    """A draft; `finalised_plan` below makes a current one the way the SENCO would."""

    class Meta:
        model = SupportPlan

    pupil = factory.SubFactory(PupilFactory)
    number = factory.LazyAttribute(lambda plan: plan.pupil.support_plans.count() + 1)
    starts_on = datetime.date(2026, 9, 7)
    review_on = datetime.date(2026, 12, 4)
    aspirations = "To read stories to her little brother, and to be a vet one day."
    needs = "Reading and spelling are hard for her: she knows a lot and can say it, but writing it down is slow."
    child_views = "I like it when I can tell the answer instead of writing it."
    parent_views = "She is tired after school and gets upset about spelling tests."
    barriers = "Missed sessions when the TA covers classes: a second adult is named."
    feedback_arrangements = "A note home every Friday and a phone call each half term."


class PlanOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanOutcome

    plan = factory.SubFactory(SupportPlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    description = "Read 30 common words by sight."
    baseline = "Reads 12 of the 30 words on the card."
    success_measure = "Reads all 30 words on the card in two checks a week apart."
    by_when = datetime.date(2026, 12, 4)
    measured_how = "The word card, checked by the TA each Friday."
    home_actions = "Five minutes with the word cards after tea, four nights a week."
    who_helps = "Mrs Patel (TA)"


class PlanProvisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanProvision

    plan = factory.SubFactory(SupportPlanFactory)
    outcome = None
    what = "Precision teaching of sight words"
    frequency = "4 times a week"
    minutes = 10
    group_size = 1
    wave = Wave.INDIVIDUAL


def draft_plan(pupil=None, outcomes: int = 2, **fields) -> SupportPlan:
    """A draft with `outcomes` outcomes, each with one provision, and one provision across the whole plan."""
    plan = SupportPlanFactory(pupil=pupil or PupilFactory(), **fields)
    for n in range(1, outcomes + 1):
        outcome = PlanOutcomeFactory(plan=plan, order=n, description=f"Outcome {n}: read 30 common words by sight.")
        PlanProvisionFactory(plan=plan, outcome=outcome, what=f"Support for outcome {n}")
    PlanProvisionFactory(plan=plan, what="Coloured overlay and a reading ruler", frequency="Every lesson", wave=1)
    return plan


def finalised_plan(pupil=None, user=None, outcomes: int = 2, **fields) -> SupportPlan:
    return cycle.finalise(draft_plan(pupil, outcomes, **fields), user)


def plans_world(pupil, senco) -> dict:
    """For the access tests: the pupil's current plan, the draft of its next version, and an outcome of the draft."""
    plan = finalised_plan(pupil, senco)
    draft = cycle.start_plan(pupil, senco)
    return {"plan": plan, "draft": draft, "plan_outcome": draft.outcomes.first()}
