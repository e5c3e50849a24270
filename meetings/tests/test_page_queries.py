"""Issue 24: a meeting's page and "my meetings" read in the same number of queries however much they show."""

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from common.tests.page_queries import queries_after_a_first_request as queries
from meetings.models import InviteeKind
from pupils.tests.factories import ParentCarerFactory, PupilParentFactory
from replies.models import Answer, Reply

from .factories import ActionPointFactory, InviteeFactory, MeetingFactory, RecordVersionFactory

pytestmark = pytest.mark.django_db


def test_a_meetings_page_reads_the_same_queries_for_one_family_or_five(client, senco, pupil_a):
    version = RecordVersionFactory(
        record__meeting__pupil=pupil_a, record__meeting__led_by=senco, finalised_by=senco, shared=True
    )
    meeting = version.record.meeting

    def more(n):
        for _ in range(n):
            parent = ParentCarerFactory()
            PupilParentFactory(pupil=pupil_a, parent=parent)
            InviteeFactory(meeting=meeting, kind=InviteeKind.PARENT, user=None, parent=parent, role="Parent")
            InviteeFactory(meeting=meeting)
            Reply.objects.create(parent=parent, meeting=meeting, answer=Answer.COMING)
            ActionPointFactory(meeting=meeting)
            meeting.save()  # one more line of history

    client.force_login(senco)
    url = reverse("meetings:detail", args=[meeting.pk])
    more(1)
    one = queries(client, url)
    more(4)
    five = queries(client, url)
    page = client.get(url).content.decode()
    assert page.count("We&#x27;ll be there") + page.count("We'll be there") >= 5
    # The record's latest version, as read inside the meeting's query.
    finalised_on, shared_on = (
        date_format(localtime(at), "SHORT_DATE_FORMAT") for at in (version.finalised_at, version.shared_at)
    )
    assert f"Version 1 finalised {finalised_on} by {senco.get_full_name()}." in page
    assert f"Shared with the parents on {shared_on}." in page
    assert reverse("meetings:version", args=[version.pk]) in page
    assert len(five) == len(one), "\n".join(five)
    # What every signed-in request reads (3), then the meeting's own: itself (with its record and the meetings it
    # replaced or was moved to, and the record's latest version), who is invited, the access log line, the notices
    # sent (which also say which families were told, for their replies), the families' replies, the action points
    # and the history.
    statements = [sql for sql in one if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(statements) == 10, "\n".join(statements)


def test_a_rearranged_meetings_page_reads_no_more(client, senco, pupil_a):
    moved = MeetingFactory(pupil=pupil_a, led_by=senco, rearranged=True)
    client.force_login(senco)
    before = queries(client, reverse("meetings:detail", args=[moved.pk]))
    after = queries(client, reverse("meetings:detail", args=[moved.rearranged_to.pk]))
    assert len(before) == len(after)
