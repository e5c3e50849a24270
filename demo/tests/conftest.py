"""The demo school, built once for the tests of a module rather than once per test (it takes many seconds).

`demo_school` builds it inside a transaction held open while the module's tests of that day run; each test runs in
a savepoint within it (pytest-django's `db`), so a test that changes the demo, or runs the command again, leaves the
next test the demo as built. The transaction is rolled back after them. Only tests that use `demo_school` may use
the database in a module that builds it: `demo_school_alone` fails any other, which would see the demo too.
"""

from collections.abc import Callable
from contextlib import ExitStack
from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from demo.tests.helpers import built_on, pin_today, run_demo_school

# As every test has them (conftest.py): the demo accounts' password is hashed while building, before those fixtures.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def on_date(monkeypatch) -> Callable[[date], None]:
    """Pin today to a day for the rest of the test."""
    return lambda day: pin_today(monkeypatch, day)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test using `demo_school` gets the demo built on its module's DEMO_DAY (None, or no DEMO_DAY: the real
    today) unless it names the days itself, `@pytest.mark.parametrize("demo_school", [day, ...], indirect=True)`.
    Tests of one day share one build: pytest runs them together."""
    if "demo_school" in metafunc.fixturenames and not any(
        "demo_school" in marker.args[0] for marker in metafunc.definition.iter_markers("parametrize")
    ):
        metafunc.parametrize("demo_school", [getattr(metafunc.module, "DEMO_DAY", None)], indirect=True, ids=built_on)


_building: list[str] = []  # the module whose demo is in the database now, if any


@pytest.fixture(scope="module")
def demo_school(request, django_db_setup, django_db_blocker, tmp_path_factory) -> str:
    """What the command printed, the demo school built on the day in `request.param` being in the database."""
    from conftest import load_seed_rows

    demo_day = request.param
    with ExitStack() as held:
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            held.callback(lambda: _roll_back(outer, django_db_blocker))
            load_seed_rows()  # a transactional test that ran before on this worker emptied every table
            with ExitStack() as building:
                building.enter_context(
                    override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=tmp_path_factory.mktemp("demo"))
                )
                if demo_day is not None:
                    pin_today(building.enter_context(pytest.MonkeyPatch.context()), demo_day)
                output = run_demo_school()
        _building.append(request.node.nodeid)
        held.callback(_building.pop)
        yield output


def _roll_back(outer: transaction.Atomic, django_db_blocker) -> None:
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def demo_school_alone(request):
    uses_database = "db" in request.fixturenames or request.node.get_closest_marker("django_db")
    if _building and uses_database and "demo_school" not in request.fixturenames:
        pytest.fail(f"{request.node.nodeid} uses the database while the demo school is built for {_building[0]}")
