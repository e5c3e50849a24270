"""Which messages a meeting needs, kept in line with the meeting as it is booked, changed, cancelled or held, and
when each is due: the two-week notice as soon as the meeting is arranged (the family has the most notice we can
give), the day-before reminder by each parent's channel (`notices.channels.reminder_channels`: an email or a call on
the office's call list, never a letter). What they say, and whether each is still needed when its time comes, is in
`meetings.notices`.

`plan_meeting` is safe to call any number of times: rows are keyed (meeting, recipient, kind, planned time). A
planned row whose time no longer matches is cancelled and a new one planned; a change to the school's calendar plans
every booked meeting again (`plan_booked_meetings_again`, connected in `MeetingsConfig.ready()`).
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from notices.channels import channel_choice, reminder_channels
from notices.models import Channel, Message, MessageStatus
from notices.timing import at, call_due_at, reminder_due_at, reminder_expires_at
from school.models import School

from .compliance import RECORD_DUE_DAYS
from .models import BOOKED_STATUSES, InviteeKind, Meeting, MeetingStatus
from .notices import INFORMING, PARENT_REMINDERS, RECORD_KINDS, MeetingMessageKind

RECORD_DUE_WARNING_DAYS = 4


def record_due_warning_at(starts_at: datetime) -> datetime:
    meeting_day = timezone.localtime(starts_at).date()
    return at(meeting_day + timedelta(days=RECORD_DUE_DAYS - RECORD_DUE_WARNING_DAYS), School.load().reminder_time)


def record_overdue_at(starts_at: datetime) -> datetime:
    meeting_day = timezone.localtime(starts_at).date()
    return at(meeting_day + timedelta(days=RECORD_DUE_DAYS + 1), time(8, 0))


@transaction.atomic
def plan_meeting(meeting: Meeting, now: datetime | None = None) -> None:
    now = now or timezone.now()
    # One planner at a time per meeting: two requests changing the same meeting cannot both add a message.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    planned = Message.objects.filter(meeting=meeting, status=MessageStatus.PLANNED)
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.REARRANGED):
        planned.update(status=MessageStatus.CANCELLED)
        if meeting.status == MeetingStatus.CANCELLED:
            _tell_parents_it_is_cancelled(meeting, now)
        return
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.DID_NOT_ATTEND):
        planned.exclude(kind__in=RECORD_KINDS).update(status=MessageStatus.CANCELLED)
        if meeting.status == MeetingStatus.HELD:
            _plan_record_reminders(meeting)
        return
    wanted = _wanted_for_booked(meeting, now) + _record_reminder_rows(meeting)
    keys = {(m.parent_id, m.staff_id, m.kind, m.due_at) for m in wanted}
    for message in planned:
        if (message.parent_id, message.staff_id, message.kind, message.due_at) not in keys:
            message.status = MessageStatus.CANCELLED
            message.save(update_fields=["status"])
    _create_missing(wanted)


def plan_booked_meetings_again(**kwargs) -> None:
    """The school's closure days, term dates or reminder times changed (`school.signals.calendar_changed`): the
    messages of every booked meeting still to come are planned again. Reminders not yet sent move to their new time
    (the old row cancelled, a new one planned); what was sent, or is in the sender's hands, stays as it was."""
    now = timezone.now()
    for meeting in Meeting.objects.filter(status__in=BOOKED_STATUSES, starts_at__gt=now).only("pk"):
        plan_meeting(meeting, now)


def _parents(meeting: Meeting):
    # A young person who decides without their parents: the parents hear nothing, whoever is on the list.
    if meeting.pupil.decides_without_parents(timezone.localdate(meeting.starts_at)):
        return []
    return [i.parent for i in meeting.invitees.filter(kind=InviteeKind.PARENT).select_related("parent")]


def _staff(meeting: Meeting):
    staff = {meeting.led_by_id: meeting.led_by}
    staff |= {i.user_id: i.user for i in meeting.invitees.filter(kind=InviteeKind.STAFF).select_related("user")}
    return list(staff.values())


def _informed(meeting: Meeting, parent) -> list[Message]:
    """Notices and change notices this parent was sent about this meeting or any it replaced (one calendar event:
    a meeting moved twice before the first change notice went is still a change to the family)."""
    return list(
        Message.objects.filter(
            meeting__calendar_uid=meeting.calendar_uid,
            parent=parent,
            kind__in=INFORMING,
            status=MessageStatus.SENT,
            resend_of=None,
        )
    )


def _row(meeting, kind, due_at, expires_at, *, parent=None, staff=None, channel=None) -> Message:
    channel = channel or (channel_choice(parent) if parent else Channel.EMAIL)
    return Message(
        meeting=meeting,
        kind=kind,
        parent=parent,
        staff=staff,
        channel=channel,
        due_at=due_at,
        next_attempt_at=due_at,
        expires_at=expires_at,
        for_starts_at=meeting.starts_at,
    )


