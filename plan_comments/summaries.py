"""What staff see of a plan's journey to the family before its review: to whom it went (or goes), when and how, and
what each person said. Read in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from notices.models import Message, MessageStatus
from support_plans.models import PlanStatus, SupportPlan

from .comments import open_for_comments
from .models import PlanComment
from .sending import MESSAGE_KIND, due_on


@dataclass
class PlanSummary:
    messages: list[Message]  # to each parent: planned, sent, or what became of it
    comments: list[PlanComment]
    open: bool  # comments are still taken
    goes_on: date | None  # for a draft: the day it would go once finalised

    @property
    def said(self) -> list[PlanComment]:
        return [comment for comment in self.comments if comment.going_well or comment.worries or comment.changes]


def for_plan(plan: SupportPlan) -> PlanSummary:
    messages = (
        Message.objects.filter(support_plan=plan, kind=MESSAGE_KIND, resend_of=None)
        .exclude(status=MessageStatus.CANCELLED)
        .select_related("parent")
        .order_by("parent__last_name", "parent__first_name", "-due_at")
    )
    latest = {}
    for message in messages:
        latest.setdefault(message.parent_id, message)
    comments = list(PlanComment.objects.filter(plan=plan).select_related("parent", "young_person"))
    draft = plan.status == PlanStatus.DRAFT
    return PlanSummary(
        messages=list(latest.values()),
        comments=comments,
        open=open_for_comments(plan, timezone.now()),
        goes_on=due_on(plan.review_on) if draft else None,
    )
