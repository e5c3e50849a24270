"""A meeting as an iCalendar file (RFC 5545): downloaded by staff now, attached to emails to parents later.

Free of request objects on purpose: give it a meeting, get the bytes of a .ics file.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

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
    """The same for every copy of one meeting, so calendars update the event instead of adding another."""
    return f"meeting-{meeting.pk}@senco-portal"


def meeting_summary(meeting: Meeting) -> str:
    return f"Meeting about {meeting.pupil.first_name}: {meeting.get_meeting_type_display()}"


def meeting_sequence(meeting: Meeting) -> int:
    """0 when first made; one more for every saved change, so calendars know which copy is newer."""
    return max(meeting.history.count() - 1, 0)


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
    elif meeting.status == MeetingStatus.REARRANGED:
        new_time = timezone.localtime(meeting.rearranged_to.starts_at)
        parts.append(f"This meeting has moved to {new_time:%A %-d %B %Y at %H:%M}.")
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


def meeting_calendar(meeting: Meeting) -> bytes:
    """One VEVENT for the meeting, in the school's time zone with its VTIMEZONE, as .ics bytes."""
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
    # Only the rules around the meeting: a VTIMEZONE for every year since 1970 would bloat the file.
    calendar.add_missing_timezones(
        first_date=start.date() - timedelta(days=366), last_date=start.date() + timedelta(days=366)
    )
    return calendar.to_ical()
