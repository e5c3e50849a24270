"""The calendar files a family is sent, as their calendar reads them: one event per meeting however often it moves,
at the right time either side of the clocks changing, and never mistaken for another school's meeting.

The files are read here with `icalendar` and a small calendar and time zone reader of the test's own, not with the
portal's code: what counts is what a family's calendar makes of them.
"""

import datetime
import importlib
import re
import uuid
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.rrule import rrulestr
from django.apps import apps
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from meetings.ics import meeting_calendar, meeting_sequence, read_sequences, school_timezone
from meetings.models import Invitee, InviteeKind, Meeting, MeetingStatus, MeetingType
from meetings.notice_planning import plan_meeting
from meetings.scheduling import rearrange
from notices.models import Channel, Message, MessageStatus
from notices.sending import deliver_batch, scan

from .factories import MeetingFactory

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def run_until(moment: datetime.datetime) -> None:
    """Scan and send as beat and a worker would, at `moment`: in a batch, each meeting's sequence read for it."""
    with time_machine.travel(moment, tick=False):
        deliver_batch(scan())


# A family's calendar, as RFC 5545/5546 says a calendar keeps events: by UID, the copy with the higher SEQUENCE wins.


def apply(calendar: dict, ics: str | bytes) -> None:
    """Open one calendar file: PUBLISH or REQUEST adds or replaces the event, CANCEL removes it; a copy older than
    the one held is ignored."""
    parsed = Calendar.from_ical(ics)
    method = str(parsed["METHOD"])
    for event in parsed.walk("VEVENT"):
        uid, sequence = str(event["UID"]), int(event.get("SEQUENCE", 0))
        if uid in calendar and sequence < calendar[uid]["sequence"]:
            continue
        if method == "CANCEL":
            calendar.pop(uid, None)
        else:
            assert method in ("PUBLISH", "REQUEST")
            calendar[uid] = {"sequence": sequence, "starts_at": event.start, "status": str(event["STATUS"])}


def calendar_after(files: list[str]) -> dict:
    calendar = {}
    for ics in files:
        apply(calendar, ics)
    return calendar


def calendar_files_to(address: str) -> list[tuple[str, str]]:
    """Every calendar file emailed to this address, in the order sent, with its MIME type."""
    return [
        (content, mimetype)
        for email in mail.outbox
        if parseaddr(email.to[0])[1] == address
        for filename, content, mimetype in email.attachments
        if filename == "invite.ics"
    ]


# One event however often the meeting moves


@pytest.fixture
def family_meeting(senco, pupil_a, parent_a):
    """A confirmed review on Thursday 3 December 2026 at 15:45, booked on 13 November, with Amelia's mother."""
    with time_machine.travel(london(2026, 11, 13, 10, 0), tick=False):
        meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 3, 15, 45), confirmed=True)
        Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=parent_a.parent_record, role="Mother")
        plan_meeting(meeting)
    return meeting


def as_senco(client, senco, moment, action: str, meeting, data) -> Meeting:
    """The SENCO rearranges or cancels the meeting on its page at `moment`; the meeting as it then stands."""
    with time_machine.travel(moment, tick=False):
        client.force_login(senco)
        assert client.post(reverse(f"meetings:{action}", args=[meeting.pk]), data).status_code == 302
    return Meeting.objects.get(pk=meeting.pk).as_now_arranged


