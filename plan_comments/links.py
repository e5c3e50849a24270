"""The personal link in the message that sends a family their child's plan before its review: making it, finding it
again, and what it opens now.

A short random code kept as a hash, as for the reply link (replies/links.py, whose alphabet and helpers it shares): a
family who gets the plan by letter types the address from paper (`/p/ABCD-EFGH-JKMN/`). Only the hash is kept; the
code goes out in the email and is taken out of the copy kept (a letter keeps it: the office prints it).

What it opens: the plan it was sent with, or, when that plan was replaced by a later version before its review, the
pupil's plan as it now stands (its own review date). Comments are taken until the review is recorded or its day
ends; after a review the page says so politely until the end of the review's day, and the day after that the link
has expired. A link that does not work (altered, never sent, or no longer the family's: parental responsibility
removed, or a young person who now decides alone) gets one plain page that names nobody, and changes nothing.
"""

import hmac
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from notices.content import site_url
from notices.models import Message
from replies.links import ALPHABET, CODE_LENGTH, SentLink, hash_code, new_code, normalised, spaced
from support_plans.models import PlanReview, PlanStatus, SupportPlan

from .comments import closes_at, open_for_comments
from .models import PlanComment, PlanCommentLink
from .sending import goes_to


class State:
    OPEN = "open"  # comments taken
    CLOSED = "closed"  # the review has been held: the page says so until the end of the review's day
    EXPIRED = "expired"  # after the review's day: the link no longer opens
    NOT_WORKING = "not_working"  # never sent, altered, or no longer this family's


def link_for(message: Message) -> SentLink | None:
    """The link this message carries, made the first time it is asked for while the message is written (the text and
    HTML parts share it). None for a message that is not a plan to a parent."""
    if message.pk is None or not message.parent_id or not message.support_plan_id:
        return None
    code = message.__dict__.get("_comment_code")
    if code is None:
        code = new_code()
        PlanCommentLink.objects.update_or_create(
            message=message,
            defaults={
                "token_hash": hash_code(code),
                "parent_id": message.parent_id,
                "plan_id": message.support_plan_id,
                "created_at": timezone.now(),
            },
        )
        message.__dict__["_comment_code"] = code
    return SentLink(url=site_url(reverse("plan_comments:comment", args=[spaced(code)])), code=spaced(code))


def find(code: str) -> PlanCommentLink | None:
    """The link a code names, or None for one never sent (or altered)."""
    code = normalised(code)
    if len(code) != CODE_LENGTH or any(character not in ALPHABET for character in code):
        return None
    digest = hash_code(code)
    link = PlanCommentLink.objects.select_related("parent", "plan__pupil").filter(token_hash=digest).first()
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link


@dataclass
class Occasion:
    """What a link opens as it stands now: the plan, until when comments are taken, and the parent's comment."""

    link: PlanCommentLink
    state: str
    plan: SupportPlan | None = None
    expires_at: datetime | None = None
    comment: PlanComment | None = None

    @property
    def parent(self):
        return self.link.parent

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN


def plan_now(link: PlanCommentLink) -> SupportPlan | None:
    """The plan the link sent, or the pupil's current plan when a later version replaced it before its review."""
    plan = link.plan
    if plan.status == PlanStatus.SUPERSEDED and not PlanReview.objects.filter(plan=plan).exists():
        return (
            SupportPlan.objects.filter(pupil=plan.pupil_id, status=PlanStatus.FINALISED).select_related("pupil").first()
        )
    return plan


def occasion(link: PlanCommentLink, now: datetime | None = None) -> Occasion:
    now = now or timezone.now()
    plan = plan_now(link)
    if plan is None or not goes_to(plan, link.parent_id):
        return Occasion(link=link, state=State.NOT_WORKING)
    found = Occasion(link=link, state=State.OPEN, plan=plan, expires_at=closes_at(plan))
    if now >= found.expires_at:
        found.state = State.EXPIRED
        return found
    if not open_for_comments(plan, now):
        found.state = State.CLOSED
    found.comment = PlanComment.objects.filter(plan=plan, parent=link.parent).first()
    return found


def note_opened(link: PlanCommentLink, now: datetime | None = None) -> None:
    PlanCommentLink.objects.filter(pk=link.pk).update(last_opened_at=now or timezone.now())
