"""Recording who came to an event: per parent or carer, with who recorded it and when."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from pupils.models import ParentCarer, Pupil

from .models import Event, Guest


def may_record(event: Event, now: datetime | None = None) -> bool:
    """Attendance is taken from the day of the event on, and never for a cancelled event."""
    now = now or timezone.now()
    return not event.is_cancelled and timezone.localdate(event.starts_at) <= timezone.localdate(now)


@transaction.atomic
def record_attendance(guests: list[Guest], attended: dict[int, bool | None], by, now: datetime | None = None) -> int:
    """Save each guest's answer (came, did not come, or not recorded). Returns how many guests changed."""
    now = now or timezone.now()
    changed = 0
    for guest in guests:
        value = attended.get(guest.pk, guest.attended)
        if value == guest.attended:
            continue
        guest.attended = value
        guest.attendance_recorded_by = by if value is not None else None
        guest.attendance_recorded_at = now if value is not None else None
        guest.save(update_fields=["attended", "attendance_recorded_by", "attendance_recorded_at"])
        changed += 1
    return changed


@transaction.atomic
def add_walk_in(event: Event, parent: ParentCarer, pupils, by, now: datetime | None = None) -> Guest:
    """A parent who came without an invitation: a guest who came, with their children among `pupils` (those the
    member of staff may see), so the visit shows on each child's timeline."""
    now = now or timezone.now()
    guest, _ = Guest.objects.get_or_create(event=event, parent=parent)
    guest.attended, guest.attendance_recorded_by, guest.attendance_recorded_at = True, by, now
    guest.save(update_fields=["attended", "attendance_recorded_by", "attendance_recorded_at"])
    guest.children.add(*Pupil.objects.filter(pk__in=pupils.filter(parent_links__parent=parent).values("pk")))
    return guest
