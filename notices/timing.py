"""When a message to a family is due the day before something, and until when it is still worth sending. Times
are the school's (Europe/London). When a meeting's own messages are due is the meetings app's
(`meetings.notice_planning`)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from school.calendar import previous_school_day
from school.models import School


def at(day, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def reminder_due_at(starts_at: datetime) -> datetime:
    """The school day before the meeting, at the school's reminder time (a Monday meeting: the Friday)."""
    meeting_day = timezone.localtime(starts_at).date()
    return at(previous_school_day(meeting_day), School.load().reminder_time)


def reminder_expires_at(starts_at: datetime) -> datetime:
    """A reminder is sent on its day or not at all, and never once the meeting has started."""
    due = reminder_due_at(starts_at)
    end_of_day = at(timezone.localtime(due).date() + timedelta(days=1), time.min)
    return min(end_of_day, starts_at)
