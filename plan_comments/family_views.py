"""A new draft's 'what the parents or carers told us', started from what the family said, so that the SENCO begins
from their words rather than a blank box:

- a version drafted at a review starts from the family's comments on the plan before it (what they said before that
  review), in place of the words copied from the old version, which stay readable in it;
- a first plan with nothing written there starts from the family's latest replies before meetings (what they wanted
  to talk about, how things are at home: `replies.Reply.with_views`).

Each is marked with who said it and when. It is a draft: staff change it as they write. Words that would not fit the
box are not cut: the box is left as it was.
"""

from django.utils.formats import date_format

from replies.models import Reply
from support_plans.models import PlanReview, PlanStatus, SupportPlan

from .models import PlanComment

PARTS = (("going_well", "Going well"), ("worries", "Worries"), ("changes", "Would like changed"))


def from_comments(plan: SupportPlan) -> str:
    review = PlanReview.objects.filter(plan=plan.previous_id).first()
    if review is None:
        return ""
    comments = PlanComment.objects.for_cycle(plan.previous_id).said().select_related("parent", "young_person")
    return "\n\n".join(
        "\n".join(
            [f"{comment.author_name}, before the review on {date_format(review.held_on, 'j F Y')}:"]
            + [f"{label}: {getattr(comment, field)}" for field, label in PARTS if getattr(comment, field)]
        )
        for comment in comments
    )


def from_replies(plan: SupportPlan) -> str:
    replies = (
        Reply.objects.with_views()
        .filter(meeting__pupil=plan.pupil_id, parent__pupil_links__pupil=plan.pupil_id)
        .select_related("parent", "meeting")
        .order_by("-answered_at")[:2]
    )
    return "\n\n".join(
        "\n".join(
            [f"{reply.parent.full_name}, before the meeting on {date_format(reply.meeting.meeting_date, 'j F Y')}:"]
            + [text for text in (reply.talk_about, reply.home_views) if text]
        )
        for reply in replies
    )


def start_from_the_familys_words(sender, instance: SupportPlan, created: bool = False, raw: bool = False, **kwargs):
    """A new draft (`post_save`): its parents' views from the family's own words, where there are any."""
    if raw or not created or instance.status != PlanStatus.DRAFT:
        return
    words = from_comments(instance) if instance.previous_id else ""
    if not words and not instance.parent_views.strip():
        words = from_replies(instance)
    limit = SupportPlan._meta.get_field("parent_views").max_length
    if words and len(words) <= limit:
        SupportPlan.objects.filter(pk=instance.pk).update(parent_views=words)
        instance.parent_views = words
