"""A new meeting's calendar event is random (`meetings.models.new_calendar_uid`), the events are indexed, and one
event is one meeting as it stands. Apart from 0007: PostgreSQL indexes a table only once the rows written in the same
transaction are settled.
"""

from django.db import migrations, models

import meetings.models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_meeting_calendar_uid"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalmeeting",
            name="calendar_uid",
            field=models.CharField(
                db_index=True, default=meetings.models.new_calendar_uid, editable=False, max_length=255
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="calendar_uid",
            field=models.CharField(
                db_index=True, default=meetings.models.new_calendar_uid, editable=False, max_length=255
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "rearranged"), _negated=True),
                fields=("calendar_uid",),
                name="meeting_calendar_uid_one_meeting_as_it_stands",
            ),
        ),
    ]
