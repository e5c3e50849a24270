"""The plan's cycle: assess, plan, do, review. Starting a plan, finalising it (which locks it and replaces the
version before), starting a new version from the current one, and recording the review that closes a cycle and
drafts the next from it. Each is one function doing the change and all that follows from it, in one transaction.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from provision.models import Wave
from pupils.models import OutcomeStatus, Pupil
from school.calendar import is_school_day, next_school_day

from .models import (
    CARRIED_BY_DEFAULT,
    PLAN_WORDS,
    OutcomeResult,
    PlanLocked,
    PlanOutcome,
    PlanProvision,
    PlanReview,
    PlanStatus,
    SupportPlan,
)

# A cycle usually runs a term: the review comes about twelve weeks after the plan starts.
A_TERM = timedelta(weeks=12)

OUTCOME_WORDS = ("order", "description", "baseline", "success_measure", "by_when", "measured_how", "home_actions")
PROVISION_WORDS = (
    "what",
    "frequency",
    "minutes",
    "group_size",
    "staff_id",
    "who",
    "setting",
    "wave",
    "group_id",
    "starts_on",
    "ends_on",
)


class CannotFinalise(Exception):
    """The draft is not ready to be agreed: it says what is missing."""


def a_term_after(day: date) -> date:
    """The usual review date for a cycle starting on `day`: a term on, on a school day."""
    review = day + A_TERM
    return review if is_school_day(review) else next_school_day(review)


@dataclass
class PupilPlans:
    """A pupil's plans as the page shows them: the draft, the current one and the earlier versions."""

    draft: SupportPlan | None
    current: SupportPlan | None
    past: list[SupportPlan]

    @property
    def any(self) -> bool:
        return bool(self.draft or self.current or self.past)

    def outcomes_in_force(self) -> list[PlanOutcome]:
        """The outcomes being worked towards: the current plan's (or the draft's, before any is agreed), leaving
        out those finished before plans began."""
        plan = self.current or self.draft
        if plan is None:
            return []
        return [o for o in plan.outcomes.order_by("order", "pk") if not o.was_finished_before_plans]

    @property
    def all(self) -> list[SupportPlan]:
        """Every version, the latest first."""
        return [plan for plan in (self.draft, self.current) if plan] + self.past


def plans_of(pupil: Pupil) -> PupilPlans:
    """All of a pupil's versions in one query (the outcomes are read by the page that shows one)."""
    plans = list(
        SupportPlan.objects.filter(pupil=pupil)
        .select_related("finalised_by", "written_by", "review")
        .order_by("-number")
    )
    return PupilPlans(
        draft=next((p for p in plans if p.status == PlanStatus.DRAFT), None),
        current=next((p for p in plans if p.status == PlanStatus.FINALISED), None),
        past=[p for p in plans if p.status == PlanStatus.SUPERSEDED],
    )


def _next_number(pupil: Pupil) -> int:
    return (SupportPlan.objects.filter(pupil=pupil).aggregate(last=Max("number"))["last"] or 0) + 1


def _lock_pupil(pupil: Pupil) -> None:
    """Two people starting a plan for one pupil at once: the second waits, then sees the first one's draft."""
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()


@transaction.atomic
def start_plan(pupil: Pupil, user, today: date | None = None) -> SupportPlan:
    """The pupil's draft: the one already being written, a copy of the current plan to change, or (for a pupil with
    no plan yet) a first plan holding the targets still being worked towards and the support still running, as
    they were before plans."""
    _lock_pupil(pupil)
    existing = SupportPlan.objects.filter(pupil=pupil, status=PlanStatus.DRAFT).first()
    if existing:
        return existing
    current = SupportPlan.objects.filter(pupil=pupil, status=PlanStatus.FINALISED).first()
    if current:
        # Outcomes already finished before plans began stay in the version that records them.
        outcomes = [o for o in current.outcomes.all() if not o.was_finished_before_plans]
        return _copy(current, user, outcomes=outcomes)
    today = today or timezone.localdate()
    plan = SupportPlan.objects.create(
        pupil=pupil, number=_next_number(pupil), starts_on=today, review_on=a_term_after(today), written_by=user
    )
    _bring_in_targets_and_provision(plan, today)
    return plan


