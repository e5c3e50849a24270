"""When each message is due, and until when it is still worth sending. Times are the school's (Europe/London)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from meetings.compliance import NOTICE_DAYS, RECORD_DUE_DAYS
from school.calendar import previous_school_day
from school.models import School

RECORD_DUE_WARNING_DAYS = 4


def at(day, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def notice_due_at(starts_at: datetime, now: datetime) -> datetime:
    """Fourteen days before the meeting, or at once when it is booked with less notice."""
    return max(starts_at - timedelta(days=NOTICE_DAYS), now)


def reminder_due_at(starts_at: datetime) -> datetime:
    """The school day before the meeting, at the school's reminder time (a Monday meeting: the Friday)."""
    meeting_day = timezone.localtime(starts_at).date()
    return at(previous_school_day(meeting_day), School.load().reminder_time)


def reminder_expires_at(starts_at: datetime) -> datetime:
    """A reminder is sent on its day or not at all, and never once the meeting has started."""
    due = reminder_due_at(starts_at)
    end_of_day = at(timezone.localtime(due).date() + timedelta(days=1), time.min)
    return min(end_of_day, starts_at)


def record_due_warning_at(starts_at: datetime) -> datetime:
    meeting_day = timezone.localtime(starts_at).date()
    return at(meeting_day + timedelta(days=RECORD_DUE_DAYS - RECORD_DUE_WARNING_DAYS), School.load().reminder_time)


def record_overdue_at(starts_at: datetime) -> datetime:
    meeting_day = timezone.localtime(starts_at).date()
    return at(meeting_day + timedelta(days=RECORD_DUE_DAYS + 1), time(8, 0))
