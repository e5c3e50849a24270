"""The school's settings, term dates and closure days are kept by each process and checked against the stamp on the
settings row once for each request or task; a change, made by any process, is seen by the very next request."""

import uuid
from datetime import date

from celery.signals import task_prerun
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from school.calendar import is_school_day
from school.models import ClosureDay, School, TermDates


def next_request() -> None:
    """What request_started does for the school's settings (sending it would close the test's connection too)."""
    School.forget_loaded()


def changed_by_another_process(**fields) -> None:
    """What another process's save leaves in the database: the new values and a new stamp (nothing in this one)."""
    School.objects.filter(pk=1).update(stamp=uuid.uuid4(), **fields)


def test_read_once_then_afresh_for_each_request(client, db):
    with CaptureQueriesContext(connection) as queries:
        assert School.load().name == School.load().name
    assert len(queries) == 1  # the row alone: the process knows nothing yet, so has no stamp to compare
    changed_by_another_process(name="Hill Top Primary")
    assert School.load().name != "Hill Top Primary"  # still this request's copy
    assert "Hill Top Primary" in client.get(reverse("login")).content.decode()


def test_kept_between_requests_while_the_stamp_holds(db):
    School.load()
    TermDates.of_year(2026)
    next_request()

    with CaptureQueriesContext(connection) as queries:
        School.load()
        TermDates.of_year(2026)
        is_school_day(date(2026, 12, 4))
        is_school_day(date(2026, 12, 4))

    assert [query["sql"] for query in queries][:1] == ['SELECT "stamp" FROM "school_school" WHERE "id" = 1']
    assert len(queries) == 2  # the stamp, and the year's closure days read for the first time


def test_read_afresh_for_each_task(db):
    School.load()
    changed_by_another_process(name="Valley Primary")
    task_prerun.send(sender=None, task_id="1", task=None)
    assert School.load().name == "Valley Primary"


def test_a_saved_change_is_seen_at_once(db):
    school = School.load()
    school.phone = "01632 960000"
    school.save()
    assert School.objects.get().phone == School.load().phone == "01632 960000"
    next_request()
    assert School.load().phone == "01632 960000"


def test_a_change_to_a_copy_not_saved_is_never_kept(db):
    School.load().name = "Changed, then the form was refused"
    next_request()
    assert School.load().name == "Our School"


def test_term_dates_and_closure_days_changed_elsewhere_are_seen_by_the_next_request(db):
    School.load()
    assert TermDates.of_year(2026) == []
    assert is_school_day(date(2026, 12, 4))
    stamp = School.objects.get().stamp

    TermDates.objects.create(term="autumn", starts_on=date(2026, 9, 3), ends_on=date(2026, 12, 18))
    ClosureDay.objects.create(date=date(2026, 12, 4), reason="INSET day")
    next_request()

    assert School.objects.get().stamp != stamp
    assert [term.term for term in TermDates.of_year(2026)] == ["autumn"]
    assert not is_school_day(date(2026, 12, 4))


def test_the_settings_page_saves_and_the_next_page_shows_it(client, senco):
    client.force_login(senco)
    url = reverse("accounts:school_settings")
    assert "Our School" in client.get(reverse("password_change")).content.decode()
    data = {name: value for name, value in client.get(url).context["form"].initial.items() if value is not None}

    client.post(url, data | {"name": "Brook Lane Primary"})

    assert "Brook Lane Primary" in client.get(reverse("password_change")).content.decode()


def test_a_signed_in_request_reads_the_stamp_with_its_session(client, senco):
    client.force_login(senco)
    client.get(reverse("password_change"))
    changed_by_another_process(name="Moor End Primary")

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("password_change")).content.decode()

    assert "Moor End Primary" in page
    assert not any(query["sql"].startswith('SELECT "stamp"') for query in queries)
