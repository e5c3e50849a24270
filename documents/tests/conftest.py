"""A finalised meeting record for family A (and one for the stranger family B), written the way staff write them."""

import datetime

import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory
from meetings.models import ActionOwner, InviteeKind
from meetings.records import finalise
from meetings.tests.factories import ActionPointFactory, InviteeFactory, MeetingFactory, MeetingRecordFactory
from pupils.models import ContactMethod, Relationship
from pupils.tests.factories import PupilParentFactory
from school.models import School


@pytest.fixture
def school(db):
    school = School.load()
    school.name = "Hillside Primary School"
    school.phone = "01234 567890"
    school.email = "office@hillside.example"
    school.save()
    return school


def finalised_record(pupil, leader, parent):
    meeting = MeetingFactory(pupil=pupil, led_by=leader, held=True)
    InviteeFactory(meeting=meeting, kind=InviteeKind.PARENT, user=None, parent=parent, role="Mother")
    InviteeFactory(meeting=meeting, user=pupil.class_teacher or UserFactory(role=Role.STAFF), role="Class teacher")
    helper = UserFactory(first_name="Priya", last_name="Patel", role=Role.STAFF)
    ActionPointFactory(meeting=meeting, owner_staff=helper, description="Send home the list of 30 sight words.")
    ActionPointFactory(
        meeting=meeting,
        owner=ActionOwner.PARENT,
        owner_staff=None,
        owner_parent=parent,
        description="Read together for ten minutes each night.",
        due_on=meeting.meeting_date + datetime.timedelta(days=14),
    )
    record = MeetingRecordFactory(
        meeting=meeting, support_agreed="Precision teaching three times a week, and a SALT assessment."
    )
    return finalise(record, leader)


@pytest.fixture
def version_a(school, pupil_a, senco, parent_a):
    return finalised_record(pupil_a, senco, parent_a.parent_record)


@pytest.fixture
def version_b(school, pupil_b, senco, parent_b):
    return finalised_record(pupil_b, senco, parent_b.parent_record)


@pytest.fixture
def two_parents(pupil_a):
    """Amelia's mother, on email with no portal account; her father, who prefers letters and needs large print."""
    mother = PupilParentFactory(
        pupil=pupil_a, parent__first_name="Alice", parent__last_name="Ashworth", parent__email="alice@home.example"
    ).parent
    father = PupilParentFactory(
        pupil=pupil_a,
        relationship=Relationship.FATHER,
        contact_order=2,
        parent__title="Mr",
        parent__first_name="Adam",
        parent__last_name="Ashworth",
        parent__email="adam@home.example",
        parent__preferred_contact_method=ContactMethod.LETTER,
        parent__needs_large_print=True,
        parent__address="1 Hill Road\nHillside\nHS1 1AA",
    ).parent
    return mother, father
