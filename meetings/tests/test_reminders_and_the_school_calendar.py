"""Day-before reminders after holidays, on the first day back, and planned again when the school's calendar changes."""

import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from meetings.models import Invitee, InviteeKind
from meetings.notice_planning import plan_meeting
from meetings.notices import MeetingMessageKind
from meetings.tests.factories import MeetingFactory
from notices.models import Message, MessageStatus
from notices.sending import deliver, scan
from notices.timing import reminder_due_at, reminder_expires_at
from pupils.tests.factories import ParentCarerFactory
from school.models import ClosureDay, School, TermDates

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
d = datetime.date


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def christmas_holiday(spring_starts_on: datetime.date = datetime.date(2027, 1, 5)) -> None:
    """The autumn term ends on Friday 18 December 2026; the spring term starts on Tuesday 5 January 2027."""
    TermDates.objects.create(
        term="autumn", starts_on=d(2026, 9, 3), ends_on=d(2026, 12, 18),
        half_term_starts_on=d(2026, 10, 26), half_term_ends_on=d(2026, 10, 30),
    )  # fmt: skip
    TermDates.objects.create(term="spring", starts_on=spring_starts_on, ends_on=d(2027, 3, 26))


def first_day_back_at(clock: datetime.time | None) -> None:
    school = School.load()
    school.first_day_back_reminder_time = clock
    school.save()


@pytest.fixture
def meeting(senco, teacher, pupil_a):
    """A review on Monday 7 December 2026 at 09:00: Alice Ashworth invited, and the class teacher."""
    meeting = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 7, 9, 0))
    alice = ParentCarerFactory(first_name="Alice", last_name="Ashworth")
    Invitee.objects.create(meeting=meeting, kind=InviteeKind.PARENT, parent=alice, role="Parent")
    Invitee.objects.create(meeting=meeting, kind=InviteeKind.STAFF, user=teacher, role="Class teacher")
    return meeting


@pytest.fixture
def changed_at(django_capture_on_commit_callbacks):
    """`with changed_at(moment):` change the school's calendar at that moment and commit (`calendar_changed` sent)."""

    @contextmanager
    def change(moment: datetime.datetime):
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            yield

    return change


def run_until(moment: datetime.datetime) -> None:
    with time_machine.travel(moment, tick=False):
        for pk in scan():
            deliver(pk)


def plan_at(meeting, moment: datetime.datetime) -> None:
    with time_machine.travel(moment, tick=False):
        plan_meeting(meeting)


def reminders(meeting, status=MessageStatus.PLANNED) -> set[tuple[str, datetime.datetime]]:
    kinds = (MeetingMessageKind.REMINDER, MeetingMessageKind.STAFF_REMINDER)
    rows = Message.objects.filter(meeting=meeting, kind__in=kinds, status=status)
    return set(rows.values_list("kind", "due_at"))


def both_reminders_at(moment: datetime.datetime) -> set[tuple[str, datetime.datetime]]:
    return {(MeetingMessageKind.REMINDER, moment), (MeetingMessageKind.STAFF_REMINDER, moment)}


# After a holiday


def test_first_day_back_is_reminded_the_day_before_not_on_the_last_day_of_term():
    christmas_holiday()
    # Not Friday 18 December, eighteen days ahead: Monday 4 January, the day before.
    assert reminder_due_at(london(2027, 1, 5, 9, 0)) == london(2027, 1, 4, 15, 30)
    assert reminder_expires_at(london(2027, 1, 5, 9, 0)) == london(2027, 1, 5, 0, 0)


def test_monday_fourth_of_january_is_never_reminded_on_friday_eighteenth_december():
    # No term dates entered: every weekday counts, so Friday 1 January is the school day before.
    assert reminder_due_at(london(2027, 1, 4, 9, 0)) == london(2027, 1, 1, 15, 30)
    # Term dates with the spring term starting on Monday 4 January: reminded on the Sunday.
    christmas_holiday(spring_starts_on=d(2027, 1, 4))
    assert reminder_due_at(london(2027, 1, 4, 9, 0)) == london(2027, 1, 3, 15, 30)


def test_after_half_term_the_monday_is_reminded_on_the_sunday():
    christmas_holiday()
    assert reminder_due_at(london(2026, 11, 2, 14, 0)) == london(2026, 11, 1, 15, 30)


