"""A plan as a family reads it on screen (the page their link opens, and the portal): the plan itself, how the last
one went when a review closed the cycle before it, and the specialist words it uses, explained."""

from documents.glossary import glossary_for
from documents.plans import review_of
from support_plans.models import PLAN_WORDS, SupportPlan
from support_plans.reading import PlanShown, shown


def words_of(showing: PlanShown) -> str:
    """The plan's text, to find the glossary terms it uses."""
    plan = showing.plan
    parts = [getattr(plan, name) for name in PLAN_WORDS]
    for item in showing.outcomes:
        outcome = item.outcome
        parts += [outcome.description, outcome.baseline, outcome.success_measure, outcome.measured_how]
        parts += [outcome.home_actions] + [provision.what for provision in item.provisions]
    parts += [provision.what for provision in showing.whole_plan_support]
    parts += [provision.get_wave_display() for provision in showing.all_provisions]
    # The page's own headings say 'outcome', 'provision', 'baseline' and 'SMART'.
    return "\n".join([*parts, "outcome provision baseline SMART"])


def family_plan(plan: SupportPlan) -> dict:
    showing = shown(plan)
    return {
        "shown": showing,
        "plan": plan,
        "last_review": review_of(plan.previous) if plan.previous_id else None,
        "words_on_page": glossary_for(words_of(showing)),
    }
