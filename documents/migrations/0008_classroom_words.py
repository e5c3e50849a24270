"""The classroom words families meet in profiles, support, records and letters, explained in plain words; and a
plainer word for the words the first explanations used. A school can edit any of them in the admin site."""

from django.db import migrations

TERMS = [
    ("precision teaching", "", "A few minutes of practice every day, one to one, on a few words or facts. The "
     "adult times it and counts the right answers, so your child can see their progress."),
    ("coloured overlay", "coloured overlays\noverlay\noverlays", "A sheet of see-through coloured plastic laid "
     "over a page. Some children find words easier to read through it."),
    ("word mat", "word mats", "A sheet on the desk with the useful words for a topic. Your child can find and "
     "spell them without asking."),
    ("visual timetable", "visual timetables", "The day shown in pictures, in order. It helps your child know "
     "what is coming next."),
    ("check-in", "check-ins", "A short chat with a trusted adult, often at the start of the day, about "
     "how your child is feeling."),
    ("ear defenders", "", "Soft headphones that block out loud noise. They help children who find noise "
     "upsetting."),
    ("key worker", "keyworker\nkey person", "The one adult at school who knows your child best and looks out for "
     "them. You can talk to them too."),
    ("teaching assistant", "TA\nteaching assistants", "An adult who works in class with the teacher. They help "
     "children on their own or in small groups."),
    ("half term", "half-term", "A week off school in the middle of each term."),
    ("ELSA", "emotional literacy support assistant", "An emotional literacy support assistant. A member of staff "
     "trained to help children understand their feelings and cope with them."),
    ("SEMH", "social, emotional and mental health", "Social, emotional and mental health. Needs to do with "
     "feelings, behaviour, worry or getting on with others."),
    ("SLCN", "speech, language and communication needs", "Speech, language and communication needs. Your child "
     "finds it hard to talk, to understand what people say, or to use words with others."),
    ("SpLD", "SPLD\nspecific learning difficulty", "A specific learning difficulty. Your child finds one part of "
     "learning much harder than the rest, such as reading and spelling, or maths."),
    ("MLD", "moderate learning difficulty", "A moderate learning difficulty. Your child finds most learning "
     "harder than other children of the same age, and learns more slowly."),
    ("ASD", "autism spectrum disorder\nautistic spectrum disorder\nASC", "Autism. Autistic children may find it "
     "hard to make sense of other people and of change. Sights, sounds and touch may feel stronger to them."),
    ("Makaton", "", "Signs and pictures used as you speak, to help children understand and be understood."),
    ("Lego therapy", "", "A small group that builds Lego models together. Each child has a job, so they practise "
     "talking, listening and taking turns."),
    ("phonics", "", "Teaching reading by the sounds that letters make, and putting the sounds together to read "
     "words."),
    ("movement break", "movement breaks", "A few minutes out of the seat to move about. It helps your child "
     "settle and focus again."),
    ("now and next board", "now-and-next board\nnow and next", "A card that shows what is happening now and what "
     "comes next, in pictures or words."),
    ("pencil grip", "pencil grips", "A soft shape that fits on a pencil to make it easier to hold."),
    ("sloping board", "writing slope", "A board on the desk that slopes up, like a book stand. It makes writing "
     "and reading easier."),
    ("sensory circuit", "sensory circuits", "A short set of activities, such as jumping, balancing and stretching, "
     "to help children feel calm and ready to learn."),
    ("radio aid", "radio aids", "A small microphone the teacher wears. It sends their voice straight to your "
     "child's hearing aids."),
    ("Zones of Regulation", "", "A way of teaching children to notice how they feel, using four colours, and to "
     "choose what helps them feel calm and ready."),
    ("nurture group", "nurture groups", "A small, calm class for part of the day. Children build confidence and "
     "learn to get on with others."),
    ("Early Help", "", "Support for the whole family from the council and local services. It helps early, before "
     "things get harder."),
    ("access arrangements", "exam access arrangements", "Changes to how your child takes tests and exams, such as "
     "extra time or someone to read the questions out."),
    ("pastoral team", "pastoral lead\npastoral staff\npastoral", "The staff who look after children's wellbeing, "
     "behaviour and attendance."),
    ("learning mentor", "mentoring", "A member of staff who meets a child often to help with worries, friendships "
     "or work, and to set small goals."),
    ("reading record", "reading records", "A small book that goes between home and school. You and the staff write "
     "in it what your child has read."),
    ("provision map", "provision maps", "The school's list of all the extra help it gives, who gets it and how "
     "well it works."),
    ("physiotherapy", "physiotherapist\nphysio", "A physiotherapist helps children with movement, strength and "
     "balance."),
    ("paediatrician", "community paediatrician", "A children's doctor. A community paediatrician sees children "
     "at a clinic near home, not in hospital."),
    ("supply teacher", "supply teachers", "A teacher who takes a class for a short time when its own teacher is "
     "away."),
    ("form tutor", "form time", "The teacher who looks after your child's form group at secondary school. They "
     "see the form most mornings, in form time."),
    ("INSET day", "INSET days\ntraining day", "A day when school is closed to children, so that staff can train."),
    ("review day", "review days\nreview day meeting", "A day when the school holds short meetings with the "
     "families of children who get SEN support, to talk about how things are going."),
    ("EHC needs assessment", "needs assessment", "When the council looks closely at your child's needs, to decide "
     "if they need an EHC plan."),
    ("time-out card", "time out card", "A card your child can show to leave the room for a short, agreed break, "
     "without having to explain."),
    ("social skills group", "", "A small group that practises getting on with others: taking turns, sharing and "
     "joining in a chat."),
]

# The first explanations (0002) leaned on other terms ('children with SEN'): each term a document uses brings the
# terms its explanation uses into the document's box too, so these say it in everyday words instead.
PLAINER = {
    "SEND": "Special educational needs and disabilities. It covers children with special educational needs and "
    "disabled children.",
    "SENCO": "The special educational needs co-ordinator. The teacher at school who makes sure children with special "
    "educational needs get the right help, and who works with you on it.",
    "SEN support": "The extra help a school gives a child with special educational needs, from its own staff and "
    "money. The school should meet you at least three times a year to plan and review it.",
    "annual review": "A meeting at least once a year about how your child is doing with their EHC plan, and "
    "whether the plan should change. You are always invited.",
    "SENDIASS": "The SEND information, advice and support service. It is free, and separate from the school and "
    "the council. It gives parents advice about SEND.",
}


def load_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("documents", "GlossaryTerm")
    for term, aliases, explanation in TERMS:
        GlossaryTerm.objects.update_or_create(term=term, defaults={"aliases": aliases, "explanation": explanation})
    for term, explanation in PLAINER.items():
        GlossaryTerm.objects.filter(term=term).update(explanation=explanation)


def remove_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("documents", "GlossaryTerm")
    GlossaryTerm.objects.filter(term__in=[term for term, _, _ in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0007_plan_glossary_terms")]

    operations = [migrations.RunPython(load_terms, remove_terms)]
