"""The school's settings are read once for each request or task, and a change is seen straight away."""

from celery.signals import task_prerun
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from school.models import School


def test_read_once_then_afresh_for_each_request(client, db):
    with CaptureQueriesContext(connection) as queries:
        assert School.load().name == School.load().name
    assert len(queries) == 1
    School.objects.filter(pk=1).update(name="Hill Top Primary")  # as another process would change it
    assert School.load().name != "Hill Top Primary"  # still this request's copy
    assert "Hill Top Primary" in client.get(reverse("login")).content.decode()


def test_read_afresh_for_each_task(db):
    School.load()
    School.objects.filter(pk=1).update(name="Valley Primary")
    task_prerun.send(sender=None, task_id="1", task=None)
    assert School.load().name == "Valley Primary"


def test_a_saved_change_is_seen_at_once(db):
    school = School.load()
    school.phone = "01632 960000"
    school.save()
    assert School.objects.get().phone == School.load().phone == "01632 960000"
