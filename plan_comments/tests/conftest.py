import pytest
from django.core.cache import cache

from pupils.models import ContactMethod, Relationship
from pupils.tests.factories import PupilParentFactory

from .helpers import agreed_plan, the_school


@pytest.fixture(autouse=True)
def _no_misses_remembered():
    # The count of codes that named no link lives in the cache, which outlives a test's database.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def school(db):
    return the_school()


@pytest.fixture
def mother(parent_a):
    """Amelia's mother, Alice: email, and a portal account."""
    return parent_a.parent_record


@pytest.fixture
def father(pupil_a):
    """Amelia's father, Adam: letters, in large print, at home."""
    return PupilParentFactory(
        pupil=pupil_a,
        relationship=Relationship.FATHER,
        contact_order=2,
        parent__title="Mr",
        parent__first_name="Adam",
        parent__last_name="Ashworth",
        parent__email="",
        parent__preferred_contact_method=ContactMethod.LETTER,
        parent__needs_large_print=True,
        parent__address="1 Hill Road\nHillside\nHS1 1AA",
    ).parent


@pytest.fixture
def childminder(pupil_a):
    """A contact without parental responsibility: the plan never goes to her."""
    return PupilParentFactory(
        pupil=pupil_a, has_parental_responsibility=False, parent__first_name="Cara", parent__email="cara@home.example"
    ).parent


@pytest.fixture
def plan_a(school, pupil_a, senco, mother, father, childminder):
    return agreed_plan(pupil_a, senco)
