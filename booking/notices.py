"""The invitation to a review day, as the notices app asks of it: one per parent however many of their children
are invited, naming every child still to book when it is sent; whether it is still needed, and who may see it.
Sending is generic (`notices/sending.py`).
"""

from datetime import datetime

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import get_text_list

from notices.channels import channel_choice
from notices.content import common_context
from notices.kinds import SEEN_BY_SCHOOL, MessageKind, MessageSubject, register, to_families_seen_by
from notices.models import Message
from pupils.models import Pupil
from school.models import School

from .models import Invitation


class ReviewDayMessageKind(models.TextChoices):
    INVITATION = "invitation", "Invitation to a review day"


def plan_invitations(review_day, parents, now: datetime | None = None) -> int:
    """An invitation to the review day for each parent, sent at the next scan: one per parent however many of
    their children are invited (it names every child of theirs still to book when it is sent). Returns how many
    were newly planned."""
    now = now or timezone.now()
    first_slot = review_day.at(review_day.starts_at)
    planned = 0
    for parent in parents:
        _, created = Message.objects.get_or_create(
            review_day=review_day,
            parent=parent,
            kind=ReviewDayMessageKind.INVITATION,
            due_at=now,
            resend_of=None,
            defaults={
                "channel": channel_choice(parent),
                "next_attempt_at": now,
                # Useless once the day has begun; the office phones anyone still to book before then.
                "expires_at": first_slot,
                "for_starts_at": first_slot,
            },
        )
        planned += created
    return planned


def invited_children(message: Message) -> QuerySet[Invitation]:
    """The parent's children invited to the message's review day who have neither booked nor declined yet."""
    return (
        Invitation.objects.still_to_book()
        .filter(
            review_day=message.review_day_id,
            pupil__in=Pupil.objects.shown_to_parent(parent_links__parent=message.parent_id),
        )
        .select_related("pupil")
        .order_by("pupil__date_of_birth", "pk")
    )


def invitation_context(message: Message) -> dict:
    day, school = message.review_day, School.load()
    children = [invitation.pupil for invitation in invited_children(message)]
    return common_context(message, day.created_by, school) | {
        "day": day,
        "children": children,
        "names": get_text_list([child.first_name for child in children] or ["your child"], "and"),
        "contact": {"name": "the school office", "phone": school.phone, "email": school.email},
    }


def invitation_still_needed(message: Message) -> bool:
    """While one of the parent's children is still to book (a copy sent by hand goes whatever)."""
    return message.resend_of_id is not None or invited_children(message).exists()


def about_review_day(message: Message) -> str:
    return f"Invitation: {message.review_day}"


def about_pupils_review_days(pupil: Pupil) -> Q:
    """Invitations to a review day this pupil was invited to, sent to the pupil's family."""
    return Q(review_day__invitations__pupil=pupil) & Q(parent__pupil_links__pupil=pupil)


REVIEW_DAY = MessageSubject(
    field="review_day",
    about=about_review_day,
    visible_to=to_families_seen_by,
    about_pupil=about_pupils_review_days,
    related=("review_day",),
)


def register_message_kinds() -> None:
    """Called from BookingConfig.ready()."""
    register(
        MessageKind(
            value=ReviewDayMessageKind.INVITATION.value,
            label=ReviewDayMessageKind.INVITATION.label,
            subject=REVIEW_DAY,
            to_parent=True,
            seen_by=SEEN_BY_SCHOOL,
            templates="notices/invitation",
            context=invitation_context,
            still_needed=invitation_still_needed,
        )
    )
