"""The plan's rules: the version lock, one draft and one current plan, finalising, new versions, the review cycle
and what is carried forward."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.tests.factories import UserFactory
from pupils.models import OutcomeStatus, ProvisionSetting
from pupils.tests.factories import OutcomeFactory, ProvisionFactory, PupilFactory
from support_plans import cycle
from support_plans.cycle import CannotFinalise, ResultGiven
from support_plans.models import (
    LOCKED,
    PlanLocked,
    PlanOutcome,
    PlanProvision,
    PlanReview,
    PlanStatus,
    Result,
    SupportPlan,
)

from .factories import PlanOutcomeFactory, PlanProvisionFactory, SupportPlanFactory, draft_plan, finalised_plan

REVIEW_DAY = datetime.date(2026, 12, 3)


def review(plan, user, results: dict[int, tuple[str, bool | None]], held_on=REVIEW_DAY):
    """Review `plan` with `results` by outcome order: (result, carry forward or None for the default)."""
    given = [
        ResultGiven(
            outcome=outcome,
            evidence=f"Evidence for outcome {outcome.order}",
            result=results[outcome.order][0],
            next_steps="Keep going",
            carry_forward=results[outcome.order][1],
        )
        for outcome in plan.outcomes.all()
    ]
    return cycle.record_review(
        plan, held_on=held_on, held_by=user, notes="Mum and Amelia came.", results=given, user=user
    )


# The version lock


@pytest.mark.django_db
def test_a_finalised_plan_refuses_any_change_to_what_was_agreed(senco):
    plan = finalised_plan(user=senco)
    plan.aspirations = "Something else"
    with pytest.raises(PlanLocked, match="only superseded"):
        plan.save()
    with pytest.raises(ValidationError) as refused:
        plan.full_clean()
    assert LOCKED in str(refused.value)
    with pytest.raises(PlanLocked):
        plan.delete()
    assert SupportPlan.objects.get(pk=plan.pk).aspirations.startswith("To read stories")


@pytest.mark.django_db
def test_a_finalised_plans_outcomes_and_provision_are_locked_too(senco):
    plan = finalised_plan(user=senco)
    outcome = plan.outcomes.first()
    outcome.success_measure = "Changed"
    with pytest.raises(PlanLocked):
        outcome.save()
    with pytest.raises(PlanLocked):
        outcome.delete()
    with pytest.raises(ValidationError, match="only superseded"):
        outcome.full_clean()
    with pytest.raises(PlanLocked):
        PlanOutcome.objects.create(plan=plan, description="New", success_measure="New", by_when=REVIEW_DAY)
    provision = plan.provisions.first()
    provision.minutes = 60
    with pytest.raises(PlanLocked):
        provision.save()
    with pytest.raises(PlanLocked):
        PlanProvision.objects.create(plan=plan, what="Extra")
    assert PlanOutcome.objects.get(pk=outcome.pk).success_measure.startswith("Reads all 30")


@pytest.mark.django_db
def test_a_draft_can_be_changed_freely():
    plan = draft_plan()
    plan.needs = "New words"
    plan.save()
    outcome = plan.outcomes.first()
    outcome.description = "Read 40 words"
    outcome.save()
    outcome.delete()
    assert plan.outcomes.count() == 1


@pytest.mark.django_db
def test_a_pupil_has_one_draft_and_one_current_plan_at_most(senco):
    plan = finalised_plan(user=senco)
    SupportPlanFactory(pupil=plan.pupil)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportPlanFactory(pupil=plan.pupil)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportPlan.objects.filter(pupil=plan.pupil, status=PlanStatus.DRAFT).update(
            status=PlanStatus.FINALISED, finalised_at=plan.finalised_at
        )


@pytest.mark.django_db
def test_a_review_date_before_the_start_is_refused_by_the_model_and_the_database():
    plan = SupportPlanFactory.build(
        pupil=PupilFactory(), number=1, starts_on=datetime.date(2026, 9, 7), review_on=datetime.date(2026, 9, 6)
    )
    with pytest.raises(ValidationError) as refused:
        plan.full_clean()
    assert refused.value.message_dict["review_on"] == [
        "The review date must be on or after the day the plan starts (7 September 2026)."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.save()


@pytest.mark.django_db
def test_an_outcome_without_a_measure_of_success_is_refused():
    outcome = PlanOutcomeFactory.build(plan=SupportPlanFactory(), success_measure="   ")
    with pytest.raises(ValidationError) as refused:
        outcome.full_clean()
    assert "needs a measure of success" in str(refused.value.message_dict["success_measure"])


@pytest.mark.django_db
def test_provision_must_serve_an_outcome_of_its_own_plan_and_have_a_group_of_one_or_more():
    plan, other = SupportPlanFactory(), SupportPlanFactory()
    provision = PlanProvisionFactory.build(
        plan=plan,
        outcome=PlanOutcomeFactory(plan=other),
        group_size=0,
        starts_on=REVIEW_DAY,
        ends_on=REVIEW_DAY.replace(day=1),
    )
    with pytest.raises(ValidationError) as refused:
        provision.full_clean()
    errors = refused.value.message_dict
    assert errors["outcome"] == ["Choose an outcome of this plan."]
    assert "at least one pupil" in errors["group_size"][0]
    assert errors["ends_on"] == ["The end date must be on or after the start date."]


# Finalising and new versions


@pytest.mark.django_db
def test_finalising_makes_the_draft_current_and_keeps_the_plan_it_replaces(senco):
    first = finalised_plan(user=senco)
    assert first.status == PlanStatus.FINALISED and first.finalised_by == senco and first.finalised_at
    second = cycle.start_plan(first.pupil, senco)
    assert (second.number, second.previous, second.status) == (2, first, PlanStatus.DRAFT)
    cycle.finalise(second, senco)
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED and first.superseded_at
    assert SupportPlan.objects.get(pk=second.pk).status == PlanStatus.FINALISED


@pytest.mark.django_db
def test_a_draft_without_outcomes_cannot_be_finalised(senco):
    plan = SupportPlanFactory()
    with pytest.raises(CannotFinalise, match="at least one outcome"):
        cycle.finalise(plan, senco)
    assert SupportPlan.objects.get(pk=plan.pk).is_draft


@pytest.mark.django_db
def test_finalising_twice_is_refused(senco):
    plan = finalised_plan(user=senco)
    with pytest.raises(PlanLocked, match="already finalised"):
        cycle.finalise(plan, senco)


@pytest.mark.django_db
def test_a_new_version_copies_the_current_plan_into_a_draft(senco):
    current = finalised_plan(user=senco)
    draft = cycle.start_plan(current.pupil, senco)
    assert draft.aspirations == current.aspirations and draft.feedback_arrangements == current.feedback_arrangements
    copied = list(draft.outcomes.all())
    assert [o.carried_from for o in copied] == list(current.outcomes.all())
    assert [o.success_measure for o in copied] == [o.success_measure for o in current.outcomes.all()]
    assert sorted((p.what, p.outcome.carried_from_id if p.outcome else None) for p in draft.provisions.all()) == sorted(
        (p.what, p.outcome_id) for p in current.provisions.all()
    )
    # Asked again, the same draft: never a second one.
    assert cycle.start_plan(current.pupil, senco) == draft


@pytest.mark.django_db
def test_a_first_plan_brings_in_the_targets_and_provision_still_open(senco):
    pupil = PupilFactory()
    working = OutcomeFactory(pupil=pupil, description="Tie shoelaces", status=OutcomeStatus.IN_PROGRESS)
    OutcomeFactory(pupil=pupil, description="Done already", status=OutcomeStatus.ACHIEVED)
    ProvisionFactory(pupil=pupil, intervention="Fine motor group", group_size=4, setting=ProvisionSetting.WITHDRAWN)
    ProvisionFactory(
        pupil=pupil, intervention="Ended", start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2024, 3, 1)
    )
    plan = cycle.start_plan(pupil, senco, today=datetime.date(2026, 9, 7))
    assert (plan.number, plan.starts_on, plan.written_by) == (1, datetime.date(2026, 9, 7), senco)
    assert plan.review_on == datetime.date(2026, 11, 30)  # a term on: twelve weeks, a Monday in term
    (outcome,) = plan.outcomes.all()
    assert (outcome.description, outcome.former_target) == ("Tie shoelaces", working)
    (provision,) = plan.provisions.all()
    assert (provision.what, provision.group_size, provision.setting, provision.wave) == (
        "Fine motor group",
        4,
        ProvisionSetting.WITHDRAWN,
        2,
    )


@pytest.mark.django_db
def test_a_draft_can_be_discarded_but_a_finalised_plan_cannot(senco):
    current = finalised_plan(user=senco)
    draft = cycle.start_plan(current.pupil, senco)
    cycle.discard_draft(draft)
    assert list(SupportPlan.objects.filter(pupil=current.pupil)) == [current]
    with pytest.raises(PlanLocked):
        cycle.discard_draft(current)


# The review cycle


@pytest.mark.django_db
def test_a_review_closes_the_cycle_and_carries_outcomes_not_met_into_the_next_draft(senco):
    plan = finalised_plan(user=senco, outcomes=4)
    the_review, draft = review(
        plan,
        senco,
        {1: (Result.MET, None), 2: (Result.PARTLY_MET, None), 3: (Result.NOT_MET, None), 4: (Result.MET, True)},
    )
    assert the_review.plan == plan and the_review.held_on == REVIEW_DAY
    assert {r.outcome.order: (r.result, r.carry_forward) for r in the_review.results.all()} == {
        1: (Result.MET, False),
        2: (Result.PARTLY_MET, True),
        3: (Result.NOT_MET, True),
        4: (Result.MET, True),
    }
    assert (draft.number, draft.previous, draft.status) == (2, plan, PlanStatus.DRAFT)
    assert draft.starts_on == REVIEW_DAY and draft.review_on > REVIEW_DAY
    carried = list(draft.outcomes.all())
    assert [o.carried_from.order for o in carried] == [2, 3, 4]
    # Where the pupil is now is where the next cycle starts; the date moves to the next review.
    assert carried[0].baseline == "Evidence for outcome 2"
    assert {o.by_when for o in carried} == {draft.review_on}
    # Their provision comes too, and the support across the whole plan; the met outcome's provision does not.
    assert sorted(p.what for p in draft.provisions.all()) == [
        "Coloured overlay and a reading ruler",
        "Support for outcome 2",
        "Support for outcome 3",
        "Support for outcome 4",
    ]
    # The reviewed plan stays current until the next version is agreed.
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FINALISED


@pytest.mark.django_db
def test_an_outcome_not_met_may_be_left_behind_when_chosen(senco):
    plan = finalised_plan(user=senco, outcomes=2)
    _, draft = review(plan, senco, {1: (Result.NOT_MET, False), 2: (Result.NOT_MET, None)})
    assert [o.carried_from.order for o in draft.outcomes.all()] == [2]


@pytest.mark.django_db
def test_a_plan_is_reviewed_once_and_a_review_cannot_be_changed(senco):
    plan = finalised_plan(user=senco, outcomes=1)
    the_review, _ = review(plan, senco, {1: (Result.MET, None)})
    with pytest.raises(PlanLocked, match="reviewed already"):
        review(plan, senco, {1: (Result.MET, None)})
    the_review.notes = "Changed"
    with pytest.raises(PlanLocked, match="cannot be changed"):
        the_review.save()
    result = the_review.results.get()
    result.result = Result.NOT_MET
    with pytest.raises(PlanLocked):
        result.save()


@pytest.mark.django_db
def test_only_the_current_plan_can_be_reviewed(senco):
    draft = draft_plan()
    with pytest.raises(PlanLocked, match="Only the current plan"):
        review(draft, senco, {1: (Result.MET, None), 2: (Result.MET, None)})
    assert not PlanReview.objects.exists()


@pytest.mark.django_db
def test_a_review_needs_a_result_for_every_outcome(senco):
    plan = finalised_plan(user=senco, outcomes=2)
    only_one = [ResultGiven(outcome=plan.outcomes.first(), evidence="e", result=Result.MET)]
    with pytest.raises(ValueError, match="each of the plan's outcomes"):
        cycle.record_review(plan, held_on=REVIEW_DAY, held_by=senco, notes="", results=only_one, user=senco)
    assert not PlanReview.objects.exists()


@pytest.mark.django_db
def test_a_review_keeps_a_next_draft_already_started(senco):
    plan = finalised_plan(user=senco, outcomes=2)
    started = cycle.start_plan(plan.pupil, senco)
    _, draft = review(plan, senco, {1: (Result.MET, None), 2: (Result.NOT_MET, None)})
    assert draft == started and draft.outcomes.count() == 2


@pytest.mark.django_db
def test_the_next_version_finalised_after_a_review_replaces_the_reviewed_plan(senco):
    plan = finalised_plan(user=senco, outcomes=1)
    _, draft = review(plan, senco, {1: (Result.NOT_MET, None)})
    cycle.finalise(draft, senco)
    assert list(SupportPlan.objects.filter(pupil=plan.pupil).values_list("number", "status")) == [
        (2, PlanStatus.FINALISED),
        (1, PlanStatus.SUPERSEDED),
    ]


@pytest.mark.django_db
def test_the_admin_shows_plans_and_reviews_without_changing_them(client, senco):
    plan = finalised_plan(user=senco, outcomes=1)
    the_review, _ = review(plan, senco, {1: (Result.MET, None)})
    client.force_login(UserFactory(email="it@school.example", role="senco", is_staff=True, is_superuser=True))
    for name, pk in (("supportplan", plan.pk), ("planreview", the_review.pk)):
        assert client.get(reverse(f"admin:support_plans_{name}_changelist")).status_code == 200
        page = client.get(reverse(f"admin:support_plans_{name}_change", args=[pk]))
        assert page.status_code == 200 and "Save" not in page.content.decode()


@pytest.mark.django_db
def test_a_draft_needs_the_pupils_needs_how_progress_is_fed_back_and_outcomes_due_after_the_start(senco):
    plan = draft_plan(needs="", feedback_arrangements=" ", outcomes=2)
    plan.outcomes.filter(order=2).update(by_when=datetime.date(2026, 9, 1))
    with pytest.raises(CannotFinalise) as refused:
        cycle.finalise(plan, senco)
    assert str(refused.value) == (
        "Say what the pupil's needs are, in plain words. Say how and when the family will hear about progress. "
        "Outcome 2: the date it is due by is before the plan starts; change it."
    )
