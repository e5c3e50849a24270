"""The SEN file that goes with a leaver's CTF: one PDF of the pupil's SEN record for the next school's SENCO.

The CTF carries the census codes; this carries what the SENCO here knows: the SEN history in the school's words,
the one-page profile, every agreed version of the SEN support plan (outcomes, the support for each, the review's
results), targets and provision recorded before plans, the meetings with the family and the latest finalised record
of each, the professionals involved, and the parents and carers.
"""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone

from documents.records import record_context
from documents.rendering import render_pdf
from meetings.models import MeetingStatus, RecordVersion
from pupils.models import AreaOfNeed, OnePageProfile, Outcome, Provision, Pupil, PupilParent
from support_plans.models import PlanStatus, SupportPlan
from support_plans.reading import shown_many

from .transfer import UNRECORDED_LANGUAGE, sen_changes


def sen_file_title(pupil: Pupil) -> str:
    return f"SEN file: {pupil.legal_first_name} {pupil.legal_last_name}"


def sen_file_context(pupil: Pupil) -> dict:
    """What templates/mis/sen_file.html needs, read in a fixed number of queries."""
    prefetch_related_objects(
        [pupil],
        Prefetch("outcomes", queryset=Outcome.objects.prefetch_related("progress_notes__recorded_by")),
        Prefetch("provisions", queryset=Provision.objects.select_related("staff")),
        "professionals",
        Prefetch("parent_links", queryset=PupilParent.objects.select_related("parent")),
    )
    profile = OnePageProfile.objects.filter(pupil=pupil).first()
    provisions = list(pupil.provisions.all())
    return {
        "pupil": pupil,
        "written_on": timezone.localdate(),
        "sen_history": [
            {
                "start_date": change.start_date,
                "status": change.get_status_display(),
                "needs": [_need(change.primary_need), _need(change.secondary_need)],
            }
            for change in reversed(sen_changes(pupil))
        ],
        "primary_need": _need(pupil.primary_need),
        "secondary_need": _need(pupil.secondary_need),
        "profile": profile if profile and not profile.is_empty else None,
        "plans": shown_many(
            list(
                SupportPlan.objects.filter(pupil=pupil)
                .exclude(status=PlanStatus.DRAFT)
                .select_related("review__held_by", "finalised_by")
                .order_by("-number")
            )
        ),
        "outcomes": pupil.outcomes.all(),
        "provision_groups": [
            ("Current", [provision for provision in provisions if provision.is_current], "None at the moment."),
            ("In the past", [provision for provision in provisions if not provision.is_current], "None recorded."),
        ],
        "professionals": pupil.professionals.all(),
        "meetings": _meetings(pupil),
        "parents": [
            {"link": link, "parent": link.parent, "language": _language(link.parent.preferred_language)}
            for link in pupil.parent_links.all()
        ],
    }


def _need(code: str) -> str:
    return AreaOfNeed(code).label if code in AreaOfNeed.values else code


def _language(language: str) -> str:
    return "" if language.strip().lower() == UNRECORDED_LANGUAGE else language


def _meetings(pupil: Pupil) -> list[dict]:
    """Every meeting with the family that was not called off, oldest first, each with the latest finalised version
    of its record (what the record PDF shows) or None."""
    latest: dict[int, RecordVersion] = {}
    versions = (
        RecordVersion.objects.filter(record__meeting__pupil=pupil)
        .select_related("record__meeting__pupil", "record__meeting__led_by")
        .order_by("record_id", "-number")
    )
    for version in versions:
        latest.setdefault(version.record.meeting_id, version)
    meetings = (
        pupil.meetings.exclude(status__in=(MeetingStatus.CANCELLED, MeetingStatus.REARRANGED))
        .select_related("led_by")
        .order_by("starts_at")
    )
    return [
        {
            "meeting": meeting,
            "record": record_context(latest[meeting.pk]) if meeting.pk in latest else None,
        }
        for meeting in meetings
    ]


def sen_file_pdf(pupil: Pupil, *, request: HttpRequest | None = None) -> bytes:
    """The pupil's SEN file as one PDF, in standard print: it is for staff at the next school. No glossary box:
    its explanations are written for parents, and a SENCO knows the words."""
    return render_pdf(
        "mis/sen_file.html",
        sen_file_context(pupil),
        large_print=False,
        title=sen_file_title(pupil),
        request=request,
        glossary=False,
    )
