"""What a message says: subject, plain text and HTML, rendered from the templates of its kind (`notices.kinds`).

`compose(message)` fills the message's 'as sent' fields and does not save; the caller saves. The words live in
the templates; the app owning the kind gathers what they need (the meeting, the people, who to contact, links),
starting from `common_context` here.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Role
from school.models import School

from .channels import numbers_to_ring
from .kinds import kind_of
from .models import Channel, Message


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def salutation(parent) -> str:
    """'Mrs Thompson' when we know a title, else the full name: never 'Dear parent'."""
    if parent.title:
        return f"{parent.title} {parent.last_name}"
    return f"{parent.first_name} {parent.last_name}"


def job_of(user) -> str:
    return user.job_title or user.get_role_display()


def common_context(message: Message, leader, school: School) -> dict:
    """Who writes (the person leading a meeting, or who set up the review day, event or loan), to whom, and how
    it is sent."""
    context = {
        "message": message,
        "school": school,
        "leader": leader,
        "leader_job": job_of(leader),
        "leader_is_senco": leader.role == Role.SENCO,
        "is_letter": message.channel == Channel.LETTER,
        "is_call": message.channel == Channel.PHONE,
        # The day it goes, from which a reminder counts "today" or "tomorrow" (`|on_day:sent_on`, common/when.py).
        "sent_on": timezone.localdate(message.due_at),
    }
    if message.parent_id:
        return context | {
            "parent": message.parent,
            "dear": salutation(message.parent),
            "large_print": message.parent.needs_large_print,
        }
    if message.young_person_id:
        return context | {"young_person": message.young_person, "dear": message.young_person.first_name}
    return context | {"dear": message.staff.first_name or message.staff.get_full_name(), "large_print": False}


def tidy_text(text: str) -> str:
    """Template tags leave stray spaces and blank lines behind: at most one blank line, no trailing spaces."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def address_for(parent, channel: str) -> str:
    """Where a message by this channel reaches the parent: their postal address, the numbers to ring, or email."""
    if channel == Channel.LETTER:
        return parent.address
    if channel == Channel.PHONE:
        return "\n".join(f"{which}: {number}" for which, number in numbers_to_ring(parent))
    return parent.email


# What `compose` fills in.
COMPOSED_FIELDS = ("recipient_name", "recipient_address", "subject", "body_text", "body_html")
# What stands in the kept copy for each of the context's `secrets`.
NOT_KEPT = "not-kept"


# What explains the specialist words a family's message uses, at its end ("What some words mean"): a function that
# reads the glossary and returns an explainer, which given the words returns the terms used, each with `.term` and
# `.explanation` (a batch of messages reads the glossary once: `words_explainer`). The documents app, which keeps the
# glossary, sets it from its AppConfig.ready() (notices imports no app above it); until then, and in a message to
# staff, nothing is added.
Explainer = Callable[[str], list]
_read_the_glossary: Callable[[], Explainer] | None = None


def explain_words_with(read_the_glossary: Callable[[], Explainer]) -> None:
    global _read_the_glossary
    _read_the_glossary = read_the_glossary


def words_explainer() -> Explainer | None:
    """The glossary as it is now, read once for the messages about to be written (None when nothing explains)."""
    return _read_the_glossary() if _read_the_glossary is not None else None


# Where a message's explanations sit in its HTML, so that a letter printed from it can put the printed glossary box
# in their place (documents/letters.py).
WORDS_START, WORDS_END = "<!-- words -->", "<!-- /words -->"


def add_the_words_explained(message: Message, explain: Explainer | None = None) -> None:
    """A family's email or letter ends with the specialist words it uses, explained (not a call's script).

    `explain`: the glossary read once for a batch of messages (`words_explainer`); else it is read for this one."""
    if message.channel == Channel.PHONE:
        return
    explain = explain or words_explainer()
    if explain is None:
        return
    terms = explain(f"{message.subject}\n{message.body_text}")
    if not terms:
        return
    context = {"words": terms}
    message.body_text = tidy_text(message.body_text + "\n" + render_to_string("notices/includes/words.txt", context))
    words_html = render_to_string("notices/includes/words.html", context).strip()
    before, wrapper_end, after = message.body_html.rpartition("</div>")  # the end of email_base.html's wrapper
    message.body_html = f"{before}{WORDS_START}\n{words_html}\n{WORDS_END}\n{wrapper_end}{after}"


def young_persons_email(pupil) -> str:
    """The address of their own portal account, else the one the school has for them."""
    return pupil.user.email if pupil.user_id and pupil.user.is_active else pupil.own_email


def compose(message: Message, explain: Explainer | None = None) -> None:
    """Fill in who the message goes to and what it says (COMPOSED_FIELDS), from the templates for its kind. Does
    not save. `explain`: the glossary read once for a batch (`words_explainer`), else read for this message.

    The kind's context may name `secrets` (the token of a link that opens a record): they go out in the message but
    `keep_no_secrets` takes them out of the copy kept, before it is saved."""
    kind = kind_of(message)
    if message.young_person_id:
        pupil = message.young_person
        message.recipient_name = pupil.full_name
        # No address of their own: a letter is handed to them at school.
        message.recipient_address = "" if message.channel == Channel.LETTER else young_persons_email(pupil)
    elif kind.to_parent:
        parent = message.parent
        message.recipient_name = parent.full_name
        message.recipient_address = address_for(parent, message.channel)
    else:
        message.recipient_name = message.staff.get_full_name()
        message.recipient_address = message.staff.email
    context = kind.context(message)
    folder = kind.templates
    subject = " ".join(render_to_string(f"{folder}/subject.txt", context).split())
    message.subject = context["subject"] = subject[: Message._meta.get_field("subject").max_length]
    message.body_text = tidy_text(render_to_string(f"{folder}/body.txt", context))
    message.body_html = render_to_string(f"{folder}/body.html", context).strip() + "\n"
    message.secrets = [secret for secret in context.get("secrets", ()) if secret]
    if kind.to_parent:
        add_the_words_explained(message, explain)


def keep_no_secrets(message: Message) -> None:
    """Take the context's `secrets` out of the words as they will be kept (the message has gone, or failed to)."""
    for secret in getattr(message, "secrets", ()):
        message.body_text = message.body_text.replace(secret, NOT_KEPT)
        message.body_html = message.body_html.replace(secret, NOT_KEPT)
    message.secrets = []
