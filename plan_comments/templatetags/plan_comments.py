"""Families' comments on other apps' pages, loaded by name so that support_plans need not know this app (it sits
above it): `{% plan_comments plan %}` on a plan's page and on the page where its review is recorded shows what each
parent said about that version before its review, and when the plan went (or goes) to them."""

from django import template

from support_plans.models import SupportPlan

from ..summaries import for_plan

register = template.Library()


@register.inclusion_tag("plan_comments/staff_block.html")
def plan_comments(plan: SupportPlan, recording_review: bool = False) -> dict:
    return {"plan": plan, "summary": for_plan(plan), "recording_review": recording_review}
