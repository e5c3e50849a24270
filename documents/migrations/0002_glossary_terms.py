"""The glossary as data: plain-words explanations a school can edit in the admin site afterwards."""

from django.db import migrations

TERMS = [
    ("SEN", "", "Special educational needs. A child has SEN when they find learning much harder than most "
     "children of the same age, and need extra or different help at school."),
    ("SEND", "", "Special educational needs and disabilities. It covers children with SEN and disabled children."),
    ("SENCO", "SENDCo\nSENDCO", "The special educational needs co-ordinator. The teacher at school who makes sure "
     "children with SEN get the right help, and who works with you on it."),
    ("EHC plan", "EHCP\neducation, health and care plan", "An education, health and care plan. A legal document "
     "from the local council for children who need more help than a school can usually give. It says what your "
     "child needs and the help they must get."),
    ("SEN support", "", "The extra help a school gives a child with SEN from its own staff and budget, without an "
     "EHC plan. The school should meet you at least three times a year to plan and review it."),
    ("IEP", "individual education plan", "An individual education plan. A short plan of your child's targets and "
     "the help they will get to reach them."),
    ("one-page profile", "one page profile\npupil passport", "One page about your child, in their words and "
     "yours: what they are good at, what matters to them and how best to help them."),
    ("outcome", "target", "What we want your child to be able to do, and by when. Also called a target. We check "
     "progress towards it at each meeting."),
    ("provision", "", "The help and support your child gets at school: who gives it, how often and for how long."),
    ("intervention", "", "A planned piece of extra teaching or support, for a set time, to help with one thing, "
     "such as reading or speech."),
    ("annual review", "", "A meeting at least once a year to look at how your child is doing with their EHC plan, "
     "and whether the plan should change. You are always invited."),
    ("SENDIASS", "SENDIAS", "The SEND information, advice and support service. A free service, separate from the "
     "school and the council, that gives parents advice about SEND."),
    ("SALT", "speech and language therapist\nspeech and language therapy", "Speech and language therapy. A "
     "speech and language therapist helps children with talking, understanding words, and sometimes eating and "
     "drinking."),
    ("EP", "educational psychologist", "An educational psychologist. A specialist who finds out how your child "
     "learns best, and advises the school and you on how to help."),
    ("OT", "occupational therapist\noccupational therapy", "Occupational therapy. An occupational therapist helps "
     "children with everyday things such as handwriting, dressing, balance and movement."),
    ("CAMHS", "", "Child and adolescent mental health services. The NHS service that helps children and young "
     "people with their feelings, behaviour and mental health."),
    ("key stage", "", "A stage of school. Key stage 1 is years 1 and 2, key stage 2 is years 3 to 6, key stage 3 "
     "is years 7 to 9 and key stage 4 is years 10 and 11."),
    ("graduated approach", "assess, plan, do, review", "How schools give SEN support: find out what your child "
     "needs, plan the help, give it, then check how it went, and go round again."),
    ("Local Offer", "", "The local council's web pages about the help and services for children with SEND in "
     "your area."),
]


def load_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("documents", "GlossaryTerm")
    for term, aliases, explanation in TERMS:
        GlossaryTerm.objects.update_or_create(term=term, defaults={"aliases": aliases, "explanation": explanation})


def remove_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("documents", "GlossaryTerm")
    GlossaryTerm.objects.filter(term__in=[term for term, _, _ in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(load_terms, remove_terms)]
