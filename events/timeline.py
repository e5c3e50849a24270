"""Events each child's family came to, for the pupil's timeline."""

from django.db.models import QuerySet

from .models import Guest


def attended_events(pupil_ids) -> QuerySet[Guest]:
    """Guests who came, about any of the pupils: with the event and parent joined, and the children prefetched
    (two queries however many rows). Cancelled events are left out."""
    return (
        Guest.objects.filter(attended=True, children__in=pupil_ids, event__cancelled_at__isnull=True)
        .distinct()
        .select_related("event", "parent")
        .prefetch_related("children")
        .order_by("-event__starts_at", "parent__last_name", "pk")
    )
