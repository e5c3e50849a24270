"""What the pupil timeline needs from the library."""

from collections.abc import Iterable

from .models import Loan


def loans_for(pupil_ids: Iterable[int]):
    """The pupils' loans, newest first, each with its copy, item and parent (one query)."""
    return Loan.objects.filter(pupil_id__in=list(pupil_ids)).select_related("copy__item", "parent")
