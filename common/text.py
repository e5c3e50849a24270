"""Text people type: which characters a one-line field may hold, and how long a longer text may be.

Every name, title, place, phone number or reason a person types is a `one_line_field`: it refuses line breaks, tabs
and other control characters, which would break an email header, a download's file name or a CSV line (a pupil
called "Mai\\r\\nX-Injected: yes" once made every PDF of hers answer 500). Every longer text is a `long_text_field`
with a length a person would write: a 2 MB profile section once made an 866-page PDF that took 55 seconds.

Both check in `full_clean`, so a ModelForm, the admin and an import that calls `full_clean` all refuse the same way;
`max_length` also reaches the form, which says "Ensure this value has at most N characters" and gives the textarea a
`maxlength`. The database does not enforce a TextField's length, so a text that was longer before stays readable.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

# Lengths a person would write, with room to spare. A page of a PDF holds about 3,000 characters at 14 point.
SENTENCES = 1_000  # a reason, a short note or list: "Mum asked to move it to the afternoon as she works mornings."
ADDRESS = 500  # a postal address over several lines
PARAGRAPHS = 4_000  # a section of a one-page profile, a target, an event's notes: about a page
RECORD_SECTION = 10_000  # a section of a meeting record (what parents, the pupil and staff said): a few pages
GUIDANCE = 10_000  # words the SENCO writes once for everyone: an audit section's guide, a questionnaire's opening

LINE_BREAKS = {"\u2028", "\u2029"}  # Unicode's own line and paragraph separators, which are not in category Cc


def _is_control(character: str) -> bool:
    return unicodedata.category(character) == "Cc" or character in LINE_BREAKS


def refuse_control_characters(value: str) -> None:
    """For one line of text: no line breaks, tabs, NUL or other control characters."""
    if any(_is_control(character) for character in str(value)):
        raise ValidationError(
            "Please keep this to one line: it can't contain line breaks, tabs or other invisible control characters.",
            code="control_characters",
        )


def refuse_stray_control_characters(value: str) -> None:
    """For longer text: line breaks and tabs are fine, other control characters (NUL, escape...) are not text."""
    if any(_is_control(character) and character not in "\r\n\t" for character in str(value)):
        raise ValidationError(
            "This contains invisible control characters that are not text (perhaps from a copy and paste): "
            "please type it again or paste it as plain text.",
            code="control_characters",
        )


def one_line_field(*args, **kwargs) -> models.CharField:
    """A model field for a line a person types: a name, a title, a place, a phone number, a reason in a few words.

    A plain CharField with the check added, not a subclass: Django refuses to mix field classes in one expression
    (Concat of a CharField and a subclass needs an output_field), and every query would have to remember that."""
    return models.CharField(*args, validators=[refuse_control_characters, *kwargs.pop("validators", [])], **kwargs)


def long_text_field(*args, max_length: int, **kwargs) -> models.TextField:
    """A model field for paragraphs a person types: pick `max_length` from the lengths above. A TextField's
    max_length reaches only the form, so the model checks it too, for `full_clean` (imports, the admin)."""
    validators = [refuse_stray_control_characters, MaxLengthValidator(max_length), *kwargs.pop("validators", [])]
    return models.TextField(*args, max_length=max_length, validators=validators, **kwargs)


def one_line_input(**kwargs) -> forms.CharField:
    """A form field (not from a model) for one line a person types, checked as `one_line_field` is."""
    return forms.CharField(validators=[refuse_control_characters], **kwargs)


def long_text_input(*, max_length: int, **kwargs) -> forms.CharField:
    """A form field (not from a model) for paragraphs, checked as `long_text_field` is."""
    kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    return forms.CharField(max_length=max_length, validators=[refuse_stray_control_characters], **kwargs)
