"""When a pupil's current plan goes to the parents before its review, and to whom: each parent with parental
responsibility (not the parents of a young person who decides without them), by the way each is reached (an email,
or a letter on the office's list with the plan enclosed: `notices.channels.channel_choice`), 14 days before the
review date, on a school day (the school day before, when that day is not one), at the school's reminder time. A plan
agreed less than 14 days before its review goes at once.

Exactly once: each parent's message is a row (Message.support_plan), planned here and sent by the notices machinery,
which claims it before sending. `plan_for_review` keeps the rows in line with the plan as it stands, and is safe to
call any number of times: a message sent (or in the sender's hands) is never planned a second time; one still
planned for another moment (the review date or the school calendar changed) is cancelled and one planned for the new
moment; a plan replaced by a later version, or reviewed already, has nothing more sent. It is called when a plan is
saved (finalised, replaced), when the school's calendar changes, and by beat every hour for the plans whose review
is coming up (plans made by the data migration or the MIS, parents given parental responsibility since).
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from notices.channels import channel_choice
from notices.models import Message, MessageStatus
from notices.timing import at
from pupils.models import ParentCarer
from school.calendar import is_school_day, previous_school_day
from school.models import School
from support_plans.models import PlanReview, PlanStatus, SupportPlan

MESSAGE_KIND = "plan_for_review"
# How long before the review the family has the plan, to read it and say what they think.
NOTICE = timedelta(days=14)
# Beat plans again the current plans whose review is this close: more than the notice, with room for a holiday
# before the day it falls due.
COMING_UP = timedelta(days=42)
HANDED = (MessageStatus.SENT, MessageStatus.SENDING, MessageStatus.FAILED)


def due_on(review_on: date) -> date:
    """14 days before the review, or the school day before that when it is not a school day (a weekend, a holiday):
    never less than two weeks."""
    day = review_on - NOTICE
    return day if is_school_day(day) else previous_school_day(day)


def due_at(review_on: date) -> datetime:
    return at(due_on(review_on), School.load().reminder_time)


def review_begins(plan: SupportPlan) -> datetime:
    """The start of the review's day: the message is no use after it, and this is the time it was planned for."""
    return at(plan.review_on, time.min)


def recipients(plan: SupportPlan) -> list[ParentCarer]:
    """The parents and carers with parental responsibility, in the family's contact order; nobody when the young
    person decides without their parents."""
    pupil = plan.pupil
    if pupil.decides_without_parents():
        return []
    links = pupil.parent_links.filter(has_parental_responsibility=True).select_related("parent")
    return [link.parent for link in links.order_by("contact_order", "parent__last_name", "pk")]


def goes_to(plan: SupportPlan, parent_id: int) -> bool:
    """Whether the parent is (still) one of those the plan goes to."""
    pupil = plan.pupil
    if pupil.decides_without_parents():
        return False
    return pupil.parent_links.filter(parent=parent_id, has_parental_responsibility=True).exists()


def wanted(plan: SupportPlan, now: datetime) -> bool:
    """The plan still needs sending: it is the current plan, not reviewed yet, and its review day has not begun."""
    return (
        plan.status == PlanStatus.FINALISED
        and not PlanReview.objects.filter(plan=plan).exists()
        and now < review_begins(plan)
    )


@transaction.atomic
def plan_for_review(plan: SupportPlan, now: datetime | None = None) -> list[Message]:
    """Keep the plan's messages to the parents in line with the plan as it stands. Returns the messages planned or
    already in hand for it (sent, being sent, due)."""
    now = now or timezone.now()
    plan = SupportPlan.objects.select_for_update().select_related("pupil").get(pk=plan.pk)
    rows = list(Message.objects.filter(support_plan=plan, kind=MESSAGE_KIND, resend_of=None))
    planned = [m for m in rows if m.status == MessageStatus.PLANNED]
    if not wanted(plan, now):
        _cancel(planned)
        return []
    due, begins = max(due_at(plan.review_on), now), review_begins(plan)
    kept = []
    for parent in recipients(plan):
        theirs = [m for m in rows if m.parent_id == parent.pk]
        handed = [m for m in theirs if m.status in HANDED or (m.status == MessageStatus.PLANNED and m.due_at <= now)]
        if handed:  # once: the one sent, or in the sender's hands, stands
            kept += handed
            continue
        same = next((m for m in theirs if m.due_at == due), None)
        kept.append(_planned(same, plan, parent, due, begins))
    _cancel([m for m in planned if m not in kept])
    return kept


def _planned(row: Message | None, plan: SupportPlan, parent: ParentCarer, due: datetime, begins: datetime) -> Message:
    """The row for this moment, planned: new, or the one cancelled earlier planned again (the unique key allows one
    per moment), or the one already planned, kept up to date."""
    fields = {
        "channel": channel_choice(parent),
        "next_attempt_at": due,
        "for_starts_at": begins,
        "expires_at": begins,
    }
    if row is None:
        return Message.objects.create(
            support_plan=plan, kind=MESSAGE_KIND, parent=parent, due_at=due, status=MessageStatus.PLANNED, **fields
        )
    if row.status != MessageStatus.PLANNED:
        fields |= {"status": MessageStatus.PLANNED, "attempts": 0, "last_error": ""}
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=list(fields))
    return row


def _cancel(messages: list[Message]) -> None:
    Message.objects.filter(pk__in=[m.pk for m in messages], status=MessageStatus.PLANNED).update(
        status=MessageStatus.CANCELLED
    )


def plan_again_when_saved(sender, instance: SupportPlan, raw: bool = False, **kwargs) -> None:
    """A plan saved (`post_save`): finalised, replaced by a later version, or given another review date. A draft
    sends nothing."""
    if raw or instance.status == PlanStatus.DRAFT:
        return
    plan_for_review(instance)


def plan_every_current_plan_again(now: datetime | None = None, coming_up_only: bool = False, **kwargs) -> int:
    """Every current plan whose review is still to come (`coming_up_only`: within COMING_UP), planned again: after a
    change to the school's calendar (`school.signals.calendar_changed`), and by beat. Returns how many plans."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    plans = SupportPlan.objects.filter(status=PlanStatus.FINALISED, review_on__gt=today, review__isnull=True)
    if coming_up_only:
        plans = plans.filter(review_on__lte=today + COMING_UP)
    count = 0
    for plan in plans.only("pk"):
        plan_for_review(plan, now)
        count += 1
    return count
