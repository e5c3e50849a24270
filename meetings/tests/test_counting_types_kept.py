"""Which meeting types count towards the three a year: kept by the process with the school's settings, and a change
in the admin site seen by the next request (issue 24)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.compliance import counting_types
from meetings.models import MeetingType, MeetingTypeSetting
from school.models import School


def test_kept_while_unchanged_and_a_change_seen_by_the_next_request(db):
    assert MeetingType.INFORMAL not in counting_types()
    School.forget_loaded()  # the next request
    with CaptureQueriesContext(connection) as queries:
        counting_types()
    assert len(queries) == 1  # the stamp only

    setting = MeetingTypeSetting.objects.get(meeting_type=MeetingType.INFORMAL)  # the data migration's row
    setting.counts_towards_three = True
    setting.save()
    School.forget_loaded()

    assert MeetingType.INFORMAL in counting_types()
