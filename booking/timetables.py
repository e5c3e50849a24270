"""Each member of staff's timetable on a review day: their slots in order, each with its live booking and the
parents coming, and the breaks between. Shown on screen (booking) and printed (documents)."""

from django.db.models import Prefetch

from meetings.models import Invitee, InviteeKind

from .models import Booking, ReviewDay, ReviewDayStaff


def staff_timetables(day: ReviewDay, lines: list[ReviewDayStaff]) -> list[dict]:
    """For each member of staff: their line (name, room) and their slots, each with its live booking (or None)
    and the break before it (or None)."""
    parents = Invitee.objects.filter(kind=InviteeKind.PARENT).select_related("parent")
    live = (
        Booking.objects.live()
        .select_related("pupil", "meeting")
        .prefetch_related(Prefetch("meeting__invitees", queryset=parents, to_attr="parents"))
    )
    slots = day.slots.filter(staff__in=[line.staff_id for line in lines]).prefetch_related(
        Prefetch("bookings", queryset=live, to_attr="live_bookings")
    )
    by_staff: dict[int, list] = {line.staff_id: [] for line in lines}
    for slot in slots:
        rows = by_staff[slot.staff_id]
        # A gap between appointments is a break: shown, so nobody reads it as a missing slot.
        gap = (rows[-1][0].ends_at, slot.starts_at) if rows and rows[-1][0].ends_at < slot.starts_at else None
        rows.append((slot, slot.live_bookings[0] if slot.live_bookings else None, gap))
    return [
        {"line": line, "rows": by_staff[line.staff_id], "booked": sum(1 for _, b, _ in by_staff[line.staff_id] if b)}
        for line in lines
    ]
