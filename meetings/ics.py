"""A meeting as an iCalendar file (RFC 5545): downloaded by staff, attached to the notices, change and cancellation
emails to parents.

Free of request objects on purpose: give it a meeting, get the bytes of a .ics file.

One event per meeting as the family knows it: a meeting and every meeting it is rearranged to share one UID
(`Meeting.calendar_uid`), and the SEQUENCE counts the changes to all of them, so each file a family opens moves,
updates or cancels the one event in their calendar rather than adding another.
"""

import calendar as month_calendar
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from school.models import School

from .models import Meeting, MeetingStatus

PRODID = "-//SENCO Portal//Meetings//EN"

EVENT_STATUS = {
    MeetingStatus.PROPOSED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.DID_NOT_ATTEND: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
    MeetingStatus.REARRANGED: "CANCELLED",
}


def meeting_uid(meeting: Meeting) -> str:
    """The same for every copy of one meeting and of the meetings it was rearranged to, so calendars update the
    event instead of adding another."""
    return meeting.calendar_uid


def meeting_summary(meeting: Meeting) -> str:
    return f"Meeting about {meeting.pupil.first_name}: {meeting.get_meeting_type_display()}"


# Where `read_sequences` keeps a meeting's sequence, read with those of the rest of a batch of messages.
SEQUENCE_READ = "_calendar_sequence"


def meeting_sequence(meeting: Meeting) -> int:
    """0 when first made; one more for every saved change to the meeting or to any meeting of its event (those it
    was rearranged from), so calendars know which copy is newer: the first file about a new time comes after every
    file about the old one."""
    if SEQUENCE_READ in meeting.__dict__:
        return meeting.__dict__[SEQUENCE_READ]
    of_the_event = Meeting.objects.filter(calendar_uid=meeting.calendar_uid).values("pk")
    return max(Meeting.history.filter(id__in=of_the_event).count() - 1, 0)


def read_sequences(meetings: list[Meeting]) -> None:
    """Each meeting's sequence (`meeting_sequence`), read for all of them in two queries and kept on each: for a batch
    of messages, whose calendar files are written one after another."""
    uids = {meeting.calendar_uid for meeting in meetings}
    uid_of = dict(Meeting.objects.filter(calendar_uid__in=uids).values_list("pk", "calendar_uid"))
    changes = Counter()
    counted = Meeting.history.filter(id__in=list(uid_of)).values("id").annotate(copies=Count("history_id"))
    for row in counted.order_by():
        changes[uid_of[row["id"]]] += row["copies"]
    for meeting in meetings:
        meeting.__dict__[SEQUENCE_READ] = max(changes[meeting.calendar_uid] - 1, 0)


def who_will_be_there(meeting: Meeting) -> list[str]:
    lines = []
    invitees = meeting.people_invited
    if not any(invitee.user_id == meeting.led_by_id for invitee in invitees):
        lines.append(f"{meeting.led_by.get_full_name()} (leading the meeting)")
    lines += [f"{invitee.display_name} ({invitee.role})" for invitee in invitees]
    return lines


def meeting_description(meeting: Meeting) -> str:
    parts = []
    if meeting.status == MeetingStatus.CANCELLED:
        parts.append("This meeting is cancelled.")
    parts.append(meeting.purpose.strip())
    parts.append(f"It will last about {meeting.duration_minutes} minutes.")
    parts.append("Who will be there:\n" + "\n".join(f"- {line}" for line in who_will_be_there(meeting)))
    if meeting.interpreter_language:
        parts.append(f"An interpreter for {meeting.interpreter_language} will be there.")
    return "\n\n".join(part for part in parts if part)


def school_organizer() -> vCalAddress:
    school = School.load()
    organizer = vCalAddress(f"mailto:{school.email or settings.DEFAULT_FROM_EMAIL}")
    organizer.params["CN"] = school.name
    return organizer


@cache  # the same few years for every file a worker writes, and finding them takes a couple of milliseconds
def clock_changes(zone: ZoneInfo, first: date, last: date) -> tuple[datetime, ...]:
    """The moments (UTC) between two dates when the zone's clocks change, as zoneinfo knows them."""

    def offset(second: int) -> timedelta:
        return datetime.fromtimestamp(second, UTC).astimezone(zone).utcoffset()

    changes = []
    day = int(datetime.combine(first, time(), UTC).timestamp())
    end = int(datetime.combine(last, time(), UTC).timestamp())
    while day < end:
        before, after = day, day + 86400
        if offset(before) != offset(after):  # clocks change at most once a day: find the second they do
            while after - before > 1:
                middle = (before + after) // 2
                before, after = (middle, after) if offset(middle) == offset(before) else (before, middle)
            changes.append(datetime.fromtimestamp(after, UTC))
        day += 86400
    return tuple(changes)


