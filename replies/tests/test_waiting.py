"""The dashboard's replies block in two queries at any size: the first few of each kind, in time order, and every
kind's count."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Meeting, MeetingStatus
from meetings.notices import INFORMING
from meetings.tests.factories import MeetingFactory
from notices.models import Channel, Message, MessageStatus
from pupils.tests.factories import ParentCarerFactory
from replies.models import Answer, Reply
from replies.summaries import waiting


def days_on(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def told(meeting: Meeting, parent) -> None:
    sent_at = timezone.now() - datetime.timedelta(days=1)
    Message.objects.create(
        meeting=meeting,
        kind=INFORMING[0],
        parent=parent,
        channel=Channel.EMAIL,
        due_at=sent_at,
        next_attempt_at=sent_at,
        for_starts_at=meeting.starts_at,
        expires_at=meeting.starts_at,
        status=MessageStatus.SENT,
        sent_at=sent_at,
        recipient_name=parent.full_name,
        recipient_address=parent.email,
        subject="A meeting",
        body_text="Dear parent",
    )


def families(answers: list[str | None], day: int) -> list[Meeting]:
    """A booked meeting `day`, `day + 1`, ... days on for each answer, each family told of it; None: no reply."""
    meetings = []
    for offset, answer in enumerate(answers):
        parent = ParentCarerFactory()
        meeting = MeetingFactory(starts_at=days_on(day + offset))
        told(meeting, parent)
        if answer:
            Reply.objects.create(parent=parent, meeting=meeting, answer=answer)
        meetings.append(meeting)
    return meetings


def test_the_first_few_of_each_kind_in_time_order_and_every_count(db):
    another = families([Answer.ANOTHER_TIME] * 7, day=30)
    cannot = families([Answer.CANNOT_COME] * 2, day=10)
    silent = families([None] * 6, day=1)
    families([Answer.COMING] * 2, day=50)  # coming: in no list
    both = families([Answer.CANNOT_COME], day=5)[0]  # one parent cannot come, the other asks for another time
    Reply.objects.create(parent=ParentCarerFactory(), meeting=both, answer=Answer.ANOTHER_TIME)
    MeetingFactory(starts_at=days_on(2))  # nobody told yet: not waiting for a reply
    past = families([Answer.ANOTHER_TIME], day=-3)[0]
    cancelled = families([None], day=4)[0]
    Meeting.objects.filter(pk=cancelled.pk).update(status=MeetingStatus.CANCELLED, cancellation_reason="Ill")
    with CaptureQueriesContext(connection) as queries:
        shown = waiting(Meeting.objects.all(), shown=5)
    assert len(queries) == 1  # the pupils' names come in the same query
    assert shown.another_time == [both, *another[:4]] and shown.another_time_count == 8
    assert shown.cannot_come == [both, *cannot] and shown.cannot_come_count == 3
    assert shown.not_replied == silent[:5] and shown.not_replied_count == 6
    assert past not in shown.another_time and shown.another_time[0].pupil.full_name  # pupils loaded with them


def test_nothing_waiting_is_one_query(db):
    families([Answer.COMING], day=3)
    with CaptureQueriesContext(connection) as queries:
        shown = waiting(Meeting.objects.all())
    assert len(queries) == 1
    assert (shown.another_time, shown.another_time_count, shown.not_replied_count) == ([], 0, 0)


def test_the_same_one_query_with_many_meetings(db):
    families([Answer.ANOTHER_TIME, None, Answer.CANNOT_COME] * 15, day=1)
    with CaptureQueriesContext(connection) as queries:
        shown = waiting(Meeting.objects.all())
    assert len(queries) == 1
    assert (shown.another_time_count, shown.cannot_come_count, shown.not_replied_count) == (15, 15, 15)
    assert len(shown.another_time) == len(shown.cannot_come) == len(shown.not_replied) == 5
