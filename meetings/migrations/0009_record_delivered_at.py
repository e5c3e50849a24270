# A record is owed to the parents until it has reached each of them (documents/deliveries.py). Records shared before
# then were given as they were shared: they count as delivered at that moment.

from django.conf import settings
from django.db import migrations, models


def delivered_when_shared(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Meeting.objects.filter(record_shared_at__isnull=False).update(record_delivered_at=models.F("record_shared_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_meeting_calendar_uid_unique"),
        ("pupils", "0005_whole_school_from_the_mis"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="meeting",
            name="meeting_record_not_shared",
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="record_delivered_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="meeting",
            name="record_delivered_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(delivered_when_shared, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                condition=models.Q(("record_delivered_at__isnull", True), ("status", "held")),
                fields=["starts_at"],
                name="meeting_record_not_delivered",
            ),
        ),
    ]
