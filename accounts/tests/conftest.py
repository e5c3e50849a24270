import pytest

from .worlds import build_world


@pytest.fixture
def world(senco, teacher, other_teacher, office, head, pupil_a, pupil_b, parent_a, parent_b, young_person) -> dict:
    """Everyone, by role name, and one of everything a URL can name (accounts/tests/worlds.py)."""
    return build_world(senco, teacher, other_teacher, office, head, pupil_a, pupil_b, parent_a, parent_b, young_person)
