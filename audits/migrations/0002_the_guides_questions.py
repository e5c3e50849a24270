from django.db import migrations

from audits.guide import load_guide


def load(apps, schema_editor):
    load_guide(apps.get_model("audits", "AuditSection"), apps.get_model("audits", "AuditQuestion"))


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
