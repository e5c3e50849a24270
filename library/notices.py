"""What the notices app asks of a lending-library reminder: is it still needed, what does it say, and who may see
it (registered from LibraryConfig.ready())."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from common import when
from notices.content import common_context, site_url
from notices.kinds import SEEN_BY_SCHOOL, MessageKind, MessageSubject, register, to_families_seen_by
from notices.models import Message
from pupils.models import Pupil
from school.models import School


class LoanMessageKind(models.TextChoices):
    DUE_BACK = "loan_due_back", "Lending library: due back"


def loan_message_still_needed(message: Message) -> bool:
    """Only while the copy is still out and still due back on the date the reminder was planned for."""
    loan = message.loan
    planned_for = timezone.localdate(message.for_starts_at)
    return loan.returned_on is None and loan.due_back_on == planned_for and loan.parent_id == message.parent_id


def loan_message_context(message: Message) -> dict:
    loan, school = message.loan, School.load()
    return common_context(message, loan.lent_by, school) | {
        "loan": loan,
        "item": loan.copy.item,
        "copy": loan.copy,
        "child_name": loan.pupil.first_name,
        "due_back_on": timezone.localdate(message.for_starts_at),
        "is_overdue": message.due_at > message.for_starts_at,
        "contact": {"name": "the school office", "phone": school.phone, "email": school.email},
        "has_portal": message.parent.user_id is not None,
        "borrowed_url": site_url(reverse("library:family_loans")),
    }


def loan_message_still_needed_or_copy(message: Message) -> bool:
    """A copy sent by hand goes whatever."""
    return message.resend_of_id is not None or loan_message_still_needed(message)


def about_loan(message: Message) -> str:
    loan = message.loan
    return f"Lending library: {loan.copy.item.title}, due back {when.date(loan.due_back_on)}"


def about_pupils_loans(pupil: Pupil) -> Q:
    return Q(loan__pupil=pupil)


LOAN = MessageSubject(
    field="loan",
    about=about_loan,
    visible_to=to_families_seen_by,
    about_pupil=about_pupils_loans,
    related=("loan__copy__item",),
)


def register_message_kinds() -> None:
    """Called from LibraryConfig.ready()."""
    register(
        MessageKind(
            value=LoanMessageKind.DUE_BACK.value,
            label=LoanMessageKind.DUE_BACK.label,
            subject=LOAN,
            to_parent=True,
            seen_by=SEEN_BY_SCHOOL,
            templates="notices/loan_due_back",
            context=loan_message_context,
            still_needed=loan_message_still_needed_or_copy,
        )
    )
