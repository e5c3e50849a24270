"""Which glossary terms a piece of text uses: whole words, acronyms matched case-sensitively."""

import re

from .models import GlossaryTerm


def _pattern(name: str) -> str:
    words = r"\s+".join(re.escape(word) for word in name.split())
    body = rf"{words}s?"  # 'targets', 'EPs'
    # An acronym (SEN, EP, OT) must match exactly: 'Sen' or 'ot' in ordinary prose is not the term.
    return body if name.isupper() else f"(?i:{body})"


def glossary_for(text: str) -> list[GlossaryTerm]:
    """The terms used in `text`, in alphabetical order. The longest name wins where names overlap, so
    'SEN support' is explained as itself, not also as 'SEN'."""
    terms = list(GlossaryTerm.objects.all())
    by_name = {name: term for term in terms for name in term.names}
    if not by_name:
        return []
    ordered = sorted(by_name, key=len, reverse=True)
    alternatives = "|".join(f"(?P<t{index}>{_pattern(name)})" for index, name in enumerate(ordered))
    used = {}
    for match in re.finditer(rf"(?<![\w-])(?:{alternatives})(?![\w-])", text):
        name = ordered[int(match.lastgroup[1:])]
        term = by_name[name]
        used[term.pk] = term
    return sorted(used.values(), key=lambda term: term.term.lower())


def words_in(content) -> list[str]:
    """The text a stored record shows, without its keys ('outcomes' is a key there, not a word on the page)."""
    if isinstance(content, str):
        return [content]
    if isinstance(content, dict):
        return words_in(list(content.values()))
    if isinstance(content, list):
        return [text for item in content for text in words_in(item)]
    return []


def terms_in_record(content: dict) -> list[GlossaryTerm]:
    """The glossary terms a stored record version uses, to explain at the foot of a page showing it."""
    return glossary_for("\n".join(words_in(content)))
