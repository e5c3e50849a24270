"""A demo school built before it had meetings gets them on the next run (in a module of its own: it needs a
database without the demo school the other meetings tests share)."""

import random

from django.db.models import Q
from django.utils import timezone

from demo.management.commands.demo_school import DemoSchoolWriter
from demo.plan import SEED, build_plan
from demo.tests.helpers import run_demo_school
from meetings.models import Meeting


def test_pupils_built_earlier_without_meetings_get_them_on_the_next_run(db):
    DemoSchoolWriter(build_plan(random.Random(SEED), timezone.localdate())).write()
    assert not Meeting.objects.exists()
    out = run_demo_school()
    assert "meetings" in out and Meeting.objects.exists()
    assert not Meeting.objects.filter(~Q(pupil__sen_status__in=("K", "E"))).exists()