def test_a_meeting_in_the_holiday_is_reminded_the_day_before():
    christmas_holiday()
    assert reminder_due_at(london(2026, 12, 23, 10, 0)) == london(2026, 12, 22, 15, 30)


def test_with_a_first_day_back_time_the_meeting_is_reminded_that_morning():
    christmas_holiday()
    first_day_back_at(datetime.time(8, 0))
    assert reminder_due_at(london(2027, 1, 5, 9, 0)) == london(2027, 1, 5, 8, 0)
    assert reminder_expires_at(london(2027, 1, 5, 9, 0)) == london(2027, 1, 5, 9, 0)  # never once it has started
    assert reminder_due_at(london(2026, 11, 2, 14, 0)) == london(2026, 11, 2, 8, 0)  # after half term
    # A meeting before that time, or after an ordinary weekend, is reminded as before.
    assert reminder_due_at(london(2027, 1, 5, 7, 45)) == london(2027, 1, 4, 15, 30)
    assert reminder_due_at(london(2027, 1, 11, 9, 0)) == london(2027, 1, 8, 15, 30)


@pytest.mark.parametrize("first_day_back", [None, datetime.time(8, 0)])
def test_a_reminder_never_comes_before_the_two_week_notice(first_day_back):
    christmas_holiday()
    first_day_back_at(first_day_back)
    day = d(2026, 12, 1)
    while day < d(2027, 1, 20):
        for hour in (7, 9, 16):
            starts = london(day.year, day.month, day.day, hour, 0)
            booked = starts - datetime.timedelta(days=14)  # the notice goes when it is booked
            assert reminder_due_at(starts) > booked, starts
        day += datetime.timedelta(days=1)


def test_after_christmas_the_family_hears_the_notice_then_the_reminder_the_day_before(meeting):
    christmas_holiday(spring_starts_on=d(2027, 1, 4))
    meeting.starts_at = london(2027, 1, 4, 9, 0)
    meeting.save()
    plan_at(meeting, london(2026, 12, 1, 10, 0))
    run_until(london(2026, 12, 1, 10, 1))  # the notice, as soon as it is booked
    run_until(london(2026, 12, 18, 15, 31))  # the last day of term
    assert len(mail.outbox) == 1
    run_until(london(2026, 12, 21, 9, 1))
    run_until(london(2027, 1, 3, 15, 31))
    subjects = [email.subject for email in mail.outbox]
    assert subjects[0].startswith("Meeting about Amelia")
    assert "Reminder: meeting about Amelia tomorrow at 9am" in subjects
    assert "Your meeting tomorrow: Amelia Ashworth at 9am" in subjects


def test_the_first_day_back_reminder_says_today(meeting):
    christmas_holiday()
    first_day_back_at(datetime.time(8, 0))
    meeting.starts_at = london(2027, 1, 5, 9, 30)
    meeting.save()
    plan_at(meeting, london(2026, 12, 1, 10, 0))
    run_until(london(2026, 12, 22, 9, 31))  # the notice
    run_until(london(2027, 1, 4, 15, 31))
    assert len(mail.outbox) == 1
    run_until(london(2027, 1, 5, 8, 1))
    subjects = {email.subject for email in mail.outbox[1:]}
    assert subjects == {
        "Reminder: meeting about Amelia today at 9:30am",
        "Your meeting today: Amelia Ashworth at 9:30am",
    }
    [to_alice] = [email for email in mail.outbox[1:] if email.subject.startswith("Reminder")]
    assert "our meeting about Amelia today." in to_alice.body


def test_a_monday_meeting_reminded_on_friday_names_the_day(meeting):
    plan_at(meeting, london(2026, 11, 13, 10, 0))
    run_until(london(2026, 11, 23, 9, 1))
    run_until(london(2026, 12, 4, 15, 31))
    assert "Reminder: meeting about Amelia on Monday 7 December 2026 at 9am" in [m.subject for m in mail.outbox]


# When the school's calendar changes