def _bring_in_targets_and_provision(plan: SupportPlan, today: date) -> None:
    """Targets and provision recorded before plans (pupils.Outcome, pupils.Provision) that are still open."""
    pupil = plan.pupil
    targets = pupil.outcomes.filter(status=OutcomeStatus.IN_PROGRESS).order_by("review_date", "pk")
    PlanOutcome.objects.bulk_create(
        PlanOutcome(
            plan=plan,
            order=position,
            description=target.description,
            success_measure=target.success_measure,
            who_helps=target.who_helps,
            # A review date already past would be before the plan starts: the plan's review date instead.
            by_when=target.review_date if target.review_date >= plan.starts_on else plan.review_on,
            former_target=target,
            status_before_plans=target.status,
        )
        for position, target in enumerate(targets, start=1)
    )
    running = [p for p in pupil.provisions.all() if p.end_date is None or p.end_date >= today]
    PlanProvision.objects.bulk_create(
        PlanProvision(
            plan=plan,
            what=p.intervention,
            frequency=p.frequency,
            group_size=p.group_size,
            staff_id=p.staff_id,
            setting=p.setting,
            wave=Wave.INDIVIDUAL if p.group_size == 1 else Wave.SMALL_GROUP,
            ends_on=p.end_date,
            former_provision=p,
        )
        for p in running
    )


def _copy(source: SupportPlan, user, outcomes: list[PlanOutcome], after_review: bool = False) -> SupportPlan:
    """A new draft from `source`: its words, the `outcomes` given (each continuing the one it copies) with their
    provision, and the support across the whole plan."""
    starts_on = source.review.held_on if after_review else max(source.starts_on, timezone.localdate())
    # A new version part-way through keeps the review date, unless it has passed: then a term on.
    review_on = source.review_on if source.review_on > starts_on and not after_review else a_term_after(starts_on)
    plan = SupportPlan.objects.create(
        pupil=source.pupil,
        number=_next_number(source.pupil),
        previous=source,
        starts_on=starts_on,
        review_on=review_on,
        written_by=user,
        **{name: getattr(source, name) for name in PLAN_WORDS},
    )
    copies = {}
    for outcome in outcomes:
        words = {name: getattr(outcome, name) for name in OUTCOME_WORDS}
        if after_review:
            # Where the pupil is now is where the next cycle starts from; its date moves to the new review.
            words["baseline"] = outcome.result.evidence
            words["by_when"] = review_on
        elif outcome.by_when < starts_on:
            words["by_when"] = review_on  # due before the new version starts: the review date, to be looked at
        copies[outcome.pk] = PlanOutcome.objects.create(
            plan=plan, carried_from=outcome, who_helps=outcome.who_helps, **words
        )
    provisions = source.provisions.filter(Q(outcome__isnull=True) | Q(outcome__in=list(copies)))
    PlanProvision.objects.bulk_create(
        PlanProvision(
            plan=plan,
            outcome=copies.get(provision.outcome_id),
            **{name: getattr(provision, name) for name in PROVISION_WORDS},
        )
        for provision in provisions
    )
    return plan


