"""On PostgreSQL, a member of staff's slots may never overlap, whichever review day they belong to.

An exclusion constraint over (staff, time range) needs btree_gist, so it is PostgreSQL only and written here
rather than in the model's Meta (SQLite, used for quick local tests, cannot hold it; rules.generate_slots checks
the same thing in code there).
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT = "booking_slot_staff_never_overlaps"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE booking_slot ADD CONSTRAINT {CONSTRAINT} "
            "EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&)"
        )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE booking_slot DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint),
    ]
