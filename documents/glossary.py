"""Which glossary terms a piece of text uses (whole words, acronyms matched case-sensitively), in a document or on
a page: the words a reader sees, all of them, so that every specialist word is explained where it is used."""

import re
from functools import lru_cache
from html import unescape

from django.template.loader import render_to_string

from school.models import School

from .models import GlossaryTerm

# Where a tag stands between two words the reader sees them apart ("Whitfield</strong><br>SENCO", "<td>SEN</td>
# <td>support</td>): each tag leaves a space, so no two words join and a term beside a tag is still found.
TAG = re.compile(r"<[^>]*>")
STYLE_OR_SCRIPT = re.compile(r"<(style|script)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
MAIN = re.compile(r"<main\b.*?</main>", re.DOTALL)
WORDS_ON_PAGE_MARK = "<!-- words on this page -->"


def document_text(html: str) -> str:
    """The words a reader sees in a rendered document or page (markup, styles, scripts and the title left out), with
    a space where a tag stood, so that words either side of one never run together."""
    head, found, body = html.partition("<body")
    body = STYLE_OR_SCRIPT.sub(" ", "<body" + body if found else head)
    return " ".join(unescape(TAG.sub(" ", body)).split())


def _pattern(name: str) -> str:
    words = r"\s+".join(re.escape(word) for word in name.split())
    body = rf"{words}s?"  # 'targets', 'EPs'
    # An acronym (SEN, EP, OT) must match exactly: 'Sen' or 'ot' in ordinary prose is not the term.
    return body if name.isupper() else f"(?i:{body})"


@lru_cache(maxsize=256)
def _finder(names: tuple[str, ...]) -> re.Pattern:
    """One pattern for these names, longest first (so the longest wins where names overlap). Kept: a batch of
    messages of one kind uses the same few names in each, and building the pattern costs more than using it."""
    alternatives = "|".join(f"(?P<t{index}>{_pattern(name)})" for index, name in enumerate(names))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


class Glossary:
    """The glossary read once, to find the terms of many texts (`terms_in`): a batch of messages reads it once."""

    def __init__(self, terms: list[GlossaryTerm] | None = None):
        terms = list(GlossaryTerm.objects.all()) if terms is None else terms
        self.by_name = {name: term for term in terms for name in term.names}
        self.ordered = sorted(self.by_name, key=len, reverse=True)
        # A name can only be found where its first word is: the pattern is made of just those names (matching with
        # every name of the glossary, most of them absent, took most of the time).
        self.first_words = [(name, (name.split() or [""])[0].casefold()) for name in self.ordered]

    def used_in(self, words: str) -> dict[int, GlossaryTerm]:
        folded = words.casefold()
        names = tuple(name for name, first in self.first_words if first in folded)
        if not names:
            return {}
        found = (self.by_name[names[int(match.lastgroup[1:])]] for match in _finder(names).finditer(words))
        return {term.pk: term for term in found}

    def terms_in(self, text: str) -> list[GlossaryTerm]:
        """The terms used in `text`, and the terms their explanations use (an ELSA is explained with 'teaching
        assistant': that is explained too), in alphabetical order. The longest name wins where names overlap, so
        'SEN support' is explained as itself, not also as 'SEN'."""
        used, new = {}, self.used_in(text)
        while new:
            used |= new
            explanations = " ".join(t.explanation for t in new.values())
            new = {pk: term for pk, term in self.used_in(explanations).items() if pk not in used}
        return sorted(used.values(), key=lambda term: term.term.lower())


def school_glossary() -> Glossary:
    """The school's glossary, kept by each process with the school's settings while their stamp holds (School.kept;
    documents/apps.py stamps every change): nearly every page a family opens explains its words, and the glossary
    changes a few times a year. Nothing changes a Glossary once made, so every request may share it."""
    return School.kept("glossary", Glossary)


def glossary_for(text: str) -> list[GlossaryTerm]:
    """The terms `text` uses, and those their explanations use (`Glossary.terms_in`), as the glossary stands."""
    return school_glossary().terms_in(text)


def explain_words_on_page(response, *, link_to_glossary: bool = True):
    """Fill a page's box "Words on this page" (in place of WORDS_ON_PAGE_MARK) from every word in its <main> as
    rendered: what the person reads, not a part picked out by its view. The portal's pages call it after rendering
    (a TemplateResponse's post-render callback); a family's emailed link to a record, whose reader has no account,
    gets the box without the link to the portal's list of words. A page without the mark is left alone."""
    html = response.content.decode()
    if WORDS_ON_PAGE_MARK in html:
        main = MAIN.search(html)
        terms = glossary_for(document_text(main.group(0) if main else html))
        box = render_to_string(
            "includes/words_on_page.html", {"words_on_page": terms, "link_to_glossary": link_to_glossary}
        )
        response.content = html.replace(WORDS_ON_PAGE_MARK, box, 1)
    return response