def _wanted_for_booked(meeting: Meeting, now: datetime) -> list[Message]:
    starts = meeting.starts_at
    if starts <= now:
        return []
    wanted = []
    reminders = _Reminders(meeting, now)
    for parent in _parents(meeting):
        informed = _informed(meeting, parent)
        told_at = now  # when the family hears of this time (told already: before now)
        if not informed:
            # The notice goes as soon as the meeting is arranged. One planned for later (under the old rule, 14
            # days before) is brought forward to now; one due and waiting for the sender keeps its time.
            notice = _existing(meeting, parent, MeetingMessageKind.NOTICE)
            told_at = min(notice.due_at, now) if notice else now
            wanted.append(_row(meeting, MeetingMessageKind.NOTICE, told_at, starts, parent=parent))
        elif all(message.for_starts_at != starts for message in informed):
            # Told about another time: a change notice, due when the change is made.
            change = _existing(meeting, parent, MeetingMessageKind.CHANGE)
            told_at = change.due_at if change else now
            wanted.append(_row(meeting, MeetingMessageKind.CHANGE, told_at, starts, parent=parent))
        # Never before the notice: a family's first message about a meeting is not a reminder.
        wanted += reminders.for_parent(parent, after=max(told_at, now))
    for member in _staff(meeting):
        wanted += reminders(MeetingMessageKind.STAFF_REMINDER, after=now, staff=member)
    return wanted


class _Reminders:
    """The day-before reminders each recipient needs for the meeting's time: the one already sent or in the sender's
    hands for it (never a second), else one at the reminder time if that is still to come."""

    def __init__(self, meeting: Meeting, now: datetime):
        starts = meeting.starts_at
        self.meeting, self.school = meeting, School.load()
        self.expires = reminder_expires_at(starts)
        by_email = reminder_due_at(starts)
        self.due = {
            MeetingMessageKind.REMINDER: by_email,
            MeetingMessageKind.STAFF_REMINDER: by_email,
            MeetingMessageKind.PHONE_REMINDER: call_due_at(starts),
        }
        self.handed = {
            (message.parent_id, message.staff_id, message.kind): message
            for message in Message.objects.filter(
                meeting=meeting,
                kind__in=(*PARENT_REMINDERS.values(), MeetingMessageKind.STAFF_REMINDER),
                for_starts_at=starts,
                resend_of=None,
            ).handed_to_sender(now)
        }

    def __call__(self, kind: str, *, after: datetime, parent=None, staff=None, channel=None) -> list[Message]:
        already = self.handed.get((parent and parent.pk, staff and staff.pk, kind))
        if already:
            return [already]
        due = self.due[kind]
        if kind == MeetingMessageKind.PHONE_REMINDER and due <= after < self.expires:
            # Arranged on the call's own day, after the list was ready: the office can still ring today.
            due = after
        elif due <= after:
            return []
        return [_row(self.meeting, kind, due, self.expires, parent=parent, staff=staff, channel=channel)]

    def for_parent(self, parent, *, after: datetime) -> list[Message]:
        """By the parent's channel, or channels when the school reminds by more than one. A parent already reminded
        by another channel (their preference changed since) is not reminded again by this one."""
        handed = [m for kind in PARENT_REMINDERS.values() if (m := self.handed.get((parent.pk, None, kind)))]
        if handed and not self.school.remind_by_more_than_one_channel:
            return handed
        rows = []
        for channel in reminder_channels(parent, self.school):
            rows += self(PARENT_REMINDERS[channel], after=after, parent=parent, channel=channel)
        return rows + [message for message in handed if message not in rows]


def _existing(meeting: Meeting, parent, kind: str) -> Message | None:
    """The message of this kind already planned or sent for the meeting's current time, if any."""
    return (
        Message.objects.filter(
            meeting=meeting, parent=parent, kind=kind, for_starts_at=meeting.starts_at, resend_of=None
        )
        .exclude(status=MessageStatus.CANCELLED)
        .first()
    )


def _record_reminder_rows(meeting: Meeting) -> list[Message]:
    starts = meeting.starts_at
    due_warning, overdue = record_due_warning_at(starts), record_overdue_at(starts)
    return [
        _row(
            meeting, MeetingMessageKind.RECORD_DUE, due_warning, due_warning + timedelta(days=4), staff=meeting.led_by
        ),
        _row(meeting, MeetingMessageKind.RECORD_OVERDUE, overdue, overdue + timedelta(days=7), staff=meeting.led_by),
    ]


def _plan_record_reminders(meeting: Meeting) -> None:
    _create_missing(_record_reminder_rows(meeting))


def _tell_parents_it_is_cancelled(meeting: Meeting, now: datetime) -> None:
    if meeting.starts_at <= now:
        return
    rows = []
    for parent in _parents(meeting):
        already = Message.objects.filter(meeting=meeting, parent=parent, kind=MeetingMessageKind.CANCELLATION).exists()
        if _informed(meeting, parent) and not already:
            rows.append(_row(meeting, MeetingMessageKind.CANCELLATION, now, meeting.starts_at, parent=parent))
    _create_missing(rows)


def _create_missing(rows: list[Message]) -> None:
    """Add the rows not planned yet (all about one meeting, which the caller has locked), read in one query."""
    if not rows:
        return
    existing = {
        (message.parent_id, message.staff_id, message.kind, message.due_at): message
        for message in Message.objects.filter(
            meeting=rows[0].meeting, resend_of=None, due_at__in={row.due_at for row in rows}
        )
    }
    for row in rows:
        message = existing.get((row.parent_id, row.staff_id, row.kind, row.due_at))
        if message is None:
            row.save()
        elif message.status == MessageStatus.CANCELLED:
            # Wanted again at the same time (a closure day added, then taken away again): the row is planned again,
            # as there can be only one for that time.
            message.status, message.attempts, message.last_error = MessageStatus.PLANNED, 0, ""
            message.channel, message.next_attempt_at = row.channel, row.next_attempt_at
            message.expires_at, message.for_starts_at = row.expires_at, row.for_starts_at
            message.save(
                update_fields=[
                    "status", "attempts", "last_error", "channel", "next_attempt_at", "expires_at", "for_starts_at"
                ]
            )  # fmt: skip
