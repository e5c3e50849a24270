"""What meetings said about a plan's outcomes, on the plan's pages (support_plans sits below meetings, so its pages
load this by name): `{% load plan_progress %}{% progress_at_meetings plan as progress %}`, then for each outcome
`{% for review in progress|of_outcome:outcome.pk %}`."""

from collections import defaultdict

from django import template

from support_plans.models import SupportPlan

from ..models import OutcomeReview, RecordStatus

register = template.Library()


@register.simple_tag
def progress_at_meetings(plan: SupportPlan) -> dict[int, list[OutcomeReview]]:
    """The progress noted against each of the plan's outcomes in finalised meeting records, oldest first, by
    outcome; one query for the whole plan."""
    if plan.is_draft:
        return {}
    reviews = (
        OutcomeReview.objects.filter(plan_outcome__plan=plan, record__status=RecordStatus.FINALISED)
        .exclude(progress="")
        .select_related("record__meeting")
        .order_by("record__meeting__starts_at", "pk")
    )
    progress = defaultdict(list)
    for review in reviews:
        progress[review.plan_outcome_id].append(review)
    return dict(progress)


@register.filter
def of_outcome(progress: dict[int, list[OutcomeReview]], outcome_pk: int) -> list[OutcomeReview]:
    return progress.get(outcome_pk, [])
