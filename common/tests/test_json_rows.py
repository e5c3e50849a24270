"""A record's short lists read inside its own query (common/json_rows.py) are the rows prefetch_related would give:
the same rows, fields, types and order, with what each row names read with it, and no query more to read them."""

import datetime

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from common.json_rows import Rows
from pupils.models import Outcome, ProgressNote, Provision, Pupil, PupilParent, Service
from pupils.tests.factories import (
    OutcomeFactory,
    ParentCarerFactory,
    ProfessionalInvolvementFactory,
    ProvisionFactory,
    PupilFactory,
    PupilParentFactory,
)
from pupils.views.records import RECORD_LISTS as LISTS

pytestmark = pytest.mark.django_db


def read_as_json(pk: int) -> Pupil:
    pupil = Pupil.objects.annotate(**Rows.columns(Pupil, LISTS)).get(pk=pk)
    Rows.attach_all(pupil, LISTS)
    return pupil


def prefetched(pk: int) -> Pupil:
    return Pupil.objects.prefetch_related(
        "teaching_assistants",
        Prefetch("outcomes", queryset=Outcome.objects.prefetch_related("progress_notes__recorded_by")),
        Prefetch("provisions", queryset=Provision.objects.select_related("staff")),
        "professionals",
        Prefetch("parent_links", queryset=PupilParent.objects.select_related("parent")),
    ).get(pk=pk)


def fields(row) -> dict:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


def as_read(pupil: Pupil) -> dict:
    """Every field of every row of the lists, and of the rows read with them, in order."""
    outcomes, provision, links = pupil.outcomes.all(), pupil.provisions.all(), pupil.parent_links.all()
    return {
        "teaching assistants": [fields(ta) for ta in pupil.teaching_assistants.all()],
        "outcomes": [fields(outcome) for outcome in outcomes],
        "notes": [[fields(note) for note in outcome.progress_notes.all()] for outcome in outcomes],
        "notes by": [
            [note.recorded_by and fields(note.recorded_by) for note in o.progress_notes.all()] for o in outcomes
        ],
        "provision": [fields(each) for each in provision],
        "provision led by": [each.staff and fields(each.staff) for each in provision],
        "professionals": [fields(professional) for professional in pupil.professionals.all()],
        "parents": [fields(link.parent) for link in links],
        "links": [fields(link) for link in links],
        "a target's pupil": [outcome.pupil.pk for outcome in outcomes],
    }


def test_the_lists_are_the_rows_prefetch_would_give_in_its_order_with_nothing_more_to_read(teacher):
    pupil, other = PupilFactory(), PupilFactory()
    pupil.teaching_assistants.add(UserFactory(last_name="Zane"), UserFactory(last_name="Adams"))
    other.teaching_assistants.add(UserFactory(last_name="Other"))
    first = OutcomeFactory(pupil=pupil, review_date=datetime.date(2027, 2, 1), status="achieved")
    second = OutcomeFactory(pupil=pupil, review_date=datetime.date(2026, 12, 1))
    OutcomeFactory(pupil=other)
    for day, by in ((3, teacher), (9, None), (9, teacher)):
        ProgressNote.objects.create(
            outcome=first, noted_on=datetime.date(2026, 11, day), note=f"Day {day}", recorded_by=by
        )
    ProvisionFactory(pupil=pupil, staff=teacher, start_date=datetime.date(2026, 9, 1), end_date=None)
    ProvisionFactory(
        pupil=pupil, staff=None, start_date=datetime.date(2026, 10, 1), end_date=datetime.date(2026, 12, 1)
    )
    ProfessionalInvolvementFactory(pupil=pupil, service=Service.EP, parents_consented_on=datetime.date(2026, 5, 4))
    ProfessionalInvolvementFactory(pupil=pupil, service=Service.CAMHS, parents_consented_on=None)
    PupilParentFactory(
        pupil=pupil, parent=ParentCarerFactory(last_name="Young", needs_interpreter=True), contact_order=2
    )
    PupilParentFactory(pupil=pupil, parent=ParentCarerFactory(last_name="Brown"), contact_order=1)

    expected = prefetched(pupil.pk)
    read_as_json(pupil.pk)  # a first time: the SQL is written, and SQLite's JSON support asked about, once
    with CaptureQueriesContext(connection) as queries:
        pupil = read_as_json(pupil.pk)
        lists = as_read(pupil)
    assert len(queries) == 1, [query["sql"] for query in queries.captured_queries]
    assert lists == as_read(expected)
    assert lists["a target's pupil"] == [pupil.pk, pupil.pk]
    # What a page reads of them, typed as the database gives them.
    assert [ta.last_name for ta in pupil.teaching_assistants.all()] == ["Adams", "Zane"]
    assert [outcome.pk for outcome in pupil.outcomes.all()] == [first.pk, second.pk]  # achieved, then by review date
    assert [note.note for note in pupil.outcomes.all()[0].progress_notes.all()] == ["Day 9", "Day 9", "Day 3"]
    assert [link.parent.last_name for link in pupil.parent_links.all()] == ["Brown", "Young"]
    assert pupil.parent_links.all()[1].parent.needs_interpreter is True
    assert (
        isinstance(pupil.outcomes.all()[0].created_at, datetime.datetime) and pupil.outcomes.all()[0].created_at.tzinfo
    )
    assert pupil.professionals.all()[0].get_service_display() == "Child and adolescent mental health services (CAMHS)"


def test_a_pupil_with_nothing_recorded_has_empty_lists_and_nothing_more_to_read():
    pupil = PupilFactory()
    read_as_json(pupil.pk)
    with CaptureQueriesContext(connection) as queries:
        pupil = read_as_json(pupil.pk)
        assert [list(getattr(pupil, name).all()) for name in ("teaching_assistants", "outcomes", "parent_links")] == [
            [],
            [],
            [],
        ]
    assert len(queries) == 1
