"""The words the provision map's documents use, explained in the glossary box (editable in the admin site)."""

from django.db import migrations

TERMS = [
    ("wave", "waves", "How much extra help a child gets. Wave 1 is good teaching in class for every child; wave 2 "
     "is help in a small group to catch up; wave 3 is help for one child, often from a specialist."),
    ("quality-first teaching", "", "Good everyday teaching in class, planned so that every child can take part: "
     "the first wave of help."),
    ("provision map", "", "The school's list of the extra help it gives: each intervention, who it is for, how "
     "often, who runs it and what it costs."),
    ("standardised score", "", "A test score compared with children of the same age across the country. 100 is "
     "average; most children score between 85 and 115."),
    ("reading age", "", "The age of an average reader who reads as well as the child. Here it is given in months."),
]


def load_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("documents", "GlossaryTerm")
    for term, aliases, explanation in TERMS:
        GlossaryTerm.objects.get_or_create(term=term, defaults={"aliases": aliases, "explanation": explanation})


def remove_terms(apps, schema_editor):
    apps.get_model("documents", "GlossaryTerm").objects.filter(term__in=[term for term, _, _ in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("provision", "0002_costs_are_never_negative"),
        ("documents", "0002_glossary_terms"),
    ]

    operations = [migrations.RunPython(load_terms, remove_terms)]
