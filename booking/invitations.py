"""Inviting families to a review day, and keeping track of who has booked, declined or not replied.

An invitation goes to each parent or carer with parental responsibility through the notices machinery (a
Message row, sent at the next scan by email or as a letter), one per parent however many children are invited.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from pupils.models import ParentCarer, Pupil, SenStatus

from .models import Invitation, ReviewDay
from .notices import plan_invitations


class Choice:
    SEN_SUPPORT = "sen_support"
    EHC_PLAN = "ehc_plan"
    EVERYONE = "everyone"
    YEAR_GROUP = "year_group"
    BY_HAND = "by_hand"


CHOICES = [
    (Choice.EVERYONE, "Every family: SEN support and EHC plans"),
    (Choice.SEN_SUPPORT, "Families of pupils on SEN support"),
    (Choice.EHC_PLAN, "Families of pupils with an EHC plan"),
    (Choice.YEAR_GROUP, "Families in one year group (SEN support and EHC plans)"),
    (Choice.BY_HAND, "Families I choose by hand"),
]


def chosen_pupils(choice: str, *, year_group: int | None = None, pupils=()) -> QuerySet[Pupil]:
    on_sen_register = Pupil.objects.on_register().filter(sen_status__in=(SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN))
    if choice == Choice.SEN_SUPPORT:
        return on_sen_register.filter(sen_status=SenStatus.SEN_SUPPORT)
    if choice == Choice.EHC_PLAN:
        return on_sen_register.filter(sen_status=SenStatus.EHC_PLAN)
    if choice == Choice.YEAR_GROUP:
        return on_sen_register.filter(year_group=year_group)
    if choice == Choice.BY_HAND:
        return Pupil.objects.on_register().filter(pk__in=[pupil.pk for pupil in pupils])
    return on_sen_register


@transaction.atomic
def invite(day: ReviewDay, pupils: QuerySet[Pupil], by) -> tuple[int, int]:
    """Invite the families not yet invited to the day. Returns (families newly invited, invitations planned)."""
    already = Invitation.objects.filter(review_day=day).values_list("pupil_id", flat=True)
    new = list(pupils.exclude(pk__in=already).values_list("pk", flat=True))
    Invitation.objects.bulk_create(
        [Invitation(review_day=day, pupil_id=pk, invited_by=by) for pk in new], ignore_conflicts=True
    )
    # Parents with parental responsibility; of a young person past compulsory school age, only if they agreed.
    told = Pupil.objects.filter(pk__in=new).shown_to_parent()
    parents = ParentCarer.objects.filter(pupil_links__pupil__in=told, pupil_links__has_parental_responsibility=True)
    parents = parents.distinct()
    return len(new), plan_invitations(day, parents)


def record_decline(invitation: Invitation, note: str, by) -> None:
    invitation.declined_at, invitation.decline_note, invitation.declined_recorded_by = timezone.now(), note, by
    invitation.save(update_fields=["declined_at", "decline_note", "declined_recorded_by"])


def undo_decline(invitation: Invitation) -> None:
    invitation.declined_at, invitation.decline_note, invitation.declined_recorded_by = None, "", None
    invitation.save(update_fields=["declined_at", "decline_note", "declined_recorded_by"])
