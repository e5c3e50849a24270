"""The guide's questions are loaded as data, every one, with their prompts and guidance."""

from audits.guide import guide_content, load_guide
from audits.models import Audit, AuditQuestion, AuditSection, Scope


def test_every_question_of_the_three_sections_is_loaded(db):
    counts = {section.title: section.questions.count() for section in AuditSection.objects.all()}
    assert counts == {"Communication": 15, "Involvement": 13, "Support": 12}
    assert not AuditQuestion.objects.filter(text="").exists()


def test_a_question_keeps_the_guides_words_prompts_and_guidance(db):
    welcome = AuditQuestion.objects.get(section__key="communication", number=1)
    assert welcome.text == "How do you welcome parents when they visit school?"
    assert "Who is responsible for greeting parents?" in welcome.prompts
    assert welcome.practice_examples and welcome.parent_wording
    assert welcome.reference == "C1"


def test_loading_again_adds_nothing_and_keeps_the_schools_changes(db):
    welcome = AuditQuestion.objects.get(section__key="communication", number=1)
    welcome.is_hidden = True
    welcome.text = "How do we welcome parents at both sites?"
    welcome.save()
    assert load_guide(AuditSection, AuditQuestion) == 0
    welcome.refresh_from_db()
    assert welcome.is_hidden and welcome.text.startswith("How do we welcome")


def test_a_schools_own_question_is_numbered_after_the_guides(db):
    support = AuditSection.objects.get(key="support")
    own = AuditQuestion.objects.create(
        section=support, text="Do we offer a parents' WhatsApp group?", added_by_school=True
    )
    assert own.number == 13


def test_a_full_audit_leaves_out_hidden_questions_but_a_chosen_one_stays(db, senco):
    hidden = AuditQuestion.objects.get(section__key="involvement", number=2)
    hidden.is_hidden = True
    hidden.save()
    full = Audit.objects.create(title="Full", review_on="2027-07-01", held_on="2026-11-25", created_by=senco)
    assert full.questions_in_scope().count() == 39
    chosen = Audit.objects.create(
        title="Chosen", scope=Scope.QUESTIONS, review_on="2027-07-01", held_on="2026-11-25", created_by=senco
    )
    chosen.questions.add(hidden)
    assert list(chosen.questions_in_scope()) == [hidden]


def test_the_content_file_matches_the_guide_counts():
    sections = guide_content()["sections"]
    assert [len(section["questions"]) for section in sections] == [15, 13, 12]
