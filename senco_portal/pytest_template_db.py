"""A pytest plugin (conftest.py loads it): on PostgreSQL with xdist, the test database is migrated once per run and
each worker's is a copy of it.

Migrating an empty database costs about 25 seconds of CPU (Django re-renders the migration state at every step), and
with `-n auto` every worker used to pay it. Here the controller migrates one template database before the workers
start, each worker copies it (CREATE DATABASE ... TEMPLATE, a second or two), and pytest-django then finds its test
database there already (as with --reuse-db: migrate has nothing left to do). The copies and the template are dropped
at the end. Without xdist, on SQLite, or with --reuse-db or --no-migrations, pytest-django makes the test database
as it always did.
"""

import pytest

TEMPLATE = "senco_template_test_database"  # the key in each worker's workerinput
_template_key = pytest.StashKey[str]()  # the controller's note of the template it made


def _controls_workers(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and config.pluginmanager.has_plugin("dsession")


def _template_wanted(config: pytest.Config) -> bool:
    from django.db import connections

    return (
        _controls_workers(config)
        and not config.getoption("reuse_db")
        and not config.getoption("nomigrations")
        and connections["default"].vendor == "postgresql"
    )


def _unblocked(config: pytest.Config):
    from pytest_django.plugin import blocking_manager_key

    return config.stash[blocking_manager_key].unblock()


def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    if not _template_wanted(config):
        return
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    original_name, test_settings = connection.settings_dict["NAME"], connection.settings_dict["TEST"]
    template = f"{connection.creation._get_test_db_name()}_template"
    given_test_name = test_settings.get("NAME")
    test_settings["NAME"] = template
    try:
        with _unblocked(config):
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        # A database someone is connected to cannot be copied: the workers copy it next.
        connection.close()
        test_settings["NAME"] = given_test_name
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = original_name
    config.stash[_template_key] = template


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    template = node.config.stash.get(_template_key, None)
    if template:
        node.workerinput[TEMPLATE] = template


def pytest_sessionfinish(session: pytest.Session) -> None:
    template = session.config.stash.get(_template_key, None)
    if not template:
        return
    from django.db import connections

    connection = connections["default"]
    with _unblocked(session.config), connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")


def _worker_template(config: pytest.Config) -> str | None:
    return getattr(config, "workerinput", {}).get(TEMPLATE)


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings, django_db_blocker) -> bool:
    """pytest-django's, but for a worker given a template: its test database is copied from it here, and kept by
    pytest-django (it would migrate it again otherwise) and dropped here when the run ends."""
    template = _worker_template(request.config)
    if template is None:
        return request.config.getvalue("reuse_db")
    from django.db import connections

    connection = connections["default"]
    original_name = connection.settings_dict["NAME"]
    name, quote = connection.creation._get_test_db_name(), connection.ops.quote_name
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        # One copy at a time: PostgreSQL refuses to copy a template while another session reads it.
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        try:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
            cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])

    def drop() -> None:
        with django_db_blocker.unblock():
            connection.creation.destroy_test_db(original_name, verbosity=0)

    request.addfinalizer(drop)
    return True


@pytest.fixture(scope="session")
def django_db_createdb(request, django_db_keepdb) -> bool:
    """pytest-django's; --create-db has nothing to do when the worker's database was just copied."""
    return request.config.getvalue("create_db") and _worker_template(request.config) is None
