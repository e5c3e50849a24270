"""The pages an emailed record link opens, signed out: the record on screen, and its PDF (`documents.deliveries`).

A link that does not work (never sent, altered, expired, replaced by a newer email, or for someone who may no longer
have the record) gets one plain page with the school's phone number, and changes nothing.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from meetings.models import RecordVersion
from privacy import access_log
from privacy.models import AccessAction

from .deliveries import (
    enclosure_name,
    find_link,
    needs_large_print,
    note_opened,
    pdf_for,
    why_link_unusable,
)
from .glossary import explain_words_on_page
from .models import RecordLink
from .views import large_print_asked, pdf_response

LINK_STATUS = {"unknown": 404, "replaced": 410, "expired": 410, "withdrawn": 410}


def link_not_working(request, reason: str):
    return render(request, "documents/record_link_not_working.html", {"reason": reason}, status=LINK_STATUS[reason])


def private(response):
    """The page is one family's: not for search engines, and its address (the token) not passed on."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def usable_link(token: str) -> tuple[RecordLink | None, str | None]:
    link = find_link(token)
    if link is None:
        return None, "unknown"
    return link, why_link_unusable(link)


@login_not_required
@never_cache
@require_safe
def record_by_link(request, token: str):
    link, reason = usable_link(token)
    if reason:
        return private(link_not_working(request, reason))
    delivery = link.delivery
    version = delivery.version
    meeting = version.record.meeting
    if not (request.user.is_authenticated and request.user.works_for_school):  # staff checking it is not the family
        note_opened(delivery)
    what = f"Meeting record, version {version.number}, by a family's emailed link"
    access_log.record(request, AccessAction.VIEWED, pupil=meeting.pupil, what=what)
    newer = (
        RecordVersion.objects.filter(record=version.record, number__gt=version.number, shared_at__isnull=False)
        .order_by("-number")
        .first()
    )
    context = {
        "token": token,
        "link": link,
        "version": version,
        "meeting": meeting,
        "content": version.content,
        "person": delivery.recipient,
        "about": "you" if delivery.young_person_id else meeting.pupil.first_name,
        "newer": newer,
    }
    if needs_large_print(delivery.recipient):
        context["large_text"] = True
    page = render(request, "documents/record_link.html", context)
    return private(explain_words_on_page(page, link_to_glossary=False))


@login_not_required
@never_cache
@require_safe
def record_pdf_by_link(request, token: str):
    link, reason = usable_link(token)
    if reason:
        return private(link_not_working(request, reason))
    delivery = link.delivery
    version = delivery.version
    large_print = large_print_asked(request, needs_large_print(delivery.recipient))
    access_log.record(
        request,
        AccessAction.DOWNLOADED_PDF,
        pupil=version.record.meeting.pupil,
        what=f"Meeting record, version {version.number} (PDF), by a family's emailed link",
    )
    return private(pdf_response(pdf_for(version, large_print=large_print), enclosure_name(version)))
