"""Posts that no page of this site sends (more forms than it showed, rows it did not show): refused whole."""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Django's own name for reports of suspicious requests, so they reach the same log as its DisallowedHost warnings.
logger = logging.getLogger("django.security.TamperedForm")

NOTHING_SAVED = (
    "This page did not match what the site holds now: it may have changed in another tab, or the page was "
    "altered. Nothing was saved. Open the page again and make your changes there."
)


def refuse_tampered_post(request: HttpRequest, what: str) -> HttpResponse:
    """400 with a plain explanation; the caller must not have saved anything yet."""
    logger.warning(
        "Refused a post that did not match the page (%s): %s by user %s", what, request.path, request.user.pk
    )
    return render(request, "400.html", {"problem": NOTHING_SAVED}, status=400)
