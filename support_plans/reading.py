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


def provisions_of(plan: SupportPlan):
    return plan.provisions.select_related("staff", "group__intervention", "group__led_by").prefetch_related(
        Prefetch("group__sessions", queryset=GroupSession.objects.order_by("weekday", "starts_at"))
    )


def shown(plan: SupportPlan) -> PlanShown:
    """Everything a page shows of one version of a plan."""
    outcomes = list(
        PlanOutcome.objects.filter(plan=plan)
        .select_related("result", "carried_from__plan", "former_target")
        .order_by("order", "pk")
    )
    by_outcome = {outcome.pk: OutcomeShown(outcome) for outcome in outcomes}
    whole_plan = []
    for provision in provisions_of(plan).order_by("pk"):
        if provision.outcome_id in by_outcome:
            by_outcome[provision.outcome_id].provisions.append(provision)
        else:
            whole_plan.append(provision)
    review = getattr(plan, "review", None) if plan.status != "draft" else None
    return PlanShown(plan=plan, outcomes=list(by_outcome.values()), whole_plan_support=whole_plan, review=review)
