"""A pupil's SEN support plan as a PDF for the family: what we are aiming for, each outcome with the help for it and
what the family can do at home, everyone's views, how we will keep in touch and when we will look at it again; after
a review, how the last plan went. The same print style as every parent-facing document (documents/rendering.py).

Where a provision is one of the school's intervention groups, the plan shows the group's timetable as it is now
(provision/models.py), so a change to the group's sessions shows on the plan the next time it is printed.
"""

from dataclasses import dataclass

from common.downloads import file_name
from support_plans.models import OutcomeResult, PlanReview, PlanStatus, SupportPlan
from support_plans.reading import shown

from .records import family_needs_large_print
from .rendering import render_html, render_pdf


@dataclass
class ReviewInPlan:
    """A review that closed a cycle, with each outcome's result, in the outcomes' order."""

    review: PlanReview
    results: list[OutcomeResult]


def review_of(plan: SupportPlan | None) -> ReviewInPlan | None:
    review = PlanReview.objects.filter(plan=plan).select_related("held_by").first() if plan else None
    if review is None:
        return None
    results = list(review.results.select_related("outcome").order_by("outcome__order", "outcome__pk"))
    return ReviewInPlan(review=review, results=results)


def plan_context(plan: SupportPlan) -> dict:
    """Everything the plan's template shows, read in a fixed number of queries (support_plans/reading.py)."""
    plan = SupportPlan.objects.select_related("pupil", "written_by", "finalised_by", "previous").get(pk=plan.pk)
    showing = shown(plan)
    return {
        "plan": plan,
        "pupil": plan.pupil,
        "first_name": plan.pupil.first_name,
        "outcomes": showing.outcomes,
        "whole_plan_support": showing.whole_plan_support,
        "last_review": review_of(plan.previous),
        "this_review": review_of(plan) if not plan.is_draft else None,
        "author": plan.written_by or plan.finalised_by,
        "replaced_by": (
            plan.followed_by.exclude(status=PlanStatus.DRAFT).order_by("number").first()
            if plan.status == PlanStatus.SUPERSEDED
            else None
        ),
    }


def plan_title(plan: SupportPlan) -> str:
    return f"{plan.pupil.first_name}'s SEN support plan, version {plan.number}"


def plan_pdf(plan: SupportPlan, *, large_print: bool, request=None) -> bytes:
    return render_pdf(
        "documents/plan.html", plan_context(plan), large_print=large_print, title=plan_title(plan), request=request
    )


def plan_html(plan: SupportPlan, *, large_print: bool) -> str:
    """The plan as one HTML document, to print with a letter in the office's batch of letters."""
    return render_html("documents/plan.html", plan_context(plan), large_print=large_print, title=plan_title(plan))


def plan_file_name(plan: SupportPlan) -> str:
    return file_name("support-plan", plan.pupil.first_name, f"v{plan.number}", ending=".pdf")


def plan_large_print(plan: SupportPlan) -> bool:
    """Large print by default when any parent with parental responsibility needs it."""
    return family_needs_large_print(plan.pupil)
