"""Arranging meetings: who is invited by default, following one meeting with the next, rearranging, cancelling."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from pupils.models import Pupil

from .models import Attendance, Invitee, InviteeKind, Meeting, MeetingStatus, MeetingTypeSetting


def default_minutes(meeting_type: str) -> int:
    from .models import MEETING_TYPE_DEFAULTS

    setting = MeetingTypeSetting.objects.filter(meeting_type=meeting_type).first()
    return setting.default_minutes if setting else MEETING_TYPE_DEFAULTS[meeting_type][0]


def interpreter_language_for(pupil: Pupil) -> str:
    """The language of the first parent with parental responsibility who needs an interpreter."""
    for link in pupil.parent_links.select_related("parent"):
        if link.has_parental_responsibility and link.parent.needs_interpreter:
            return link.parent.preferred_language
    return ""


def set_invitees(meeting: Meeting, *, parents=(), staff=(), pupil: bool = False, others=()) -> None:
    """Make the invitation list exactly this, keeping the people already on it (and their attendance)."""
    current = list(meeting.invitees.all())
    wanted_parents = {p.pk for p in parents}
    wanted_staff = {u.pk for u in staff}
    wanted_others = set(others)
    keep = []
    for invitee in current:
        if invitee.parent_id:
            wanted = invitee.parent_id in wanted_parents
        elif invitee.user_id:
            wanted = invitee.user_id in wanted_staff
        elif invitee.kind == InviteeKind.PUPIL:
            wanted = pupil
        else:
            wanted = (invitee.name, invitee.role) in wanted_others
        if wanted:
            keep.append(invitee)
        else:
            invitee.delete()
    invite(
        meeting,
        parents=[p for p in parents if p.pk not in {i.parent_id for i in keep}],
        staff=[u for u in staff if u.pk not in {i.user_id for i in keep}],
        pupil=pupil and not any(i.kind == InviteeKind.PUPIL for i in keep),
        others=[o for o in others if o not in {(i.name, i.role) for i in keep if i.name}],
    )


def invite(meeting: Meeting, *, parents=(), staff=(), pupil: bool = False, others=()) -> None:
    """Add people to a meeting with their roles; `others` are (name, role) pairs for outside professionals."""
    relationships = {link.parent_id: link for link in meeting.pupil.parent_links.all()}
    invitees = [
        Invitee(meeting=meeting, kind=InviteeKind.PARENT, parent=p, role=relationships[p.pk].get_relationship_display())
        for p in parents
    ]
    invitees += [Invitee(meeting=meeting, kind=InviteeKind.STAFF, user=u, role=u.job_title or "Staff") for u in staff]
    if pupil:
        invitees.append(Invitee(meeting=meeting, kind=InviteeKind.PUPIL, role="Pupil"))
    for name, role in others:
        kind = InviteeKind.INTERPRETER if "interpret" in role.lower() else InviteeKind.PROFESSIONAL
        invitees.append(Invitee(meeting=meeting, kind=kind, name=name, role=role))
    Invitee.objects.bulk_create(invitees)


def _copy(meeting: Meeting, starts_at: datetime, user, **changes) -> Meeting:
    fields = {
        "pupil": meeting.pupil,
        "meeting_type": meeting.meeting_type,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "purpose": meeting.purpose,
        "led_by": meeting.led_by,
        "chaired_by": meeting.chaired_by,
        "parent_report_requested": meeting.parent_report_requested,
        "report_help_offered": meeting.report_help_offered,
        "interpreter_language": meeting.interpreter_language,
        "childcare_arranged": meeting.childcare_arranged,
    }
    new = Meeting.objects.create(
        **fields | changes, starts_at=starts_at, invited_on=timezone.localdate(), created_by=user
    )
    Invitee.objects.bulk_create(
        Invitee(
            meeting=new,
            kind=i.kind,
            user=i.user,
            parent=i.parent,
            name=i.name,
            role=i.role,
            attendance=Attendance.EXPECTED,
        )
        for i in meeting.invitees.all()
    )
    return new


def propose_follow_on(meeting: Meeting, on: date, user) -> Meeting:
    """The next meeting, agreed at this one: proposed for the same time of day on the date agreed."""
    starts_at = timezone.make_aware(datetime.combine(on, timezone.localtime(meeting.starts_at).time()))
    short_notice_reason = ""
    from .compliance import is_short_notice

    if is_short_notice(timezone.localdate(), on):
        short_notice_reason = "Date agreed with the family at the previous meeting."
    return _copy(
        meeting, starts_at, user, purpose=f"Follow-up: {meeting.purpose}", short_notice_reason=short_notice_reason
    )


@transaction.atomic
def rearrange(meeting: Meeting, starts_at: datetime, user, short_notice_reason: str = "") -> Meeting:
    """Move a meeting: a new meeting at the new time, and the old one kept, marked rearranged and linked to it.

    To the family it is the same meeting at another time: the new one stays confirmed if the old one was (the
    change notice tells them the new time as settled), and it takes over the old one's event in their calendar."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    status = MeetingStatus.CONFIRMED if meeting.status == MeetingStatus.CONFIRMED else MeetingStatus.PROPOSED
    new = _copy(meeting, starts_at, user, short_notice_reason=short_notice_reason, status=status)
    meeting.status = MeetingStatus.REARRANGED
    meeting.rearranged_to = new
    meeting.save(update_fields=["status", "rearranged_to"])
    # Only now that the old meeting is closed may the new one take its calendar event (one meeting as it stands per
    # event). Its first history row takes it too: nobody ever saw the placeholder it was made with.
    new.calendar_uid = meeting.calendar_uid
    Meeting.objects.filter(pk=new.pk).update(calendar_uid=new.calendar_uid)
    Meeting.history.filter(id=new.pk).update(calendar_uid=new.calendar_uid)
    return new


def cancel(meeting: Meeting, reason: str) -> None:
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancellation_reason = reason
    meeting.save(update_fields=["status", "cancellation_reason"])
