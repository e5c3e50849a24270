"""What the notices app asks of a lending-library reminder: is it still needed, and what does it say."""

from django.urls import reverse
from django.utils import timezone

from notices.content import common_context, site_url
from notices.models import Message
from school.models import School


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
