"""The life of a meeting record: drafted through the four stages, finalised (locked), shared, amended."""

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from pupils.models import Outcome, ProgressNote
from support_plans.models import PlanStatus, SupportPlan

from .models import (
    Meeting,
    MeetingRecord,
    MeetingStatus,
    OutcomeReview,
    RecordStatus,
    RecordVersion,
)
from .scheduling import propose_follow_on


class RecordLocked(Exception):
    """A finalised record changes only through an amendment, which makes a new version."""


class MeetingNotYetHeld(RecordLocked):
    """A record can be drafted beforehand (parents' views gathered in advance), but finalised only afterwards."""


def start_record(meeting: Meeting) -> MeetingRecord:
    """The meeting's record, created with the outcomes of the pupil's current SEN support plan ready to review (or,
    for a pupil with no plan, the targets still open from before plans)."""
    record, created = MeetingRecord.objects.get_or_create(meeting=meeting)
    if created:
        plan = SupportPlan.objects.filter(pupil=meeting.pupil, status=PlanStatus.FINALISED).first()
        if plan:
            reviews = [
                OutcomeReview(record=record, plan_outcome=outcome)
                for outcome in plan.outcomes.order_by("order", "pk")
                if not outcome.was_finished_before_plans
            ]
        else:
            open_outcomes = Outcome.objects.filter(pupil=meeting.pupil, status="in_progress")
            reviews = [
                OutcomeReview(record=record, outcome=outcome, status_after=outcome.status) for outcome in open_outcomes
            ]
        OutcomeReview.objects.bulk_create(reviews)
    return record


def snapshot(record: MeetingRecord) -> dict:
    """Everything the parents are given, as plain data, so a version never changes after it is finalised."""
    meeting = record.meeting
    return {
        "pupil": meeting.pupil.full_name,
        "meeting_type": meeting.get_meeting_type_display(),
        "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "purpose": meeting.purpose,
        "led_by": meeting.led_by.get_full_name(),
        "chaired_by": meeting.chair.get_full_name(),
        "attendance": [
            {"name": i.display_name, "role": i.role, "attendance": i.get_attendance_display()}
            for i in meeting.invitees.select_related("user", "parent")
        ],
        "explore": {
            "parent_views": record.parent_views,
            "pupil_views": record.pupil_views,
            "staff_views": record.staff_views,
        },
        "focus": {"main_issue": record.main_issue},
        "plan": {
            "outcomes": [
                {
                    "outcome": review.reviewed.description,
                    "success_measure": review.reviewed.success_measure,
                    "is_new": review.is_new,
                    "progress": review.progress,
                    "status": review.get_status_after_display(),
                }
                for review in record.outcome_reviews.select_related("outcome", "plan_outcome")
            ],
            "support_agreed": record.support_agreed,
            "action_points": [
                {
                    "what": action.description,
                    "who": action.owner_name,
                    "owner": action.get_owner_display(),
                    "by_when": action.due_on.isoformat(),
                }
                for action in meeting.action_points.select_related("owner_staff", "owner_parent", "meeting__pupil")
            ],
        },
        "review": {
            "summary": record.summary,
            "next_meeting_on": record.next_meeting_on.isoformat() if record.next_meeting_on else None,
            "follow_up_offered": record.follow_up_offered,
        },
        # Help outside school, copied as it stands today: later edits to the directory leave this version alone.
        "signposts": [service.contact_details() for service in record.signposts.all()],
    }


@transaction.atomic
def finalise(record: MeetingRecord, user) -> RecordVersion:
    """Lock the record as a new version; the meeting is then held, targets updated, the next meeting proposed."""
    record = MeetingRecord.objects.select_for_update().select_related("meeting__pupil").get(pk=record.pk)
    if record.is_locked:
        raise RecordLocked("This record is already finalised.")
    if record.meeting.starts_at > timezone.now():
        raise MeetingNotYetHeld("The meeting has not started yet: save the draft and finalise it afterwards.")
    number = record.versions.count() + 1
    meeting = record.meeting
    if meeting.is_booked:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    _apply_outcome_reviews(record, user)
    if record.next_meeting_on and record.next_meeting is None:
        record.next_meeting = propose_follow_on(meeting, record.next_meeting_on, user)
    version = RecordVersion.objects.create(
        record=record,
        number=number,
        content=snapshot(record),
        amendment_reason=record.pending_amendment_reason if number > 1 else "",
        finalised_by=user,
    )
    record.status = RecordStatus.FINALISED
    record.pending_amendment_reason = ""
    record.save()
    return version


def _apply_outcome_reviews(record: MeetingRecord, user) -> None:
    """Targets from before plans take the status and a progress note from the meeting. A plan's outcomes are locked
    with their plan: the progress stays with the record, and the plan's own review gives each its result."""
    for review in record.outcome_reviews.filter(outcome__isnull=False).select_related("outcome", "progress_note"):
        outcome = review.outcome
        if outcome.status != review.status_after:
            outcome.status = review.status_after
            outcome.save(update_fields=["status"])
        if not review.progress:
            continue
        note_text = f"Reviewed at the meeting: {review.progress}"
        if review.progress_note is None:
            review.progress_note = ProgressNote.objects.create(
                outcome=outcome, noted_on=record.meeting.meeting_date, note=note_text, recorded_by=user
            )
            review.save(update_fields=["progress_note"])
        elif review.progress_note.note != note_text:
            review.progress_note.note = note_text
            review.progress_note.save(update_fields=["note"])


# Sent with `version` when a member of staff shares a version with the parents on the site. documents/ keeps the PDF
# they were given (a layer above: this app does not import it); the demo school shares without sending it.
version_shared_with_parents = Signal()


@transaction.atomic
def share(version: RecordVersion, user) -> RecordVersion:
    """Mark a version as given to the parents (the notices issue sends it)."""
    version = RecordVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_shared:
        version.shared_at = timezone.now()
        version.shared_by = user
        version.save(update_fields=["shared_at", "shared_by"])
        Meeting.objects.filter(pk=version.record.meeting_id, record_shared_at__isnull=True).update(
            record_shared_at=version.shared_at
        )
    return version


@transaction.atomic
def amend(record: MeetingRecord, reason: str) -> MeetingRecord:
    """Reopen a finalised record for changes; finalising again makes the next version, with this reason."""
    record = MeetingRecord.objects.select_for_update().get(pk=record.pk)
    if not record.is_locked:
        raise RecordLocked("Only a finalised record can be amended.")
    if not reason.strip():
        raise ValueError("Say why the record is being amended.")
    record.status = RecordStatus.DRAFT
    record.pending_amendment_reason = reason.strip()
    record.save(update_fields=["status", "pending_amendment_reason", "updated_at"])
    return record


def latest_version(record: MeetingRecord) -> RecordVersion | None:
    return record.versions.order_by("-number").first()
