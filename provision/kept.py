"""The provision map's and the impact report's figures, kept by each process until what they are worked out from
changes (issue 24).

Both add up every place in the school's groups, each group's cost from the school calendar, and the places' scores:
tens of milliseconds of work that gives the same figures until a group, a session, a place, a score, an
intervention, a cost band or a pupil changes, or the calendar does. The database itself notes each such change:
triggers on those tables write a `FiguresChange` row in the same transaction, whatever made the change (a form, the
admin site, the MIS import, a bulk update, raw SQL). A request reads how many rows there are and the last one
(one small query) before it reads anything else; figures worked out after that reading are kept under it, with the
school's own stamp (term dates and closure days) and the request's own inputs, and are used again only while the
same reading holds. So a change is seen by the very next request in every process, never a stale figure:

- the count sees a change committed after a later-numbered one (the last row's number alone would not);
- each row's stamp is random, so a change rolled back (and on SQLite its number given again) never matches another;
- figures worked out while a change commits are kept under the reading before it, which no later request matches.

Triggers, not Django's signals: a queryset's `update()` and `bulk_create` send none. On SQLite, Django rebuilds a
table to alter it (dropping its triggers), so they are written again after every `migrate` (apps.py).
"""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.db import connection, transaction

from school.models import School

T = TypeVar("T")

# What the map and the impact report read, as (app label, model name).
WATCHED = (
    ("pupils", "Pupil"),
    ("provision", "StaffCostBand"),
    ("provision", "Intervention"),
    ("provision", "InterventionGroup"),
    ("provision", "GroupSession"),
    ("provision", "GroupPlace"),
    ("provision", "Measure"),
)
TRIGGER = "provision_figures_changed"
KEPT_AT_MOST = 32  # sets of figures each process keeps: the periods, filters and sorts people are looking at
CLEARED_OVER = 1000  # rows of changes: more, and the next reading clears the old ones

_kept: dict[tuple, object] = {}
_lock = threading.Lock()


def _log_table() -> str:
    return apps.get_model("provision", "FiguresChange")._meta.db_table


def figures(name: str, inputs: tuple, work: Callable[[], T]) -> T:
    """`work()`, or what it gave this process before for the same `name` and `inputs` if nothing it reads has
    changed since. What it returns is shared by every request that asks: nobody may change it."""
    reading = _changes_so_far()
    if reading is None:  # no change noted yet (a database just emptied): nothing to compare with later
        return work()
    key = (name, inputs, reading, School.load().stamp)
    with _lock:
        if key in _kept:
            return _kept[key]
    value = work()
    with _lock:
        while len(_kept) >= KEPT_AT_MOST:
            _kept.pop(next(iter(_kept)))
        _kept[key] = value
    return value


def forget() -> None:
    """Forget every set of figures kept (tests that change the database behind the triggers' back)."""
    with _lock:
        _kept.clear()


def _changes_so_far() -> tuple | None:
    table = _log_table()
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT COUNT(*), MAX("id"), (SELECT "stamp" FROM "{table}" ORDER BY "id" DESC LIMIT 1) FROM "{table}"'
        )
        count, last, stamp = cursor.fetchone()
    if not count:
        return None
    if count > CLEARED_OVER:
        _clear_old(table)
        return _changes_so_far()
    return count, last, stamp


def _clear_old(table: str) -> None:
    """Only the newest row kept, a new one: its number was never in a reading, so no reading matches again."""
    with transaction.atomic():
        _note_a_change(table)
        with connection.cursor() as cursor:
            cursor.execute(f'DELETE FROM "{table}" WHERE "id" < (SELECT MAX("id") FROM "{table}")')


def _note_a_change(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'INSERT INTO "{table}" ("stamp") VALUES ({_random_stamp(connection.vendor)})')


def _random_stamp(vendor: str) -> str:
    if vendor == "postgresql":
        return "md5(random()::text || clock_timestamp()::text)"
    return "lower(hex(randomblob(16)))"


def _watched_tables() -> list[str]:
    return [apps.get_model(app, model)._meta.db_table for app, model in WATCHED]


def watch(conn) -> None:
    """Write the triggers (again) on the connection `conn`: in the migration that makes the table of changes, and
    after every `migrate`."""
    existing = set(conn.introspection.table_names())
    log = _log_table()
    if log not in existing:
        return
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f'INSERT INTO "{log}" ("stamp") VALUES ({_random_stamp(conn.vendor)}); RETURN NULL; END $$'
            )
        for table in _watched_tables():
            if table not in existing:
                continue
            if conn.vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
                cursor.execute(
                    f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                )
            else:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{TRIGGER}_{table}_{event.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN '
                        f'INSERT INTO "{log}" ("stamp") VALUES ({_random_stamp(conn.vendor)}); END'
                    )
        # A change of its own: nothing kept before the triggers were (re)written is trusted.
        cursor.execute(f'INSERT INTO "{log}" ("stamp") VALUES ({_random_stamp(conn.vendor)})')


def unwatch(conn) -> None:
    """Take the triggers away (the migration undone), before the table they write to goes."""
    existing = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        for table in _watched_tables():
            if table not in existing:
                continue
            if conn.vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
            else:
                for event in ("insert", "update", "delete"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{TRIGGER}_{table}_{event}"')
        if conn.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}()")