def test_a_meeting_moved_twice_then_cancelled_is_one_event_that_moves_then_goes(
    client, senco, parent_a, family_meeting
):
    run_until(london(2026, 11, 19, 16, 0))  # the two-week notice
    moved = as_senco(
        client, senco, london(2026, 11, 24, 9, 0), "rearrange", family_meeting, {"starts_at": "2026-12-10T09:00"}
    )
    run_until(london(2026, 11, 24, 9, 1))  # the change notice
    moved_again = as_senco(
        client, senco, london(2026, 11, 26, 9, 0), "rearrange", moved, {"starts_at": "2026-12-14T11:00"}
    )
    run_until(london(2026, 11, 26, 9, 1))  # another change notice
    as_senco(client, senco, london(2026, 12, 1, 9, 0), "cancel", moved_again, {"reason": "Mum is in hospital."})
    run_until(london(2026, 12, 1, 9, 1))  # the cancellation

    sent = calendar_files_to(parent_a.email)
    files = [content for content, _ in sent]
    kinds = Message.objects.filter(parent=parent_a.parent_record, status=MessageStatus.SENT).order_by("sent_at")
    assert list(kinds.values_list("kind", flat=True)) == ["notice", "change", "change", "cancellation"]
    assert len(files) == 4
    # What the family's calendar shows after each email: one event, where the meeting is; then none.
    assert list(calendar_after(files[:1]).values()) == [
        {"sequence": 0, "starts_at": london(2026, 12, 3, 15, 45), "status": "CONFIRMED"}
    ]
    for opened, now_at in [(2, london(2026, 12, 10, 9, 0)), (3, london(2026, 12, 14, 11, 0))]:
        events = calendar_after(files[:opened]).values()
        assert [(event["starts_at"], event["status"]) for event in events] == [(now_at, "CONFIRMED")]
    assert calendar_after(files) == {}
    # Each file is the one event, newer than every file before it, with the method its email says.
    events = [Calendar.from_ical(ics).walk("VEVENT") for ics in files]
    assert all(len(found) == 1 for found in events)
    assert len({str(found[0]["UID"]) for found in events}) == 1
    sequences = [int(found[0]["SEQUENCE"]) for found in events]
    assert sequences == sorted(set(sequences))
    methods = [str(Calendar.from_ical(ics)["METHOD"]) for ics in files]
    assert methods == ["PUBLISH", "PUBLISH", "PUBLISH", "CANCEL"]
    assert [mimetype for _, mimetype in sent] == [f"text/calendar; method={method}" for method in methods]
    # A family that missed an email (deleted, or opened only the newest) still ends up with the one event as it is,
    # and an older copy opened late changes nothing.
    assert [event["starts_at"] for event in calendar_after([files[0], files[2]]).values()] == [moved_again.starts_at]
    assert calendar_after([files[0], files[3]]) == {}
    assert calendar_after([files[2], files[1]]) == calendar_after(files[:3])


def test_sequences_read_for_a_batch_are_those_read_one_by_one(senco, family_meeting, pupil_a):
    with time_machine.travel(london(2026, 11, 24, 9, 0), tick=False):
        moved = rearrange(family_meeting, london(2026, 12, 10, 9, 0), senco)
        moved = rearrange(moved, london(2026, 12, 14, 11, 0), senco)
        moved.place = "The library"
        moved.save()
    other = MeetingFactory(pupil=pupil_a)
    meetings = [family_meeting, moved, other]
    alone = [meeting_sequence(meeting) for meeting in meetings]
    copies = [Meeting.objects.get(pk=meeting.pk) for meeting in meetings]
    read_sequences(copies)
    assert [meeting_sequence(meeting) for meeting in copies] == alone
    assert alone[0] == alone[1] > alone[2] == 0  # one event, changed since; the other never changed


def test_the_files_timezone_is_written_once_a_year_and_stands_before_the_event(family_meeting):
    """What `meeting_calendar` puts in: the VTIMEZONE of the meeting's years, exactly as written for it alone."""
    ics = meeting_calendar(family_meeting)
    zone = school_timezone(LONDON, datetime.date(2025, 1, 1), datetime.date(2028, 1, 1)).to_ical()
    head, found, rest = ics.partition(zone)
    assert found and head.startswith(b"BEGIN:VCALENDAR\r\n") and rest.startswith(b"BEGIN:VEVENT\r\n")
    assert [component.name for component in Calendar.from_ical(ics).subcomponents] == ["VTIMEZONE", "VEVENT"]


