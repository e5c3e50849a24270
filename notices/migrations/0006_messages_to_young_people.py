# A message may go to a young person past compulsory school age, written to themself (their meeting record).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0005_phone_calls_on_the_call_list"),
        ("pupils", "0005_whole_school_from_the_mis"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="message",
            name="message_has_one_recipient",
        ),
        migrations.AddField(
            model_name="message",
            name="young_person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="messages_to_them",
                to="pupils.pupil",
                verbose_name="young person",
            ),
        ),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("parent__isnull", False), ("staff__isnull", True), ("young_person__isnull", True)),
                    models.Q(("parent__isnull", True), ("staff__isnull", False), ("young_person__isnull", True)),
                    models.Q(("parent__isnull", True), ("staff__isnull", True), ("young_person__isnull", False)),
                    _connector="OR",
                ),
                name="message_has_one_recipient",
            ),
        ),
    ]
