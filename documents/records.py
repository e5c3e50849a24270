"""Meeting records and profiles as PDFs, and the copy of a shared record kept exactly as the parents got it."""

from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from meetings.models import RecordVersion
from pupils.models import OnePageProfile, Pupil

from .models import SharedRecordPdf
from .rendering import render_html, render_pdf


def family_needs_large_print(pupil: Pupil) -> bool:
    """Large print by default when any parent or carer with parental responsibility needs it."""
    return pupil.parent_links.filter(has_parental_responsibility=True, parent__needs_large_print=True).exists()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def record_context(version: RecordVersion) -> dict:
    """What the record template needs: the frozen snapshot, with its dates as dates."""
    content = version.content
    meeting = version.record.meeting
    starts_at = content.get("starts_at")
    return {
        "version": version,
        "content": content,
        "pupil_name": content.get("pupil") or meeting.pupil.full_name,
        "first_name": meeting.pupil.first_name,
        "starts_at": datetime.fromisoformat(starts_at) if starts_at else meeting.starts_at,
        "next_meeting_on": _date(content.get("review", {}).get("next_meeting_on")),
        "action_points": [
            {**action, "by_when": _date(action.get("by_when"))}
            for action in content.get("plan", {}).get("action_points", [])
        ],
        "leader_job_title": meeting.led_by.job_title,
    }


def record_title(version: RecordVersion) -> str:
    pupil_name = version.content.get("pupil") or version.record.meeting.pupil.full_name
    return f"Record of the meeting about {pupil_name}, {version.record.meeting.meeting_date:%-d %B %Y}"


def record_pdf(version: RecordVersion, *, large_print: bool, request=None) -> bytes:
    return render_pdf(
        "documents/record.html",
        record_context(version),
        large_print=large_print,
        title=record_title(version),
        request=request,
    )


def minutes_pdf(version: RecordVersion, *, large_print: bool, request=None) -> bytes:
    """The same meeting as formal minutes (numbered items, present and apologies) for the file and for
    professionals; the parents' own copy is the record."""
    return render_pdf(
        "documents/minutes.html",
        record_context(version),
        large_print=large_print,
        title=record_title(version).replace("Record of the meeting", "Minutes of the meeting", 1),
        request=request,
    )


def record_html(version: RecordVersion, *, large_print: bool) -> str:
    return render_html(
        "documents/record.html", record_context(version), large_print=large_print, title=record_title(version)
    )


def keep_the_pdf_given(sender, version: RecordVersion, **kwargs) -> None:
    """When staff share a version on the site (meetings.records.version_shared_with_parents)."""
    store_shared_pdf(version)


def store_shared_pdf(version: RecordVersion) -> SharedRecordPdf:
    """Keep the exact PDF the parents were given, once: later calls return the copy already kept."""
    existing = SharedRecordPdf.objects.filter(version=version).first()
    if existing:
        return existing
    large_print = family_needs_large_print(version.record.meeting.pupil)
    pdf = record_pdf(version, large_print=large_print)
    shared = SharedRecordPdf(version=version, large_print=large_print)
    shared.pdf.save("record.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            shared.save()
    except IntegrityError:  # someone else stored it first: theirs is the copy given
        shared.pdf.delete(save=False)
        return SharedRecordPdf.objects.get(version=version)
    return shared


def profile_pdf(pupil: Pupil, *, large_print: bool, request=None) -> bytes:
    profile = OnePageProfile.objects.filter(pupil=pupil).first() or OnePageProfile(pupil=pupil)
    return render_pdf(
        "documents/profile.html",
        {"pupil": pupil, "profile": profile},
        large_print=large_print,
        title=f"{pupil.first_name}'s one-page profile",
        request=request,
    )
