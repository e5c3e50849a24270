"""When messages are due, and that each parent gets each message once, whatever happens to the meeting."""

import datetime
import threading
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from meetings.models import Invitee, InviteeKind, MeetingStatus
from meetings.notice_planning import plan_meeting
from meetings.notices import MeetingMessageKind
from meetings.scheduling import cancel, rearrange
from meetings.tests.factories import MeetingFactory
from notices.models import Message, MessageStatus
from notices.sending import deliver, scan
from notices.timing import reminder_due_at
from pupils.tests.factories import ParentCarerFactory
from school.models import ClosureDay

LONDON = ZoneInfo("Europe/London")


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def meeting(db, senco, pupil_a):
    """A review on Thursday 3 December 2026 at 15:45, with two parents invited."""
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 3, 15, 45))
    for first_name in ("Alice", "Adam"):
        parent = ParentCarerFactory(first_name=first_name, last_name="Ashworth")
        Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=parent, role="Parent")
    return meeting


def address(email) -> str:
    [to] = email.to
    return parseaddr(to)[1]


def parent_messages(meeting, kind=None):
    messages = Message.objects.filter(meeting=meeting, parent__isnull=False)
    return messages.filter(kind=kind) if kind else messages


def run_until(moment: datetime.datetime) -> None:
    """Scan and send as beat and a worker would, at `moment`."""
    with time_machine.travel(moment, tick=False):
        for pk in scan():
            deliver(pk)


@pytest.mark.parametrize(
    ("meeting_at", "reminder_at"),
    [
        (london(2026, 12, 3, 15, 45), london(2026, 12, 2, 15, 30)),  # Thursday: Wednesday
        (london(2026, 12, 7, 9, 0), london(2026, 12, 4, 15, 30)),  # Monday: the Friday before
        (london(2027, 3, 29, 9, 0), london(2027, 3, 26, 15, 30)),  # Monday after the clocks go forward
        (london(2026, 10, 26, 9, 0), london(2026, 10, 23, 15, 30)),  # Monday after the clocks go back
    ],
)
def test_reminder_is_the_school_day_before_at_half_past_three(db, meeting_at, reminder_at):
    assert reminder_due_at(meeting_at) == reminder_at
    assert reminder_due_at(meeting_at).utcoffset() == reminder_at.utcoffset()


def test_reminder_skips_a_closure_day(db):
    ClosureDay.objects.create(date=datetime.date(2026, 12, 4), reason="INSET day")
    assert reminder_due_at(london(2026, 12, 7, 9, 0)) == london(2026, 12, 3, 15, 30)  # Thursday for Monday


def test_reminder_for_the_tuesday_after_a_bank_holiday_is_the_friday(db):
    ClosureDay.objects.create(date=datetime.date(2027, 5, 3), reason="Early May bank holiday")
    assert reminder_due_at(london(2027, 5, 4, 9, 0)) == london(2027, 4, 30, 15, 30)  # four days before


def test_after_more_than_four_days_off_the_reminder_is_the_day_before(db):
    ClosureDay.objects.create(date=datetime.date(2026, 12, 4), reason="INSET day")
    ClosureDay.objects.create(date=datetime.date(2026, 12, 3), reason="Staff training")
    # The last school day is Wednesday, five days before: the family is reminded on Sunday.
    assert reminder_due_at(london(2026, 12, 7, 9, 0)) == london(2026, 12, 6, 15, 30)


def test_the_two_week_notice_goes_as_soon_as_the_meeting_is_arranged(meeting):
    """Booked three weeks ahead: the families hear at once, with 21 days' notice, not on day 14."""
    with time_machine.travel(london(2026, 11, 12, 10, 0), tick=False):
        plan_meeting(meeting)
    notices = parent_messages(meeting, MeetingMessageKind.NOTICE)
    assert set(notices.values_list("due_at", flat=True)) == {london(2026, 11, 12, 10, 0)}
    run_until(london(2026, 11, 12, 10, 1))
    assert sorted(address(m) for m in mail.outbox) == sorted(p.parent.email for p in meeting.invitees.all())
    assert {m.attachments[0][0] for m in mail.outbox} == {"invite.ics"}
    assert meeting.notice_days == 21 and not meeting.is_short_notice


def test_a_notice_planned_for_day_fourteen_under_the_old_rule_is_brought_forward(meeting):
    parent = meeting.invitees.first().parent
    old = Message.objects.create(
        meeting=meeting, parent=parent, kind=MeetingMessageKind.NOTICE, due_at=london(2026, 11, 19, 15, 45),
        next_attempt_at=london(2026, 11, 19, 15, 45), expires_at=meeting.starts_at, for_starts_at=meeting.starts_at,
    )  # fmt: skip
    with time_machine.travel(london(2026, 11, 12, 10, 0), tick=False):
        plan_meeting(meeting)
    old.refresh_from_db()
    assert old.status == MessageStatus.CANCELLED
    run_until(london(2026, 11, 12, 10, 1))
    assert len(mail.outbox) == 2
    assert parent_messages(meeting, MeetingMessageKind.NOTICE).filter(status=MessageStatus.SENT).count() == 2