def test_an_inset_day_added_after_booking_moves_the_reminder_and_leaves_the_sent_notice(meeting, changed_at):
    plan_at(meeting, london(2026, 11, 13, 10, 0))
    run_until(london(2026, 11, 23, 9, 1))
    notice = Message.objects.get(meeting=meeting, kind=MeetingMessageKind.NOTICE)
    assert notice.status == MessageStatus.SENT
    assert reminders(meeting) == both_reminders_at(london(2026, 12, 4, 15, 30))

    with changed_at(london(2026, 11, 25, 12, 0)):
        ClosureDay.objects.create(date=d(2026, 12, 4), reason="INSET day")

    assert reminders(meeting) == both_reminders_at(london(2026, 12, 3, 15, 30))  # Thursday
    assert reminders(meeting, MessageStatus.CANCELLED) == both_reminders_at(london(2026, 12, 4, 15, 30))
    notice.refresh_from_db()
    assert (notice.status, notice.due_at) == (MessageStatus.SENT, london(2026, 11, 13, 10, 0))  # when booked
    run_until(london(2026, 12, 3, 15, 31))
    assert len(mail.outbox) == 1 + 3  # the notice, then Alice's reminder and the two staff reminders


def test_a_closure_day_taken_away_again_brings_the_reminder_back(meeting, changed_at):
    plan_at(meeting, london(2026, 11, 13, 10, 0))
    with changed_at(london(2026, 11, 25, 12, 0)):
        inset = ClosureDay.objects.create(date=d(2026, 12, 4), reason="INSET day")
    with changed_at(london(2026, 11, 25, 12, 5)):
        inset.delete()
    assert reminders(meeting) == both_reminders_at(london(2026, 12, 4, 15, 30))
    assert Message.objects.filter(meeting=meeting, kind=MeetingMessageKind.REMINDER).count() == 2  # Friday's again


def test_a_reminder_already_sent_is_not_sent_again_when_the_calendar_changes(meeting, changed_at):
    ClosureDay.objects.create(date=d(2026, 12, 4), reason="INSET day")
    plan_at(meeting, london(2026, 11, 13, 10, 0))
    run_until(london(2026, 12, 3, 15, 31))  # reminded on Thursday
    sent = len(mail.outbox)
    with changed_at(london(2026, 12, 3, 17, 0)):
        ClosureDay.objects.filter(date=d(2026, 12, 4)).delete()  # the INSET day is off after all
    assert reminders(meeting) == set()
    assert reminders(meeting, MessageStatus.SENT) == both_reminders_at(london(2026, 12, 3, 15, 30))
    run_until(london(2026, 12, 4, 15, 31))
    assert len(mail.outbox) == sent


def test_a_new_reminder_time_moves_the_planned_reminders(meeting, changed_at):
    plan_at(meeting, london(2026, 11, 13, 10, 0))
    with changed_at(london(2026, 11, 25, 12, 0)):
        school = School.load()
        school.reminder_time = datetime.time(16, 15)
        school.save()
    assert reminders(meeting) == both_reminders_at(london(2026, 12, 4, 16, 15))
    assert reminders(meeting, MessageStatus.CANCELLED) == both_reminders_at(london(2026, 12, 4, 15, 30))


def test_term_dates_entered_after_booking_move_the_reminder_out_of_half_term(meeting, changed_at):
    meeting.starts_at = london(2026, 11, 2, 14, 0)  # the Monday after half term
    meeting.save()
    plan_at(meeting, london(2026, 10, 1, 10, 0))
    assert reminders(meeting) == both_reminders_at(london(2026, 10, 30, 15, 30))
    with changed_at(london(2026, 10, 5, 12, 0)):
        christmas_holiday()
    assert reminders(meeting) == both_reminders_at(london(2026, 11, 1, 15, 30))  # the Sunday
    with changed_at(london(2026, 10, 5, 12, 5)):
        first_day_back_at(datetime.time(8, 0))
    assert reminders(meeting) == both_reminders_at(london(2026, 11, 2, 8, 0))  # that morning


def test_a_calendar_change_leaves_past_and_cancelled_meetings_alone(senco, pupil_a, changed_at):
    cancelled = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2026, 12, 7, 9, 0), cancelled=True)
    held = MeetingFactory(pupil=pupil_a, led_by=senco, starts_at=london(2026, 11, 2, 9, 0), held=True)
    with changed_at(london(2026, 11, 25, 12, 0)):
        ClosureDay.objects.create(date=d(2026, 12, 4), reason="INSET day")
    assert not Message.objects.filter(meeting__in=[cancelled, held]).exists()