def readiness_problems(plan: SupportPlan) -> list[str]:
    """What a draft still needs before it can be agreed with the family."""
    problems = []
    if not plan.needs.strip():
        problems.append("Say what the pupil's needs are, in plain words.")
    if not plan.feedback_arrangements.strip():
        problems.append("Say how and when the family will hear about progress.")
    if not plan.outcomes.exists():
        problems.append("Add at least one outcome: a plan says what the pupil is working towards.")
    if plan.outcomes.filter(success_measure="").exists():
        problems.append("Every outcome needs a measure of success.")
    late = [o.order for o in plan.outcomes.filter(by_when__lt=plan.starts_on)]
    if late:
        problems.append(
            f"Outcome {', '.join(map(str, late))}: the date it is due by is before the plan starts; change it."
        )
    if plan.review_on < plan.starts_on:
        problems.append("The review date must be on or after the day the plan starts.")
    return problems


@transaction.atomic
def finalise(plan: SupportPlan, user) -> SupportPlan:
    """Agree the draft: it becomes the pupil's current plan, locked, and the plan it replaces is kept as
    superseded. Raises CannotFinalise (with what is missing) or PlanLocked (already finalised)."""
    _lock_pupil(plan.pupil)
    plan = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_draft:
        raise PlanLocked("This version is already finalised.")
    problems = readiness_problems(plan)
    if problems:
        raise CannotFinalise(" ".join(problems))
    now = timezone.now()
    for replaced in SupportPlan.objects.filter(pupil=plan.pupil, status=PlanStatus.FINALISED):
        replaced.status = PlanStatus.SUPERSEDED
        replaced.superseded_at = now
        replaced.save(update_fields=["status", "superseded_at", "updated_at"])
    plan.status = PlanStatus.FINALISED
    plan.finalised_at = now
    plan.finalised_by = user
    plan.save(update_fields=["status", "finalised_at", "finalised_by", "updated_at"])
    return plan


@transaction.atomic
def discard_draft(plan: SupportPlan) -> None:
    """Throw away a draft nobody agreed to (the current plan stays in force)."""
    plan = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_draft:
        raise PlanLocked()
    plan.provisions.all().delete()
    plan.outcomes.all().delete()
    plan.delete()


@dataclass
class ResultGiven:
    outcome: PlanOutcome
    evidence: str
    result: str
    next_steps: str = ""
    carry_forward: bool | None = None  # None: as the result suggests (not met and partly met are carried)


def carried_by_default(result: str) -> bool:
    return result in CARRIED_BY_DEFAULT


@transaction.atomic
def record_review(
    plan: SupportPlan, *, held_on: date, held_by, notes: str, results: list[ResultGiven], user
) -> tuple[PlanReview, SupportPlan]:
    """Close the plan's cycle: the review, a result for each of its outcomes, and the next version's draft, which
    carries the outcomes not met or partly met (and any met ones chosen) with their provision. Where a draft of the
    next version was already started, it is kept as it is and returned instead."""
    _lock_pupil(plan.pupil)
    plan = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.FINALISED:
        raise PlanLocked("Only the current plan can be reviewed: a draft is finalised first.")
    if PlanReview.objects.filter(plan=plan).exists():
        raise PlanLocked("This plan has been reviewed already: its cycle is closed.")
    outcome_ids = set(plan.outcomes.values_list("pk", flat=True))
    if {given.outcome.pk for given in results} != outcome_ids or len(results) != len(outcome_ids):
        raise ValueError("A review gives one result for each of the plan's outcomes.")
    review = PlanReview.objects.create(plan=plan, held_on=held_on, held_by=held_by, notes=notes, recorded_by=user)
    for given in results:
        carry = carried_by_default(given.result) if given.carry_forward is None else given.carry_forward
        given.outcome.result = OutcomeResult.objects.create(
            review=review,
            outcome=given.outcome,
            evidence=given.evidence,
            result=given.result,
            next_steps=given.next_steps,
            carry_forward=carry,
        )
    plan.review = review
    draft = SupportPlan.objects.filter(pupil=plan.pupil, status=PlanStatus.DRAFT).first()
    if draft is None:
        carried = [given.outcome for given in results if given.outcome.result.carry_forward]
        draft = _copy(plan, user, outcomes=carried, after_review=True)
    return review, draft
