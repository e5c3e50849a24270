"""The page a family's personal link opens, signed out and made for a phone: their child's plan, and a form to say
what they think before the review; and the plan as a PDF.

The link is the family's and works for whoever holds it (signed in or not): it only ever opens its own family's
plan, and a comment given through it is its parent's. A link that does not work (never sent, altered, no longer the
family's), has expired or whose review has been held gets a plain page with the school's phone number, never an
error; it changes nothing. Each look at the plan is in the access log when the person is signed in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from documents.glossary import explain_words_on_page
from documents.plans import plan_file_name, plan_pdf
from documents.views import large_print_asked, pdf_response
from privacy import access_log
from privacy.models import AccessAction
from replies.views import note_miss, too_many_misses

from . import comments, links
from .family import family_plan
from .forms import CommentForm
from .links import State

STATUS = {State.NOT_WORKING: 404, State.EXPIRED: 410}


def private(response):
    """The page is one family's: not for search engines, and its address (the code) not passed to another site.
    'same-origin', not 'no-referrer': with no referrer at all a browser sends the form as from nowhere (Origin:
    null), which the CSRF check rightly refuses."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def link_page(request, state: str, occasion=None, status: int | None = None):
    """One plain page for a link that cannot take a comment. A link that does not work names nobody."""
    context = {"state": state, "occasion": occasion if state != State.NOT_WORKING else None}
    return private(render(request, "plan_comments/link_page.html", context, status=status or STATUS.get(state, 200)))


def opened(request, code: str):
    """(occasion, None) for a link that opens its plan now, else (None, the page saying why not)."""
    if too_many_misses(request):
        return None, link_page(request, State.NOT_WORKING, status=429)
    link = links.find(code)
    if link is None:
        note_miss(request)
        return None, link_page(request, State.NOT_WORKING)
    occasion = links.occasion(link, timezone.now())
    if occasion.state in (State.NOT_WORKING, State.EXPIRED):
        return None, link_page(request, occasion.state, occasion)
    return occasion, None  # open, or closed (the review held): the plan is shown, without the form


def comment_form(occasion, data=None) -> CommentForm:
    comment = occasion.comment
    initial = {field: getattr(comment, field) for field in comments.FIELDS} if comment else {}
    return CommentForm(data, initial=initial, child=occasion.plan.pupil)


@login_not_required
@never_cache
def comment(request, code: str):
    occasion, refused = opened(request, code)
    if refused:
        return refused
    plan = occasion.plan
    if not occasion.is_open and request.method == "POST":  # a form sent from a page opened before the review
        return link_page(request, occasion.state, occasion, status=409)
    links.note_opened(occasion.link)
    form = comment_form(occasion, request.POST if request.method == "POST" else None) if occasion.is_open else None
    if request.method == "POST":
        if form.is_valid():
            try:
                _, changed = comments.record(plan, form.cleaned_data, parent=occasion.parent)
            except comments.CommentsClosed:
                return link_page(request, State.CLOSED, occasion, status=409)
            messages.success(
                request,
                "Thank you. We have your comments."
                if changed
                else "Thank you. Your comments were already as you sent them.",
            )
            return redirect(request.path)
        messages.error(request, "Something needs another look: please see below.")
    access_log.record(
        request,
        AccessAction.VIEWED,
        pupil=plan.pupil,
        what=f"SEN support plan, version {plan.number}, by a family's link",
    )
    context = {
        "occasion": occasion,
        "form": form,
        "comment": occasion.comment,
        "code": code,
        "author": comments.author_of(plan),
        **family_plan(plan),
    }
    page = render(request, "plan_comments/comment.html", context)
    return private(explain_words_on_page(page, link_to_glossary=False))


@login_not_required
@never_cache
@require_safe
def plan_pdf_by_link(request, code: str):
    occasion, refused = opened(request, code)
    if refused:
        return refused
    plan = occasion.plan
    large_print = large_print_asked(request, occasion.parent.needs_large_print)
    access_log.record(
        request,
        AccessAction.DOWNLOADED_PDF,
        pupil=plan.pupil,
        what=f"SEN support plan, version {plan.number} (PDF), by a family's link",
    )
    return private(pdf_response(plan_pdf(plan, large_print=large_print), plan_file_name(plan)))
