"""Meeting records and profiles as PDFs, and the copy of a shared record kept exactly as the parents got it."""

from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from common import when
from meetings.models import ActionOwner, RecordVersion
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
    action_points = [
        {**action, "by_when": _date(action.get("by_when"))}
        for action in content.get("plan", {}).get("action_points", [])
    ]
    return {
        "version": version,
        "content": content,
        "pupil_name": content.get("pupil") or meeting.pupil.full_name,
        "first_name": meeting.pupil.first_name,
        "starts_at": datetime.fromisoformat(starts_at) if starts_at else meeting.starts_at,
        "next_meeting_on": _date(content.get("review", {}).get("next_meeting_on")),
        "action_points": action_points,
        # Things the parents agreed to do: the record's key facts point them out.
        "parent_actions": sum(1 for action in action_points if action.get("owner") == ActionOwner.PARENT.label),
        "leader_job_title": meeting.led_by.job_title,
    }


def record_title(version: RecordVersion) -> str:
    pupil_name = version.content.get("pupil") or version.record.meeting.pupil.full_name
    return f"Record of the meeting about {pupil_name}, {when.date(version.record.meeting.meeting_date)}"


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


# The three boxes of every one-page profile, first and side by side; the other sections follow where written.
CORE_SECTIONS = ("liked_and_admired", "important_to_me", "how_to_support_me")


def profile_context(pupil: Pupil) -> dict:
    """What the one-page profile prints: its sections as (name, heading, text), the core three apart, sections not
    written left out (not printed as 'Not written yet'), and who to ask about it."""
    profile = OnePageProfile.objects.filter(pupil=pupil).first() or OnePageProfile(pupil=pupil)
    written = [
        (name, profile._meta.get_field(name).verbose_name, getattr(profile, name).strip())
        for name in OnePageProfile.SECTIONS
        if getattr(profile, name).strip()
    ]
    senco = User.objects.filter(role=Role.SENCO, is_active=True).order_by("pk").first()
    roles: dict[User, list[str]] = {}
    for person, role in ((pupil.key_worker, "key worker"), (pupil.class_teacher, "class teacher"), (senco, "SENCO")):
        if person is not None:
            roles.setdefault(person, []).append(role)
    who_to_ask = [{"name": person.get_full_name(), "role": " and ".join(jobs)} for person, jobs in roles.items()]
    return {
        "pupil": pupil,
        "profile": profile,
        "core": [section for section in written if section[0] in CORE_SECTIONS],
        "others": [section for section in written if section[0] not in CORE_SECTIONS],
        "who_to_ask": who_to_ask,
    }


def profile_pdf(pupil: Pupil, *, large_print: bool, request=None) -> bytes:
    return render_pdf(
        "documents/profile.html",
        profile_context(pupil),
        large_print=large_print,
        title=f"{pupil.first_name}'s one-page profile",
        request=request,
    )
