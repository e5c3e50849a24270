"""The reply page a family's personal link opens: no sign-in, made for a phone.

The link is the family's and works for whoever holds it (signed in or not, as another family's parent or a member of
staff): it only ever opens its own family's meeting, and a reply given through it is theirs. Staff read replies on
the meeting's page; the history of a reply notes anyone signed in who changed it.
"""

import logging
from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from security.lockout import client_ip

from . import answers, links
from .forms import ReplyForm
from .links import State

# Codes that name no link, from one address in MISSES_WINDOW, before the page stops looking them up (and says only
# that the link does not work). Far above a family mistyping a code from a letter; guessing is hopeless anyway.
# Counted across every page a family's short code opens (the plan's comment page too: plan_comments/views.py).
MISSES_ALLOWED = 30
MISSES_WINDOW = 10 * 60

logger = logging.getLogger(__name__)

STATUS = {State.NOT_WORKING: 404, State.EXPIRED: 410}


def _misses_key(request) -> str:
    return f"replies:misses:{client_ip(request) or 'unknown'}"


def too_many_misses(request) -> bool:
    """A cache that is away (Redis restarting) must not stop families replying: the count is then not kept."""
    try:
        return cache.get(_misses_key(request), 0) >= MISSES_ALLOWED
    except Exception:
        logger.warning("The cache did not answer: codes that name no link are not being counted.")
        return False


def note_miss(request) -> None:
    key = _misses_key(request)
    with suppress(Exception):
        if not cache.add(key, 1, MISSES_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.add(key, 1, MISSES_WINDOW)


def link_page(request, state: str, occasion=None, status: int | None = None):
    """One plain page for a link that cannot take a reply: not working, expired, cancelled, or the meeting begun.
    A link that does not work names nobody."""
    context = {"state": state, "occasion": occasion if state != State.NOT_WORKING else None}
    return render(request, "replies/link_page.html", context, status=status or STATUS.get(state, 200))


def answer_form(occasion, data=None) -> ReplyForm:
    reply = occasion.reply
    initial = {field: getattr(reply, field) for field in answers.FIELDS} if reply else {}
    return ReplyForm(
        data,
        initial=initial,
        review_day=occasion.review_day is not None,
        young_person=occasion.young_person if occasion.meeting else None,
    )


@login_not_required
@never_cache
def reply(request, code: str):
    if too_many_misses(request):
        return link_page(request, State.NOT_WORKING, status=429)
    link = links.find(code)
    if link is None:
        note_miss(request)
        return link_page(request, State.NOT_WORKING)
    now = timezone.now()
    occasion = links.occasion(link, now)
    if not occasion.is_open:
        # After the meeting began, a form sent from a page opened before is refused as politely.
        status = 409 if request.method == "POST" and occasion.state == State.CLOSED else None
        return link_page(request, occasion.state, occasion, status=status)
    links.note_opened(link, now)
    form = answer_form(occasion, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                _, changed = answers.record(occasion, form.cleaned_data)
            except answers.RepliesClosed:
                return link_page(request, State.CLOSED, occasion, status=409)
            messages.success(
                request,
                "Thank you. We have your reply." if changed else "Thank you. Your reply was already as you sent it.",
            )
            return redirect(request.path)
        messages.error(request, "Something needs another look: please see below.")
    context = {"occasion": occasion, "form": form, "reply": occasion.reply}
    return render(request, "replies/reply.html", context)
