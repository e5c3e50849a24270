"""Dates and times in words, written one way everywhere: pages, PDFs, emails and letters, for families and staff.

    Tuesday 8 December 2026               day(value)                  the day something happens or happened
    Tue 8 Dec 2026                        day(value, short=True)      where space is tight: tables and lists
    8 December 2026                       date(value)                 a date that is not a day out: born, written
    8 Dec 2026                            date(value, short=True)
    9am, 3:45pm, midday, midnight         clock(value)                the GOV.UK style: no ':00', no dots, no '12pm'
    Tuesday 8 December 2026 at 3:45pm     day_at(value)
    Tue 8 Dec 2026 at 3:45pm              day_at(value, short=True)   when something was done, in logs and lists
    today, tomorrow, on Tuesday 8 ...     on_day(value, today)        a reminder's day, from the day it is sent
    Tue 8                                 day_in_week(value)          a tab among one week's days, the week named

The year is always written: a record kept for years, or a table that runs from September to July, must not leave
the reader to guess it. Templates use the same functions through the filters in `common/templatetags/when.py`
(`|day`, `|day:"short"`, `|clock`, `|day_at`, `|on_day:today`; `|date` and `|date:"SHORT_DATE_FORMAT"` read the
formats in `common/formats/`, which say the same). Aware datetimes are written in the school's time.

Each function also takes an ISO date or datetime string, as a stored record keeps them ("2026-07-21"), and writes
"" for nothing (None or ""), so a template need not test first.
"""

from datetime import UTC, datetime, time, timedelta
from datetime import date as Date

from django.utils import timezone

# Django's date-format letters for the two forms of a date, read by common/formats/en_GB/formats.py, so that the
# `|date` filter and Django's own pages (the admin site) write dates the same way.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

ONE_DAY = timedelta(days=1)


def _value(value):
    """A date, datetime or time as it is to be read: an ISO string parsed, an aware datetime in the school's time."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        value = datetime.fromisoformat(value) if ("T" in value or " " in value) else Date.fromisoformat(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value


def from_database(value) -> datetime | None:
    """A moment as raw SQL or a JSON column gives it back, as the ORM would: a datetime from PostgreSQL, ISO text
    from SQLite or inside JSON (in UTC when it carries no offset: Django stores UTC); None for nothing."""
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def _day_of(value) -> Date | None:
    value = _value(value)
    return value.date() if isinstance(value, datetime) else value


def day(value, short: bool = False) -> str:
    """'Tuesday 8 December 2026', or 'Tue 8 Dec 2026' (short)."""
    when = _day_of(value)
    if when is None:
        return ""
    if short:
        return f"{when:%a} {when.day} {when:%b} {when.year}"
    return f"{when:%A} {when.day} {when:%B} {when.year}"


def day_in_week(value) -> str:
    """'Tue 8': a tab among the days of one week, where the week itself is written in full beside the tabs."""
    when = _day_of(value)
    return "" if when is None else f"{when:%a} {when.day}"


def date(value, short: bool = False) -> str:
    """'8 December 2026', or '8 Dec 2026' (short): a date that is not a day something happens on."""
    when = _day_of(value)
    if when is None:
        return ""
    return f"{when.day} {when:%b} {when.year}" if short else f"{when.day} {when:%B} {when.year}"


def clock(value) -> str:
    """'9am', '3:45pm', '12:05pm', 'midday', 'midnight', '12:30am'."""
    value = _value(value)
    if value is None:
        return ""
    moment = value.time() if isinstance(value, datetime) else value
    if (moment.hour, moment.minute) == (12, 0):
        return "midday"
    if (moment.hour, moment.minute) == (0, 0):
        return "midnight"
    hour, suffix = moment.hour % 12 or 12, "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def day_at(value, short: bool = False) -> str:
    """'Tuesday 8 December 2026 at 3:45pm', or 'Tue 8 Dec 2026 at 3:45pm' (short)."""
    value = _value(value)
    if value is None:
        return ""
    return f"{day(value, short)} at {clock(value)}"


def day_in_words(value, today: Date) -> str:
    """'today', 'tomorrow', 'yesterday', else the day: 'Tuesday 8 December 2026'."""
    when = _day_of(value)
    if when is None:
        return ""
    near = {today: "today", today + ONE_DAY: "tomorrow", today - ONE_DAY: "yesterday"}
    return near.get(when) or day(when)


def on_day(value, today: Date) -> str:
    """A day as a sentence says it, counted from `today`: 'today', 'tomorrow', 'yesterday' or 'on Tuesday 8 December
    2026'. A reminder written on the morning of a first day back says 'today'; the day before, 'tomorrow'; on the
    Friday before a Monday, 'on Monday 7 December 2026'."""
    words = day_in_words(value, today)
    return words if words in ("", "today", "tomorrow", "yesterday") else f"on {words}"


def by_when(deadline: datetime, now: datetime | None = None) -> str:
    """A deadline as a sentence says it: 'by 4pm on Monday 7 December 2026', 'by 9:30am tomorrow', and, for one at
    midnight, 'by the end of Monday 7 December 2026' (not 'by midnight on Tuesday', which reads as a day late)."""
    local, today = _value(deadline), timezone.localdate(now)
    if local.time() == time.min:
        return f"by the end of {day_in_words(local.date() - ONE_DAY, today)}"
    return f"by {clock(local)} {on_day(local, today)}"
