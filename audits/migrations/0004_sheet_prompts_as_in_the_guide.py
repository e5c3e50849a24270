"""Two key prompts of the audit sheets put right, as the guide has them: Support 12 gains "(Overcome school's barriers
to inclusion)", and Involvement 3 loses the prompt its sheet repeats from Communication 3 (a slip in the guide). A
prompt the school has changed is left alone."""

from django.db import migrations

# (section, number, as first loaded, as in the guide)
PUT_RIGHT = [
    ("support", 12, "", "Overcome school's barriers to inclusion"),
    ("involvement", 3, "Response time, messages, answer phone", ""),
]


def put_right(apps, schema_editor):
    AuditQuestion = apps.get_model("audits", "AuditQuestion")
    for section, number, loaded, guide in PUT_RIGHT:
        AuditQuestion.objects.filter(
            section__key=section, number=number, added_by_school=False, sheet_prompt=loaded
        ).update(sheet_prompt=guide)


def put_back(apps, schema_editor):
    AuditQuestion = apps.get_model("audits", "AuditQuestion")
    for section, number, loaded, guide in PUT_RIGHT:
        AuditQuestion.objects.filter(
            section__key=section, number=number, added_by_school=False, sheet_prompt=guide
        ).update(sheet_prompt=loaded)


class Migration(migrations.Migration):
    dependencies = [("audits", "0003_typed_text_limits")]

    operations = [migrations.RunPython(put_right, put_back)]
