"""A plan as a family reads it on screen (the page their link opens, and the portal): the plan itself, how the last
one went when a review closed the cycle before it. The specialist words it uses are explained from the page as
rendered (documents.glossary.explain_words_on_page), so they are not looked up here as well."""

from documents.plans import review_of
from support_plans.models import SupportPlan
from support_plans.reading import shown


def family_plan(plan: SupportPlan) -> dict:
    showing = shown(plan)
    return {
        "shown": showing,
        "plan": plan,
        "last_review": review_of(plan.previous) if plan.previous_id else None,
    }