def yearly_rule(onsets: list[datetime]) -> dict | None:
    """The yearly rule ('the last Sunday in March') that gives these onsets, one a year; None if they follow none.

    Outlook reads a VTIMEZONE's RRULE but not its RDATEs, so a rule is written wherever the clock changes follow one.
    """
    first = onsets[0]
    if any(
        (o.year, o.month, o.weekday(), o.time()) != (first.year + n, first.month, first.weekday(), first.time())
        for n, o in enumerate(onsets)
    ):
        return None
    weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][first.weekday()]
    if all(o.day + 7 > month_calendar.monthrange(o.year, o.month)[1] for o in onsets):
        return {"FREQ": "YEARLY", "BYMONTH": first.month, "BYDAY": f"-1{weekday}"}
    weeks = {(o.day - 1) // 7 + 1 for o in onsets}
    if len(weeks) == 1 and weeks <= {1, 2, 3, 4}:
        return {"FREQ": "YEARLY", "BYMONTH": first.month, "BYDAY": f"{weeks.pop()}{weekday}"}
    return None


def school_timezone(zone: ZoneInfo, first: date, last: date) -> Timezone:
    """The zone's VTIMEZONE for the dates a file needs, built from zoneinfo's own clock changes.

    Each change starts at the local time in force before it (RFC 5545 3.6.5): in London the clocks go forward at
    01:00 GMT (DTSTART 01:00, +0000 to +0100) and back at 02:00 BST (DTSTART 02:00, +0100 to +0000), both at 01:00 UTC.
    """
    observances: dict[tuple, list[datetime]] = {}
    for change in clock_changes(zone, first, last):
        before = (change - timedelta(seconds=1)).astimezone(zone).utcoffset()
        after = change.astimezone(zone)
        kind = (bool(after.dst()), after.tzname(), before, after.utcoffset())
        observances.setdefault(kind, []).append((change + before).replace(tzinfo=None))
    if not observances:  # no clock changes in these years: one offset all along
        moment = datetime.combine(first, time(), UTC).astimezone(zone)
        kind = (False, moment.tzname(), moment.utcoffset(), moment.utcoffset())
        observances[kind] = [moment.replace(tzinfo=None)]

    block = Timezone()
    block.add("tzid", zone.key)
    for (is_summer, name, offset_from, offset_to), onsets in observances.items():
        observance = TimezoneDaylight() if is_summer else TimezoneStandard()
        observance.add("dtstart", onsets[0])
        if len(onsets) > 1:
            rule = yearly_rule(onsets)
            if rule:
                # Until the last change these years have: what zoneinfo says of later years is not claimed.
                observance.add("rrule", rule | {"UNTIL": (onsets[-1] - offset_from).replace(tzinfo=UTC)})
            else:
                observance.add("rdate", onsets[1:])
        observance.add("tzname", name)
        observance.add("tzoffsetfrom", offset_from)
        observance.add("tzoffsetto", offset_to)
        block.add_component(observance)
    return block


def meeting_calendar(meeting: Meeting) -> bytes:
    """One VEVENT for the meeting as it now stands, in the school's time zone with its VTIMEZONE, as .ics bytes.

    A rearranged meeting gives the meeting it went to: it is the same event in the family's calendar."""
    meeting = meeting.as_now_arranged
    zone = ZoneInfo(settings.TIME_ZONE)
    start = meeting.starts_at.astimezone(zone)
    end = meeting.ends_at.astimezone(zone)
    status = EVENT_STATUS[meeting.status]

    event = Event.new(
        uid=meeting_uid(meeting),
        start=start,
        end=end,
        stamp=timezone.now(),
        summary=meeting_summary(meeting),
        location=meeting.place,
        description=meeting_description(meeting),
        sequence=meeting_sequence(meeting),
        status=status,
        organizer=school_organizer(),
    )
    calendar = Calendar.new(
        prodid=PRODID,
        uid=meeting_uid(meeting),
        method="CANCEL" if status == "CANCELLED" else "PUBLISH",
        subcomponents=[event],
    )
    # The VTIMEZONE goes before the event, as written once for these years (`school_timezone_ical`).
    head, event_begins, rest = calendar.to_ical().partition(b"BEGIN:VEVENT\r\n")
    return head + school_timezone_ical(zone.key, start.year) + event_begins + rest


@cache
def school_timezone_ical(zone_key: str, year: int) -> bytes:
    """The VTIMEZONE of a meeting in `year`, as .ics bytes: only the clock changes around it (the year before to the
    year after: every year since 1970 would bloat the file). The same for every meeting that year, and writing it
    took a fifth of a calendar file's time: written once for each year a worker meets."""
    return school_timezone(ZoneInfo(zone_key), date(year - 1, 1, 1), date(year + 2, 1, 1)).to_ical()
