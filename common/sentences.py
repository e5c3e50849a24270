"""Joining words into sentences that read properly: 'an Arabic interpreter', not 'a Arabic interpreter'; a note
someone typed in lower case and without a full stop, set as a sentence of its own rather than run into a list."""

from django.utils.text import get_text_list


def a_or_an(word: str) -> str:
    """'an Arabic', 'an Urdu', 'a Polish': by the first letter, which is right for the names of languages and for
    most words (not 'hour' or 'European', which a list of languages does not hold)."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return get_text_list(list(items), "and")


def as_sentence(text: str) -> str:
    """A typed note as a sentence: a capital first letter and a full stop at the end, the rest as typed."""
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."
