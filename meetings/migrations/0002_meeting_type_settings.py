from django.db import migrations

DEFAULTS = {
    "sen_review": (45, True),
    "review_day": (20, True),
    "annual_review": (60, True),
    "parents_evening": (10, True),
    "weekly_slot": (20, True),
    "joined": (30, True),
    "home_visit": (45, True),
    "informal": (15, False),
    "telephone": (20, False),
}


def create_settings(apps, schema_editor):
    setting = apps.get_model("meetings", "MeetingTypeSetting")
    for meeting_type, (minutes, counts) in DEFAULTS.items():
        setting.objects.get_or_create(
            meeting_type=meeting_type, defaults={"default_minutes": minutes, "counts_towards_three": counts}
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
