"""Every finalised meeting record from a review day, as one PDF to print and hand out or file.

Each record starts on a new page and numbers its own pages, in large print for the families who need it, and
is the latest version of that record. Appointments without a finalised record are named, not silently dropped.
"""

from django.db.models import Prefetch

from booking.models import Booking, ReviewDay
from meetings.models import Meeting, RecordStatus, RecordVersion

from .records import family_needs_large_print, record_html
from .rendering import render_bundle


def day_meetings(day: ReviewDay, user) -> list[Meeting]:
    """The day's booked appointments this person may see the records of, in time order."""
    bookings = Booking.objects.live().filter(review_day=day)
    latest = RecordVersion.objects.order_by("record", "-number")
    return list(
        Meeting.objects.visible_to(user)
        .filter(review_day_booking__in=bookings)
        .select_related("pupil", "record")
        .prefetch_related(Prefetch("record__versions", queryset=latest))
        .order_by("starts_at", "pk")
    )


def finalised_version(meeting: Meeting) -> RecordVersion | None:
    record = getattr(meeting, "record", None)
    if record is None or record.status != RecordStatus.FINALISED:
        return None
    versions = list(record.versions.all())
    return versions[0] if versions else None


def has_records(day: ReviewDay, user) -> bool:
    return any(finalised_version(meeting) for meeting in day_meetings(day, user))


def day_records_pdf(day: ReviewDay, user) -> tuple[bytes, str]:
    """The PDF, and a sentence naming the appointments left out (empty when none were)."""
    included, left_out = [], []
    for meeting in day_meetings(day, user):
        version = finalised_version(meeting)
        if version:
            included.append(record_html(version, large_print=family_needs_large_print(meeting.pupil)))
        else:
            left_out.append(meeting.pupil.full_name)
    if not included:
        raise ValueError("No record from this day has been finalised yet.")
    note = ""
    if left_out:
        note = f"Not included, because their record is not finalised yet: {', '.join(left_out)}."
    return render_bundle(included, title=f"Meeting records: {day}"), note
