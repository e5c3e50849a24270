# Each shared record version on its way to each person (documents/deliveries.py), and the links that open it.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_typed_text_limits"),
        ("meetings", "0009_record_delivered_at"),
        ("notices", "0006_messages_to_young_people"),
        ("pupils", "0005_whole_school_from_the_mis"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecordDelivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "by_portal",
                    models.BooleanField(
                        default=False, editable=False, verbose_name="the email links to the parents' portal"
                    ),
                ),
                ("first_opened_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("last_opened_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("times_opened", models.PositiveIntegerField(default=0, editable=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "message",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="record_delivery",
                        to="notices.message",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="record_deliveries",
                        to="pupils.parentcarer",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deliveries",
                        to="meetings.recordversion",
                    ),
                ),
                (
                    "young_person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="record_deliveries",
                        to="pupils.pupil",
                    ),
                ),
            ],
            options={
                "verbose_name": "record sent to a family",
                "verbose_name_plural": "records sent to families",
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="RecordLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("expires_at", models.DateTimeField(editable=False)),
                ("replaced_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "delivery",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="links", to="documents.recorddelivery"
                    ),
                ),
            ],
            options={
                "verbose_name": "link to a record",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="recorddelivery",
            constraint=models.UniqueConstraint(
                condition=models.Q(("parent__isnull", False)),
                fields=("version", "parent"),
                name="record_once_per_parent",
            ),
        ),
        migrations.AddConstraint(
            model_name="recorddelivery",
            constraint=models.UniqueConstraint(
                condition=models.Q(("young_person__isnull", False)),
                fields=("version", "young_person"),
                name="record_once_per_young_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="recorddelivery",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("parent__isnull", False), ("young_person__isnull", True)),
                    models.Q(("parent__isnull", True), ("young_person__isnull", False)),
                    _connector="OR",
                ),
                name="record_delivery_has_one_recipient",
            ),
        ),
    ]
