"""Recording a family's comments on the plan (through their link, or in the portal), and telling the plan's author.

Comments are taken while the plan is the current one, its review has not been recorded, and the review's day has
not ended: what the review is to hear. Each person has one comment per version of the plan, which they may change
until then; a change tells the author again (one email waiting at a time says the comment as it then stands).
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role, User
from notices.models import ReminderStatus
from pupils.models import ParentCarer, Pupil
from replies.links import end_of_day
from support_plans.models import PlanReview, PlanStatus, SupportPlan

from .models import PlanComment, PlanCommentReminder

# What a family can say: each is optional, but at least one must be said (forms.py).
FIELDS = ("going_well", "worries", "changes")


class CommentsClosed(Exception):
    """The plan is no longer open for comments: replaced, reviewed, or its review day is over."""


def closes_at(plan: SupportPlan) -> datetime:
    """Comments are taken until the end of the review's day."""
    return end_of_day(timezone.make_aware(datetime.combine(plan.review_on, datetime.min.time())))


def open_for_comments(plan: SupportPlan, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return plan.status == PlanStatus.FINALISED and now < closes_at(plan) and not _has_review(plan)


def _has_review(plan: SupportPlan) -> bool:
    if SupportPlan.review.is_cached(plan):  # read with the plan (select_related("review")): no query
        return getattr(plan, "review", None) is not None
    return PlanReview.objects.filter(plan=plan).exists()


def author_of(plan: SupportPlan) -> User | None:
    """Who is told of the family's comments: whoever wrote the plan, or finalised it; for a plan nobody is named on
    (made from the targets before plans), the SENCO."""
    for person in (plan.written_by, plan.finalised_by):
        if person is not None and person.is_active:
            return person
    return User.objects.filter(role=Role.SENCO, is_active=True).order_by("pk").first()


@transaction.atomic
def record(
    plan: SupportPlan,
    said: dict,
    *,
    parent: ParentCarer | None = None,
    young_person: Pupil | None = None,
    through_portal: bool = False,
    now: datetime | None = None,
) -> tuple[PlanComment, bool]:
    """Save what `parent` (or `young_person`) said about `plan` (`said`: FIELDS, checked by the form). Returns the
    comment and whether anything changed; a change tells the plan's author. Raises CommentsClosed once the plan no
    longer takes comments."""
    now = now or timezone.now()
    plan = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    if not open_for_comments(plan, now):
        raise CommentsClosed
    said = {field: said.get(field, "") for field in FIELDS}
    who = {"parent": parent} if parent is not None else {"young_person": young_person}
    comment = PlanComment.objects.select_for_update().filter(plan=plan, **who).first()
    if comment is None:
        try:
            with transaction.atomic():
                comment = PlanComment.objects.create(
                    plan=plan, written_at=now, through_portal=through_portal, **who, **said
                )
        except IntegrityError:  # the same person's comment from another tab a moment ago: this one changes it
            comment = PlanComment.objects.select_for_update().get(plan=plan, **who)
        else:
            tell_the_author(comment, now)
            return comment, True
    if all(getattr(comment, field) == value for field, value in said.items()):
        return comment, False
    for field, value in said.items():
        setattr(comment, field, value)
    comment.changed_at = now
    comment.save()
    tell_the_author(comment, now)
    return comment, True


def tell_the_author(comment: PlanComment, now: datetime) -> None:
    """An email at the next scan to the plan's author (`plan_comments.reminders`), unless one is already waiting."""
    author = author_of(comment.plan)
    if author is None or PlanCommentReminder.objects.filter(comment=comment, status=ReminderStatus.PLANNED).exists():
        return
    try:
        with transaction.atomic():
            PlanCommentReminder.objects.create(comment=comment, recipient=author, due_at=now)
    except IntegrityError:  # planned by another request a moment ago
        pass
