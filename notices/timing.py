"""When a message to a family is due the day before something, and until when it is still worth sending. Times
are the school's (Europe/London). The one place for "when is the day-before reminder": meetings, events and their
staff reminders all ask `reminder_due_at`. When a meeting's own notices are due is the meetings app's
(`meetings.notice_planning`).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from school.calendar import is_school_day, previous_school_day
from school.models import School

# The school day before counts as "the day before" only this close: over a weekend (Friday for Monday) and a weekend
# with one closure day (Friday for Tuesday after a bank-holiday Monday, Thursday for Monday after an INSET Friday).
# After a longer break (a holiday, several closure days) a reminder on the last school day would come days or weeks
# early, before the family has even had the two-week notice: it goes on the last day before instead.
SCHOOL_DAY_BEFORE_AT_MOST = timedelta(days=4)
# A day's reminder calls are on the office's call list from the start of its morning, to be made during the day.
CALLS_FROM = time(8, 0)


def at(day, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def reminder_due_at(starts_at: datetime) -> datetime:
    """When the day-before reminder is due, at the school's reminder time (15:30 unless the school changed it):

    - on the school day before, when that is at most four days earlier (a Monday meeting: the Friday);
    - after a longer break, on the day before (a Monday meeting after the Christmas holiday: the Sunday);
    - unless the school set a reminder time for the first day back: then a meeting on the first school day after a
      longer break, later in the day than that time, is reminded that morning at that time.
    """
    school = School.load()
    local = timezone.localtime(starts_at)
    meeting_day = local.date()
    school_day_before = previous_school_day(meeting_day)
    if meeting_day - school_day_before <= SCHOOL_DAY_BEFORE_AT_MOST:
        return at(school_day_before, school.reminder_time)
    morning = school.first_day_back_reminder_time
    if morning is not None and is_school_day(meeting_day) and local.time() > morning:
        return at(meeting_day, morning)
    return at(meeting_day - timedelta(days=1), school.reminder_time)


def call_due_at(starts_at: datetime) -> datetime:
    """When a day-before reminder by phone goes on the office's call list: on the reminder's day, at 08:00 (or at
    the reminder time, if the school set it earlier), so that the office can ring during the day."""
    due = reminder_due_at(starts_at)
    return min(due, at(timezone.localtime(due).date(), CALLS_FROM))


def reminder_expires_at(starts_at: datetime) -> datetime:
    """A reminder is sent on its day or not at all, and never once the meeting has started (a first-day-back
    reminder that morning: only until the meeting starts)."""
    due = reminder_due_at(starts_at)
    end_of_day = at(timezone.localtime(due).date() + timedelta(days=1), time.min)
    return min(end_of_day, starts_at)
