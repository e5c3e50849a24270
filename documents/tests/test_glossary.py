"""The glossary explains the specialist words a document uses, and only those."""

import pytest

from documents.glossary import glossary_for
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
    assert terms("A SENDIASS adviser can help.") == ["SENDIASS"]


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
