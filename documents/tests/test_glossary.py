"""The glossary explains the specialist words a document uses, and only those."""

import pytest

from documents.glossary import document_text, glossary_for
from documents.models import GlossaryTerm

pytestmark = pytest.mark.django_db


def terms(text: str) -> list[str]:
    return [term.term for term in glossary_for(text)]


def test_every_seed_term_is_loaded_with_a_plain_words_explanation():
    loaded = set(GlossaryTerm.objects.values_list("term", flat=True))
    expected = {"SEN", "SEND", "SENCO", "EHC plan", "SEN support", "IEP", "one-page profile", "outcome"}
    expected |= {"provision", "intervention", "annual review", "SENDIASS", "SALT", "EP", "OT", "CAMHS", "key stage"}
    assert expected <= loaded
    assert not GlossaryTerm.objects.filter(explanation="").exists()


def test_terms_are_matched_as_whole_words():
    assert terms("Please send the forms back to the SENCO.") == ["SENCO"]
    assert terms("A SENDIASS adviser can help.") == ["SEND", "SENDIASS"]  # SENDIASS is explained with SEND


def test_acronyms_match_only_in_capitals():
    assert terms("We'll send it; she got the salt; not a lot of camhs.") == []
    assert terms("A referral to CAMHS and to SALT.") == ["CAMHS", "SALT"]


def test_ordinary_words_match_in_any_case_and_plural():
    assert terms("Key Stage 2 targets") == ["key stage", "outcome"]


def test_aliases_count_as_the_term():
    assert terms("Her EHCP was agreed.") == ["EHC plan"]
    assert terms("The educational psychologist visited.") == ["EP"]


def test_the_longest_name_wins_where_names_overlap():
    assert terms("She gets SEN support.") == ["SEN support"]
    assert terms("She has SEN.") == ["SEN"]


def test_a_term_used_to_explain_another_is_explained_too():
    assert terms("Her annual review is in May.") == ["annual review", "EHC plan"]
    assert terms("Ask SENDIASS.") == ["SEND", "SENDIASS"]


def test_the_classroom_words_families_meet_are_explained():
    words = (
        "precision teaching, a coloured overlay, a word mat, a visual timetable, a check-in, ear defenders, "
        "her key worker, a teaching assistant, half term, an EHC plan, the annual review, provision"
    )
    assert {
        "precision teaching",
        "coloured overlay",
        "word mat",
        "visual timetable",
        "check-in",
        "ear defenders",
        "key worker",
        "teaching assistant",
        "half term",
        "EHC plan",
        "annual review",
        "provision",
    } <= set(terms(words))


def test_a_tag_between_two_words_keeps_them_apart():
    letter = "<html><head><title>SEN</title><style>p { color: red }</style></head><body class='x'>"
    letter += "<p><strong>Mrs Whitfield</strong><br>SENCO</p><td>Half</td><td>term</td></body></html>"
    assert document_text(letter) == "Mrs Whitfield SENCO Half term"
    assert terms(document_text(letter)) == ["half term", "SENCO"]


def test_kept_by_the_process_and_read_again_once_a_term_changes(django_assert_num_queries):
    from school.models import School

    School.forget_loaded()
    assert terms("A referral to CAMHS.") == ["CAMHS"]
    School.forget_loaded()  # the next request
    with django_assert_num_queries(1):  # the school's stamp only: the glossary is the process's copy
        assert terms("A referral to CAMHS.") == ["CAMHS"]

    GlossaryTerm.objects.create(term="referral", explanation="Asking another service to help.")
    School.forget_loaded()
    assert terms("A referral to CAMHS.") == ["CAMHS", "referral"]

    GlossaryTerm.objects.filter(term="referral").delete()
    School.forget_loaded()
    assert terms("A referral to CAMHS.") == ["CAMHS"]