def test_booked_twenty_days_ahead_one_notice_at_once_and_one_reminder(meeting):
    with time_machine.travel(london(2026, 11, 13, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 13, 10, 1))
    assert len(mail.outbox) == 2
    run_until(london(2026, 11, 19, 15, 46))  # 14 days before: nothing more
    run_until(london(2026, 11, 20, 15, 46))
    run_until(london(2026, 12, 2, 15, 29))
    assert len(mail.outbox) == 2
    run_until(london(2026, 12, 2, 15, 31))
    reminders = parent_messages(meeting, MeetingMessageKind.REMINDER)
    assert len(mail.outbox) == 2 + 2 + 1  # two notices, two parent reminders, one staff reminder
    assert all(m.status == MessageStatus.SENT for m in reminders)
    run_until(london(2026, 12, 2, 17, 0))
    assert len(mail.outbox) == 5


def test_meeting_booked_three_days_ahead_sends_the_notice_at_once(meeting):
    with time_machine.travel(london(2026, 11, 30, 10, 0), tick=False):
        plan_meeting(meeting)
        plan_meeting(meeting)
    run_until(london(2026, 11, 30, 10, 1))
    assert parent_messages(meeting, MeetingMessageKind.NOTICE).filter(status=MessageStatus.SENT).count() == 2
    assert parent_messages(meeting, MeetingMessageKind.NOTICE).count() == 2


def test_planning_again_later_changes_nothing(meeting):
    with time_machine.travel(london(2026, 11, 30, 10, 0), tick=False):
        plan_meeting(meeting)
    first = set(Message.objects.values_list("pk", "due_at", "status"))
    with time_machine.travel(london(2026, 11, 30, 11, 0), tick=False):
        plan_meeting(meeting)
    assert set(Message.objects.values_list("pk", "due_at", "status")) == first


def test_cancelling_stops_reminders_and_tells_parents_who_had_the_notice(meeting):
    with time_machine.travel(london(2026, 11, 13, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 19, 16, 0))
    with time_machine.travel(london(2026, 11, 25, 9, 0), tick=False):
        cancel(meeting, "The family asked to meet in January instead")
        plan_meeting(meeting)
    run_until(london(2026, 11, 25, 9, 1))
    run_until(london(2026, 12, 2, 15, 31))
    kinds = sorted(parent_messages(meeting).filter(status=MessageStatus.SENT).values_list("kind", flat=True))
    assert kinds == ["cancellation", "cancellation", "notice", "notice"]
    assert not Message.objects.filter(kind__in=["reminder", "staff_reminder"], status=MessageStatus.SENT).exists()


def test_cancelled_before_the_notice_sends_nothing_at_all(meeting):
    with time_machine.travel(london(2026, 11, 13, 10, 0), tick=False):
        plan_meeting(meeting)
        cancel(meeting, "No longer needed")
        plan_meeting(meeting)
    run_until(london(2026, 12, 3, 9, 0))
    assert len(mail.outbox) == 0


def test_rearranged_meeting_sends_a_change_notice_and_nothing_for_the_old_time(meeting, senco):
    with time_machine.travel(london(2026, 11, 13, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 19, 16, 0))
    with time_machine.travel(london(2026, 11, 24, 9, 0), tick=False):
        new = rearrange(meeting, london(2026, 12, 10, 9, 0), senco, "Moved at the family's request")
        plan_meeting(meeting)
        plan_meeting(new)
    run_until(london(2026, 11, 24, 9, 1))
    assert parent_messages(new, MeetingMessageKind.CHANGE).filter(status=MessageStatus.SENT).count() == 2
    assert not parent_messages(new, MeetingMessageKind.NOTICE).exists()
    run_until(london(2026, 12, 2, 15, 31))  # the old reminder time
    assert not parent_messages(meeting, MeetingMessageKind.REMINDER).filter(status=MessageStatus.SENT).exists()
    run_until(london(2026, 12, 9, 15, 31))
    assert parent_messages(new, MeetingMessageKind.REMINDER).filter(status=MessageStatus.SENT).count() == 2