def test_the_old_meetings_file_is_the_event_where_it_went(client, senco, family_meeting):
    """A member of staff downloading the old meeting's file gets the event as it stands, not a cancellation."""
    with time_machine.travel(london(2026, 11, 24, 9, 0), tick=False):
        new = rearrange(family_meeting, london(2026, 12, 10, 9, 0), senco)
        client.force_login(senco)
        response = client.get(reverse("meetings:ics", args=[family_meeting.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="meeting-2026-12-10.ics"'
    [event] = calendar_after([response.content]).values()
    assert event["starts_at"] == new.starts_at
    assert str(Calendar.from_ical(response.content).walk("VEVENT")[0]["UID"]) == new.calendar_uid


@pytest.mark.parametrize(("status", "shown_as"), [("confirmed", "CONFIRMED"), ("proposed", "TENTATIVE")])
def test_a_moved_meeting_is_as_settled_as_it_was(senco, pupil_a, status, shown_as):
    """Confirmed with the family, it stays confirmed at its new time; only proposed, it stays tentative."""
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2027, 1, 14, 15, 30), status=status)

    new = rearrange(meeting, london(2027, 1, 21, 15, 30), senco)

    assert new.status == status
    assert str(Calendar.from_ical(meeting_calendar(new)).walk("VEVENT")[0]["STATUS"]) == shown_as


# The right time either side of the clocks changing, read with the file's own VTIMEZONE

CLOCK_CHANGES = {  # every change in the years the files below cover, at 01:00 UTC on the last Sunday
    2025: [datetime.datetime(2025, 3, 30, 1, tzinfo=UTC), datetime.datetime(2025, 10, 26, 1, tzinfo=UTC)],
    2026: [datetime.datetime(2026, 3, 29, 1, tzinfo=UTC), datetime.datetime(2026, 10, 25, 1, tzinfo=UTC)],
    2027: [datetime.datetime(2027, 3, 28, 1, tzinfo=UTC), datetime.datetime(2027, 10, 31, 1, tzinfo=UTC)],
    2028: [datetime.datetime(2028, 3, 26, 1, tzinfo=UTC), datetime.datetime(2028, 10, 29, 1, tzinfo=UTC)],
}
AROUND_THE_CHANGES = [
    london(*day, 10, 0)
    for day in [
        (2026, 3, 27), (2026, 3, 29), (2026, 3, 30),  # clocks forward on Sunday 29 March 2026
        (2026, 10, 23), (2026, 10, 25), (2026, 10, 26),  # back on Sunday 25 October
        (2027, 3, 26), (2027, 3, 28), (2027, 3, 29),  # forward on Sunday 28 March 2027
        (2027, 10, 29), (2027, 10, 31), (2027, 11, 1),  # back on Sunday 31 October
    ]
]  # fmt: skip


def zoneinfo_changes(year: int) -> list[datetime.datetime]:
    """When zoneinfo's Europe/London changes its offset in a year, hour by hour."""
    hour = datetime.datetime(year, 1, 1, tzinfo=UTC)
    changes = []
    while hour.year == year:
        if (hour - datetime.timedelta(seconds=1)).astimezone(LONDON).utcoffset() != hour.astimezone(LONDON).utcoffset():
            changes.append(hour)
        hour += datetime.timedelta(hours=1)
    return changes


def file_clock_changes(ics: bytes) -> dict[str, list[tuple[datetime.datetime, datetime.timedelta]]]:
    """Each VTIMEZONE's changes as the file states them: (the moment in UTC, the offset from then on).

    Every onset of a STANDARD or DAYLIGHT part, from its DTSTART, RDATEs and RRULE, is a local time in the offset
    before it (TZOFFSETFROM); the RRULE's UNTIL is in UTC (RFC 5545 3.6.5, 3.3.10)."""
    zones = {}
    for zone in Calendar.from_ical(ics).walk("VTIMEZONE"):
        changes = []
        for observance in zone.subcomponents:
            start = observance["DTSTART"].dt
            offset_from, offset_to = observance["TZOFFSETFROM"].td, observance["TZOFFSETTO"].td
            onsets = [start]
            rdates = observance.get("RDATE", [])
            for rdate in rdates if isinstance(rdates, list) else [rdates]:
                onsets += [period.dt for period in rdate.dts]
            if "RRULE" in observance:
                text = observance["RRULE"].to_ical().decode()
                until = re.search(r"UNTIL=(\d{8}T\d{6})Z", text)
                rule = rrulestr(re.sub(r"UNTIL=[^;]*;?", "", text).strip(";"), dtstart=start)
                onsets += [
                    onset
                    for onset in rule.between(start, datetime.datetime(2100, 1, 1), inc=False)
                    if not until or onset - offset_from <= datetime.datetime.strptime(until[1], "%Y%m%dT%H%M%S")
                ]
            changes += [((onset - offset_from).replace(tzinfo=UTC), offset_to) for onset in onsets]
        zones[str(zone["TZID"])] = sorted(changes)
    return zones


def utc_instant(local: datetime.datetime, changes) -> datetime.datetime:
    """The one moment a wall-clock time names, by the offset in force then according to the changes given."""

    def offset_in_force(moment):
        earlier = [offset for change, offset in changes if change <= moment]
        return earlier[-1] if earlier else None

    offsets = {offset for _, offset in changes}
    moments = [
        (local - o).replace(tzinfo=UTC) for o in offsets if offset_in_force((local - o).replace(tzinfo=UTC)) == o
    ]
    assert len(moments) == 1, f"{local} is not one moment by the file's VTIMEZONE"
    return moments[0]


def event_start(ics: bytes) -> tuple[str, datetime.datetime]:
    """The event's DTSTART as written: its TZID and the wall-clock time."""
    found = re.search(rb"^DTSTART;TZID=([^:;]+):(\d{8}T\d{6})\r?$", ics, re.MULTILINE)
    return found[1].decode(), datetime.datetime.strptime(found[2].decode(), "%Y%m%dT%H%M%S")


def test_the_days_around_the_changes_are_the_fridays_sundays_and_mondays():
    assert [moment.strftime("%a") for moment in AROUND_THE_CHANGES] == ["Fri", "Sun", "Mon"] * 4
    assert all(zoneinfo_changes(year) == changes for year, changes in CLOCK_CHANGES.items())


@pytest.mark.parametrize("starts_at", AROUND_THE_CHANGES, ids=lambda moment: f"{moment:%a-%d-%b-%Y}")
def test_the_file_puts_the_meeting_at_its_time_by_its_own_timezone(pupil_a, starts_at):
    meeting_type = MeetingType.HOME_VISIT if starts_at.weekday() == 6 else MeetingType.SEN_REVIEW
    ics = meeting_calendar(MeetingFactory(pupil=pupil_a, starts_at=starts_at, meeting_type=meeting_type))

    zone, wall_clock = event_start(ics)
    changes = file_clock_changes(ics)[zone]

    assert zone == "Europe/London"
    assert wall_clock == starts_at.replace(tzinfo=None)
    assert utc_instant(wall_clock, changes) == starts_at
    covered = range(starts_at.year - 1, starts_at.year + 2)
    assert [change for change, _ in changes] == [change for year in covered for change in CLOCK_CHANGES[year]]
    assert [offset for _, offset in changes] == [datetime.timedelta(hours=1), datetime.timedelta(0)] * 3


# Never another school's meeting


def test_every_meeting_is_its_own_event_at_every_school(pupil_a, settings):
    settings.SITE_URL = "https://portal.hillside.example"
    first, second = MeetingFactory(pupil=pupil_a), MeetingFactory(pupil=pupil_a)
    number, first_uid = first.pk, first.calendar_uid
    # Another school's portal has a meeting with the same number: here, the same number given to a new meeting.
    first.delete()
    same_number = MeetingFactory(pk=number, pupil=pupil_a)

    uids = [first_uid, second.calendar_uid, same_number.calendar_uid]
    assert len(set(uids)) == 3
    for uid in uids:
        random_part, host = uid.split("@")
        assert uuid.UUID(random_part).version == 4
        assert host == "portal.hillside.example"
    assert str(Calendar.from_ical(meeting_calendar(second)).walk("VEVENT")[0]["UID"]) == second.calendar_uid


def test_on_a_developers_machine_the_host_is_the_softwares_name(pupil_a, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"

    assert MeetingFactory(pupil=pupil_a).calendar_uid.endswith("@senco-portal")


# Meetings from before the calendar UID


def test_meetings_from_before_keep_the_event_their_family_has(senco, pupil_a, parent_a):
    """Each keeps `meeting-<pk>@senco-portal`; a chain of rearrangements takes the one whose file went last."""
    lone = MeetingFactory(pupil=pupil_a)
    last = MeetingFactory(pupil=pupil_a, confirmed=True)
    middle = MeetingFactory(pupil=pupil_a, status=MeetingStatus.REARRANGED, rearranged_to=last)
    first = MeetingFactory(pupil=pupil_a, status=MeetingStatus.REARRANGED, rearranged_to=middle)
    never_told = MeetingFactory(pupil=pupil_a)
    never_told_first = MeetingFactory(pupil=pupil_a, status=MeetingStatus.REARRANGED, rearranged_to=never_told)
    for meeting, kind, days_ago in [(first, "notice", 20), (middle, "change", 10)]:
        sent_at = london(2026, 11, 30, 9, 0) - datetime.timedelta(days=days_ago)
        Message.objects.create(
            meeting=meeting,
            parent=parent_a.parent_record,
            kind=kind,
            channel=Channel.EMAIL,
            status=MessageStatus.SENT,
            sent_at=sent_at,
            due_at=sent_at,
            next_attempt_at=sent_at,
            expires_at=meeting.starts_at,
            for_starts_at=meeting.starts_at,
        )
    migration = importlib.import_module("meetings.migrations.0007_meeting_calendar_uid")

    migration.give_meetings_their_calendar_uids(apps, None)

    uids = dict(Meeting.objects.values_list("pk", "calendar_uid"))
    assert uids[lone.pk] == f"meeting-{lone.pk}@senco-portal"
    assert uids[first.pk] == uids[middle.pk] == uids[last.pk] == f"meeting-{middle.pk}@senco-portal"
    assert uids[never_told_first.pk] == uids[never_told.pk] == f"meeting-{never_told_first.pk}@senco-portal"
    assert set(Meeting.history.filter(id=last.pk).values_list("calendar_uid", flat=True)) == {uids[last.pk]}
