"""A plan as a page shows it, read in a fixed number of queries however many outcomes and provisions it has: the
outcomes in order, each with its provision and its result at the review, and the support across the whole plan.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from provision.models import GroupSession

from .models import PLAN_WORDS, PlanOutcome, PlanProvision, SupportPlan


@dataclass
class OutcomeShown:
    outcome: PlanOutcome
    provisions: list[PlanProvision] = field(default_factory=list)

    @property
    def result(self):
        return getattr(self.outcome, "result", None)


@dataclass
class PlanShown:
    plan: SupportPlan
    outcomes: list[OutcomeShown]
    whole_plan_support: list[PlanProvision]
    review: object | None

    @property
    def words(self) -> list[tuple[str, str]]:
        """(heading, text) of the plan's own words, in the order a family reads them."""
        return [(self.plan._meta.get_field(name).verbose_name, getattr(self.plan, name)) for name in PLAN_WORDS]

    @property
    def all_provisions(self) -> list[PlanProvision]:
        return [p for shown in self.outcomes for p in shown.provisions] + self.whole_plan_support


def with_group_timetables(provisions):
    return provisions.select_related("staff", "group__intervention", "group__led_by").prefetch_related(
        Prefetch("group__sessions", queryset=GroupSession.objects.order_by("weekday", "starts_at"))
    )


def shown(plan: SupportPlan) -> PlanShown:
    """Everything a page shows of one version of a plan."""
    return shown_many([plan])[0]


def shown_many(plans: list[SupportPlan]) -> list[PlanShown]:
    """Several versions (a pupil's history of plans, for the SEN file or a subject access export) in the same
    number of queries as one. Each plan's review is read with it (`select_related("review")`) or here."""
    ids = [plan.pk for plan in plans]
    outcomes = (
        PlanOutcome.objects.filter(plan_id__in=ids)
        .select_related("result", "carried_from__plan", "former_target")
        .order_by("plan_id", "order", "pk")
    )
    by_outcome: dict[int, OutcomeShown] = {}
    by_plan: dict[int, list[OutcomeShown]] = {pk: [] for pk in ids}
    for outcome in outcomes:
        by_outcome[outcome.pk] = OutcomeShown(outcome)
        by_plan[outcome.plan_id].append(by_outcome[outcome.pk])
    whole_plan: dict[int, list[PlanProvision]] = {pk: [] for pk in ids}
    provisions = PlanProvision.objects.filter(plan_id__in=ids)
    for provision in with_group_timetables(provisions).order_by("pk"):
        if provision.outcome_id in by_outcome:
            by_outcome[provision.outcome_id].provisions.append(provision)
        else:
            whole_plan[provision.plan_id].append(provision)
    return [
        PlanShown(
            plan=plan,
            outcomes=by_plan[plan.pk],
            whole_plan_support=whole_plan[plan.pk],
            review=getattr(plan, "review", None) if plan.status != "draft" else None,
        )
        for plan in plans
    ]
