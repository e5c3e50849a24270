"""The response clock for a concern, in school time: due 24 hours of school days after it was raised, the reminder
4 hours of the working day before, and the time taken to answer (the due time in words is common/when.py's
`by_when`).

School time counts only school days (school/calendar.py: weekdays of the school's terms that are not closure days),
each 24 hours long: a concern raised at 4pm on a Friday is due by 4pm on Monday (Tuesday when Monday is a closure
day); one raised on a Saturday is due by the end of Monday. The time to answer is counted the same way, so a Friday
afternoon concern answered on Monday morning was answered in time.

The reminder goes 4 hours of the working day (8am to 6pm on school days) before the deadline, so never at night, at
a weekend or on a closure day: due at 4pm, it goes at midday; due by the end of a day, at 2pm that day; due at
9:30am on Monday, at 3:30pm on the Friday before.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from school.calendar import is_school_day, previous_school_day, school_time_after, school_time_between

RESPONSE_TIME = timedelta(hours=24)  # parents' contacts get a response within 24 hours of school time (seed 002)
REMINDER_BEFORE = timedelta(hours=4)  # of the working day: the person who must answer hears this long before
WORKING_DAY = (time(8, 0), time(18, 0))  # when staff read a reminder on a school day

DAY = timedelta(days=1)


def due_after(raised_at: datetime) -> datetime:
    """The deadline for a concern raised at `raised_at`: RESPONSE_TIME of school time later."""
    return school_time_after(raised_at, RESPONSE_TIME)


def reminder_time(due_at: datetime) -> datetime:
    """REMINDER_BEFORE of the working day before the deadline, counting back through WORKING_DAY on school days."""
    deadline = timezone.localtime(due_at).replace(tzinfo=None)
    day, left = deadline.date(), REMINDER_BEFORE
    while True:
        if is_school_day(day):
            starts = datetime.combine(day, WORKING_DAY[0])
            ends = min(datetime.combine(day, WORKING_DAY[1]), deadline)
            if ends > starts:
                if ends - starts >= left:
                    return timezone.make_aware(ends - left)
                left -= ends - starts
        day = previous_school_day(day)


def answered_in_time(raised_at: datetime, responded_at: datetime) -> bool:
    return school_time_between(raised_at, responded_at) <= RESPONSE_TIME
