from django.db import migrations


def create_school(apps, schema_editor):
    apps.get_model("school", "School").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("school", "0001_initial")]

    operations = [migrations.RunPython(create_school, migrations.RunPython.noop)]
