"""All the letters waiting to be printed, as one PDF: each on its own page, large print where needed."""

from django.utils import timezone

from notices.views import letters_to_print

from .glossary import glossary_for
from .rendering import render_pdf


def letters_pdf(user, request=None) -> bytes:
    letters = [
        {
            "message": message,
            "large_print": bool(message.parent and message.parent.needs_large_print),
            "glossary": glossary_for(f"{message.subject}\n{message.body_text}"),
        }
        for message in letters_to_print(user).select_related("parent").order_by("sent_at", "pk")
    ]
    return render_pdf(
        "documents/letters.html",
        {"letters": letters},
        title=f"Letters to print, {timezone.localdate():%-d %B %Y}",
        request=request,
        glossary=False,  # each letter carries its own
    )
