"""The response clock for a concern, in school time: due 24 hours of school days after it was raised, the reminder
4 hours of the working day before, the time taken to answer, and the due time in words.

School time counts only school days (school/calendar.py: weekdays of the school's terms that are not closure days),
each 24 hours long: a concern raised at 4pm on a Friday is due by 4pm on Monday (Tuesday when Monday is a closure
day); one raised on a Saturday is due by the end of Monday. The time to answer is counted the same way, so a Friday
afternoon concern answered on Monday morning was answered in time.

The reminder goes 4 hours of the working day (8am to 6pm on school days) before the deadline, so never at night, at
a weekend or on a closure day: due at 4pm, it goes at midday; due by the end of a day, at 2pm that day; due at
9:30am on Monday, at 3:30pm on the Friday before.
"""

from datetime import date, datetime, time, timedelta

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


def clock_in_words(moment: time) -> str:
    """4pm, 9:30am, midday (the GOV.UK style)."""
    if (moment.hour, moment.minute) == (12, 0):
        return "midday"
    hour, suffix = moment.hour % 12 or 12, "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def day_in_words(day: date, today: date) -> str:
    """today, tomorrow, yesterday, or Monday 7 December (with the year when it is not this year's)."""
    near = {today: "today", today + DAY: "tomorrow", today - DAY: "yesterday"}
    if day in near:
        return near[day]
    return f"{day:%A} {day.day} {day:%B}" + (f" {day.year}" if day.year != today.year else "")


def due_in_words(due_at: datetime, now: datetime | None = None) -> str:
    """'by 4pm on Monday 7 December', 'by 9:30am tomorrow', 'by the end of Monday 7 December' (due at midnight)."""
    local, today = timezone.localtime(due_at), timezone.localdate(now)
    if local.time() == time.min:
        return f"by the end of {day_in_words(local.date() - DAY, today)}"
    day = day_in_words(local.date(), today)
    return f"by {clock_in_words(local.time())} {day if day in ('today', 'tomorrow', 'yesterday') else f'on {day}'}"
