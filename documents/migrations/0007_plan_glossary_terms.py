"""The words a SEN support plan uses, explained for parents (the plan's PDF and the portal's plan page)."""

from django.db import migrations

TERMS = [
    ("wave", "", "How much extra help a child gets, in three steps. Wave 1 is quality-first teaching, for every "
     "child in the class. Wave 2 is extra help in a small group. Wave 3 is help for your child on their own, often "
     "from a specialist."),
    ("quality-first teaching", "quality first teaching", "Good teaching for every child in the class, planned so "
     "that all of them can take part: for example short, clear instructions, pictures and objects to help, and "
     "extra time to answer."),
    ("SMART", "", "A way of writing an outcome so that everyone can tell when it has been reached. It says exactly "
     "what your child will do, how we will measure it, and by when. It should be something your child can reach."),
    ("baseline", "starting point", "Where your child is starting from: what they can do now, before the new help "
     "begins. We compare their progress with it."),
]


def load_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("documents", "GlossaryTerm")
    for term, aliases, explanation in TERMS:
        GlossaryTerm.objects.update_or_create(term=term, defaults={"aliases": aliases, "explanation": explanation})


def remove_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("documents", "GlossaryTerm")
    GlossaryTerm.objects.filter(term__in=[term for term, _, _ in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_records_sent_to_families")]

    operations = [migrations.RunPython(load_terms, remove_terms)]
