"""The letters waiting to be printed, as one PDF: each letter on its own pages (numbered as its own), large print
for the parents who need it, with the words of the letter exactly as they were sent, and after a covering letter
what it encloses (a shared meeting record, a pupil's plan: numbered as its own)."""

import re

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from common import when
from notices.content import WORDS_END, WORDS_START
from notices.kinds import enclosure_of
from notices.models import Message
from notices.views import letters_to_print

from .rendering import render_bundle, render_html

# A letter's HTML is the email layout (notices/includes/email_base.html): the words sit in one wrapping <div>.
EMAIL_CONTENT = re.compile(r"<body[^>]*>\s*<div[^>]*>(?P<content>.*)</div>\s*</body>", re.DOTALL)


def letter_content(message: Message) -> SafeString | None:
    """The letter's words as HTML, with their headings and lists, or None to print its plain text instead. Without
    the email's own "What some words mean": the printed letter (and the portal's page) explain the words their way.

    Safe to print as HTML: body_html was rendered by our own templates, which escape everything they insert.
    """
    found = EMAIL_CONTENT.search(message.body_html or "")
    if not found:
        return None
    content = re.sub(rf"{re.escape(WORDS_START)}.*?{re.escape(WORDS_END)}", "", found["content"], flags=re.DOTALL)
    return mark_safe(content.strip())  # noqa: S308


def letter_html(message: Message, request=None) -> str:
    large_print = bool(message.parent and message.parent.needs_large_print)
    return render_html(
        "documents/letter.html",
        {"message": message, "content": letter_content(message)},
        large_print=large_print,
        title=message.subject or f"Letter to {message.recipient_name}",
        request=request,
    )


def enclosure_html(message: Message) -> str | None:
    """What goes in the envelope with the letter (a shared record, a pupil's plan: its kind says), in the size the
    person needs; None for a letter that encloses nothing."""
    enclosure = enclosure_of(message)
    return enclosure.html() if enclosure is not None else None


def letters_pdf(user, request=None) -> bytes:
    title = f"Letters to print, {when.date(timezone.localdate())}"
    letters = letters_to_print(user).select_related("parent").order_by("sent_at", "pk")
    htmls = []
    for message in letters:
        htmls.append(letter_html(message, request))
        if enclosed := enclosure_html(message):
            htmls.append(enclosed)
    if not htmls:
        htmls = [render_html("documents/no_letters.html", {}, title=title, request=request, glossary=False)]
    return render_bundle(htmls, title=title)
