# SEN records are emailed as a link by default; a school may choose to attach the PDF as well.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("school", "0009_reminder_channels"),
    ]

    operations = [
        migrations.AddField(
            model_name="school",
            name="attach_records_to_emails",
            field=models.BooleanField(
                default=False,
                help_text="Off: an email to a family links to their child's meeting record (in the parents' portal, or by a link that works for 14 days) and the record is not in the email. On: the record's PDF is attached as well. An attachment stays in the family's mailbox and can be forwarded: leave this off unless families ask.",
                verbose_name="attach records to emails",
            ),
        ),
    ]
