# The settings row's stamp: a new value with every change to the settings, term dates or closure days, so each
# process keeps its copy of them and re-reads only when the stamp differs (issue 24).

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("school", "0010_attach_records_to_emails"),
    ]

    operations = [
        migrations.AddField(
            model_name="school",
            name="stamp",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
    ]