def test_moved_twice_before_the_change_notice_went_is_still_a_change(meeting, senco):
    with time_machine.travel(london(2026, 11, 13, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 19, 16, 0))  # the notice for 3 December went
    with time_machine.travel(london(2026, 11, 24, 9, 0), tick=False):
        moved = rearrange(meeting, london(2026, 12, 10, 9, 0), senco, "Moved at the family's request")
        plan_meeting(meeting)
        plan_meeting(moved)
        moved_again = rearrange(moved, london(2026, 12, 11, 9, 0), senco, "The SENCO is on a course on the 10th")
        plan_meeting(moved)
        plan_meeting(moved_again)
    run_until(london(2026, 11, 24, 9, 1))
    assert parent_messages(moved_again, MeetingMessageKind.CHANGE).filter(status=MessageStatus.SENT).count() == 2
    assert not parent_messages(moved_again, MeetingMessageKind.NOTICE).exists()
    assert not parent_messages(moved).filter(status=MessageStatus.SENT).exists()


def test_time_changed_in_place_sends_one_change_notice(meeting):
    with time_machine.travel(london(2026, 11, 13, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 19, 16, 0))
    with time_machine.travel(london(2026, 11, 24, 9, 0), tick=False):
        meeting.starts_at = london(2026, 12, 3, 9, 0)
        meeting.save()
        plan_meeting(meeting)
        plan_meeting(meeting)
    run_until(london(2026, 11, 24, 9, 5))
    assert parent_messages(meeting, MeetingMessageKind.CHANGE).filter(status=MessageStatus.SENT).count() == 2


def test_reminder_whose_moment_passed_is_missed_not_sent_late(meeting):
    with time_machine.travel(london(2026, 11, 13, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 19, 16, 0))
    # The worker was down from Wednesday afternoon until Thursday morning.
    run_until(london(2026, 12, 3, 8, 0))
    reminders = parent_messages(meeting, MeetingMessageKind.REMINDER)
    assert set(reminders.values_list("status", flat=True)) == {MessageStatus.MISSED}
    assert len(mail.outbox) == 2


def test_late_notice_still_goes_out_while_useful(meeting):
    with time_machine.travel(london(2026, 11, 13, 10, 0), tick=False):
        plan_meeting(meeting)
    run_until(london(2026, 11, 25, 8, 0))  # the worker was down for six days
    assert parent_messages(meeting, MeetingMessageKind.NOTICE).filter(status=MessageStatus.SENT).count() == 2


def test_the_same_send_task_delivered_twice_sends_once(meeting):
    with time_machine.travel(london(2026, 11, 30, 10, 0), tick=False):
        plan_meeting(meeting)
        due = scan()
        results = [deliver(pk) for pk in due] + [deliver(pk) for pk in due]
    assert results.count("not claimed") == len(due)
    assert len(mail.outbox) == 2


def test_a_failed_send_retries_with_backoff_then_shows_as_failed(meeting, settings):
    settings.EMAIL_BACKEND = "meetings.tests.test_notice_planning.BrokenBackend"
    with time_machine.travel(london(2026, 11, 30, 10, 0), tick=False):
        plan_meeting(meeting)
    moment = london(2026, 11, 30, 10, 0)
    for _ in range(6):
        run_until(moment)
        moment += datetime.timedelta(hours=2)
    notice = parent_messages(meeting, MeetingMessageKind.NOTICE).first()
    assert notice.status == MessageStatus.FAILED and notice.attempts == 5
    assert "SMTP server said no" in notice.last_error


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server said no")


def test_held_meeting_plans_record_reminders_for_the_leader_only(meeting):
    with time_machine.travel(london(2026, 12, 3, 17, 0), tick=False):
        meeting.status = MeetingStatus.HELD
        meeting.save()
        plan_meeting(meeting)
    kinds = set(Message.objects.filter(meeting=meeting).values_list("kind", "staff"))
    assert kinds == {("record_due", meeting.led_by_id), ("record_overdue", meeting.led_by_id)}
    run_until(london(2026, 12, 13, 15, 31))
    assert [address(m) for m in mail.outbox] == [meeting.led_by.email]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent claiming is tested on PostgreSQL (CI)")
def test_two_scans_and_workers_at_once_send_each_message_once(senco, pupil_a):
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 3, 15, 45))
    for n in range(10):
        parent = ParentCarerFactory(first_name=f"Parent{n}")
        Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=parent, role="Parent")
    with time_machine.travel(london(2026, 11, 30, 10, 0), tick=False):
        plan_meeting(meeting)
    barrier = threading.Barrier(4)
    results = []

    def worker():
        from django.db import connections

        try:
            with time_machine.travel(london(2026, 11, 30, 10, 1), tick=False):
                barrier.wait()
                for pk in scan():
                    results.append(deliver(pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(MessageStatus.SENT) == 10
    assert len(mail.outbox) == 10
    parent_emails = meeting.invitees.values_list("parent__email", flat=True)
    assert sorted(address(m) for m in mail.outbox) == sorted(parent_emails)
