"""A subject access export: everything the school holds about one pupil, or one parent or carer, as one zip.

JSON files (one per kind of record) for machines, the PDFs for people, and a README.txt saying what each file
is. Built in memory in one request: a pupil with a year of meetings takes about a second
(docs/privacy-and-security.md).
"""

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from booking.models import Booking, Invitation
from common import when
from common.downloads import archive_path, file_name
from documents.models import SharedRecordPdf
from documents.records import family_needs_large_print, profile_pdf, record_pdf
from meetings.models import ActionPoint, Invitee, Meeting, MeetingRecord, OutcomeReview, RecordVersion
from notices.models import Message
from plan_comments.models import PlanComment
from privacy.models import AccessLogEntry
from pupils.models import (
    OnePageProfile,
    Outcome,
    ParentCarer,
    ProfessionalInvolvement,
    ProgressNote,
    Provision,
    Pupil,
    PupilParent,
)
from replies.models import Reply
from replies.summaries import about_pupil as replies_about
from school.models import School
from support_plans.models import OutcomeResult, PlanOutcome, PlanProvision, PlanReview, SupportPlan

from .plain_data import People, history, plain

HISTORY_ABOUT = (
    "Every change to the records, oldest first: what it said after each change, who made the change and when."
)
REPLIES_ABOUT = (
    "The family's replies through the link in their notices: whether they could come, the times that suited them, "
    "and what they wrote for the meetings, as it stands (history.json has every earlier answer)."
)
PLAN_COMMENTS_ABOUT = (
    "What the family (or the young person) told us about each version of the SEN support plan before its review: what "
    "was going well, what worried them, what they would like changed (history.json has every earlier wording)."
)
ACCESS_LOG_ABOUT = "Every time a member of staff looked at, downloaded or exported these records, and who."


@dataclass
class Bundle:
    """The files of one export, each with a line for the README saying what it is."""

    subject: str
    made_by: str
    files: list[tuple[str, bytes, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    # Names are made from slugs and dates; archive_path keeps even a careless one inside the zip's folder.
    def add_json(self, name: str, data, about: str) -> None:
        text = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        self.files.append((archive_path(name), text.encode(), about))

    def add_pdf(self, name: str, pdf: bytes, about: str) -> None:
        self.files.append((archive_path(name), pdf, about))

    def zip(self) -> bytes:
        readme = render_to_string(
            "privacy/subject_access_readme.txt",
            {
                "school": School.load(),
                "subject": self.subject,
                "made_by": self.made_by,
                "made_at": timezone.localtime(),
                "files": [(name, about) for name, _, about in self.files],
                "missing": self.missing,
            },
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", readme)
            for name, content, _ in self.files:
                archive.writestr(name, content)
        return buffer.getvalue()


def _day(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}"


def _version_pdf_name(version: RecordVersion, folder: str) -> str:
    meeting = version.record.meeting
    # The meeting's number too: two meetings on one day (a review and a follow-up) must not share a name in the zip.
    name = file_name(
        "record",
        meeting.pupil.first_name,
        _day(meeting.starts_at),
        f"meeting-{meeting.pk}",
        f"version-{version.number}",
        ending=".pdf",
    )
    return archive_path(folder, name)


def _meeting_day(version: RecordVersion) -> str:
    return when.date(version.record.meeting.starts_at)


def _shared_pdfs(bundle: Bundle, versions, *, render_unstored: bool = False) -> None:
    """The stored PDFs exactly as the parents were given them. With `render_unstored`, a shared version whose
    copy was never stored is drawn now from its locked content (the words cannot have changed)."""
    stored_copies = {
        shared.version_id: shared for shared in SharedRecordPdf.objects.filter(version__in=versions.values("pk"))
    }
    for version in versions.select_related("record__meeting__pupil", "record__meeting__led_by"):
        name = _version_pdf_name(version, "pdfs/given-to-parents")
        shared = stored_copies.get(version.pk)
        if shared is None:
            if render_unstored:
                large_print = family_needs_large_print(version.record.meeting.pupil)
                about = f"The record of the meeting on {_meeting_day(version)} given to the parents (version "
                about += f"{version.number}), drawn again from the locked version: no copy of the PDF was stored."
                bundle.add_pdf(name, record_pdf(version, large_print=large_print), about)
            continue
        try:
            with shared.pdf.open("rb") as stored:
                pdf = stored.read()
        except FileNotFoundError:
            bundle.missing.append(f"{name}: the stored copy given to the parents could not be found on the server.")
            continue
        about = f"The record of the meeting on {_meeting_day(version)} exactly as it was given to the parents "
        bundle.add_pdf(name, pdf, about + f"(version {version.number}, the stored copy).")


def _messages(messages, people: People) -> list[dict]:
    return [plain(message, people) for message in messages.order_by("due_at", "pk")]


def _review_days(invitations, bookings, people: People) -> dict:
    return {
        "invitations": [
            plain(invitation, people) | {"review_day": str(invitation.review_day)}
            for invitation in invitations.select_related("review_day")
        ],
        "bookings": [
            plain(booking, people) | {"review_day": str(booking.review_day), "slot": str(booking.slot)}
            for booking in bookings.select_related("review_day", "slot__staff")
        ],
    }


def _access_log(entries, people: People) -> list[dict]:
    return [plain(entry, people) for entry in entries.order_by("at", "pk")]


def pupil_export(pupil: Pupil, made_by) -> bytes:
    """Everything held about one pupil. Their parents appear by name and relationship only: each parent's contact
    details are theirs, in a parent's own export."""
    people = People()
    bundle = Bundle(subject=pupil.full_name, made_by=made_by.get_full_name())
    _add_pupil_record(bundle, pupil, people)
    _add_pupil_meetings(bundle, pupil, people)
    _add_pupil_pdfs(bundle, pupil)
    return bundle.zip()


def _add_pupil_record(bundle: Bundle, pupil: Pupil, people: People) -> None:
    """The pupil's details, their history, profile, targets, provision and professionals."""
    links = pupil.parent_links.select_related("parent")
    bundle.add_json(
        "pupil.json",
        plain(pupil, people)
        | {
            "teaching_assistants": [ta.get_full_name() for ta in pupil.teaching_assistants.all()],
            "parents_and_carers": [
                {"name": link.parent.full_name, **plain(link, people, exclude=("pupil", "parent"))} for link in links
            ],
        },
        "The pupil's details: names, date of birth, year and class, SEN status and needs, who works with them, "
        "and their parents and carers.",
    )
    bundle.add_json("history.json", _pupil_history(pupil, people), HISTORY_ABOUT)
    profile = OnePageProfile.objects.filter(pupil=pupil).first()
    bundle.add_json(
        "one-page-profile.json", plain(profile, people) if profile else None, "The one-page profile (blank if none)."
    )
    bundle.add_json(
        "outcomes.json",
        [
            plain(outcome, people) | {"progress_notes": [plain(note, people) for note in outcome.progress_notes.all()]}
            for outcome in pupil.outcomes.prefetch_related("progress_notes")
        ],
        "Targets (outcomes), each with its dated progress notes.",
    )
    bundle.add_json(
        "provision.json", [plain(p, people) for p in pupil.provisions.all()], "Support (provision), past and present."
    )
    bundle.add_json("support-plans.json", _support_plans(pupil, people), SUPPORT_PLANS_ABOUT)
    bundle.add_json(
        "plan-comments.json",
        [plain(comment, people) for comment in PlanComment.objects.filter(plan__pupil=pupil).order_by("written_at")],
        PLAN_COMMENTS_ABOUT,
    )
    bundle.add_json(
        "professionals.json",
        [plain(p, people) for p in pupil.professionals.all()],
        "Outside professionals involved, and when the parents agreed to each referral.",
    )


SUPPORT_PLANS_ABOUT = (
    "Every version of the SEN support plan, drafts too: its words, each outcome with its support and its result at "
    "the review, the support across the plan, and the review that closed each cycle."
)


def _support_plans(pupil: Pupil, people: People) -> list[dict]:
    plans = SupportPlan.objects.filter(pupil=pupil).select_related("review").order_by("number")
    outcomes = PlanOutcome.objects.filter(plan__pupil=pupil).select_related("result").order_by("order", "pk")
    provisions = PlanProvision.objects.filter(plan__pupil=pupil).order_by("pk")
    review_of = {plan.pk: getattr(plan, "review", None) for plan in plans}
    return [
        plain(plan, people)
        | {
            "outcomes": [
                plain(outcome, people)
                | {"result_at_review": plain(outcome.result, people) if hasattr(outcome, "result") else None}
                for outcome in outcomes
                if outcome.plan_id == plan.pk
            ],
            "provision": [plain(provision, people) for provision in provisions if provision.plan_id == plan.pk],
            "review": plain(review_of[plan.pk], people) if review_of[plan.pk] else None,
        }
        for plan in plans
    ]


def _add_pupil_meetings(bundle: Bundle, pupil: Pupil, people: People) -> None:
    """Meetings, their records and action points, what was sent about them, review days, and the access log."""
    meetings = Meeting.objects.filter(pupil=pupil).order_by("starts_at", "pk")
    records = MeetingRecord.objects.filter(meeting__pupil=pupil)
    bundle.add_json(
        "meetings.json",
        [
            plain(meeting, people)
            | {"invitees": [plain(i, people) | {"name": i.display_name} for i in meeting.invitees.all()]}
            for meeting in meetings.select_related("pupil").prefetch_related("invitees__user", "invitees__parent")
        ],
        "Meetings with the family, including cancelled and rearranged ones, each with who was invited and whether "
        "they came.",
    )
    bundle.add_json(
        "meeting-records.json",
        [
            plain(record, people)
            | {
                "outcome_reviews": [plain(review, people) for review in record.outcome_reviews.all()],
                "versions": [plain(version, people) for version in record.versions.order_by("number")],
            }
            for record in records.prefetch_related("outcome_reviews", "versions")
        ],
        "The records of the meetings, and every finalised version of each (a version never changes once made).",
    )
    bundle.add_json(
        "action-points.json",
        [plain(action, people) for action in ActionPoint.objects.filter(meeting__pupil=pupil)],
        "Action points agreed at the meetings: who does what by when.",
    )
    invited = Q(review_day__invitations__pupil=pupil, parent__pupil_links__pupil=pupil)
    bundle.add_json(
        "messages.json",
        _messages(
            Message.objects.filter(
                Q(meeting__pupil=pupil) | invited | Q(sen_letter__pupil=pupil) | Q(support_plan__pupil=pupil)
            ).distinct(),
            people,
        ),
        "Notices, reminders and invitations sent (or planned) about the pupil's meetings, letters telling the "
        "parents that the pupil's SEN support started, changed or ended, and the plan sent to them before each "
        "review, to parents and to staff, with their words as sent.",
    )
    bundle.add_json(
        "review-days.json",
        _review_days(Invitation.objects.filter(pupil=pupil), Booking.objects.filter(pupil=pupil), people),
        "Invitations to review days and the appointments booked.",
    )
    bundle.add_json(
        "replies.json",
        [plain(reply, people) for reply in replies_about(pupil)],
        REPLIES_ABOUT,
    )
    bundle.add_json(
        "access-log.json",
        _access_log(AccessLogEntry.objects.about_pupil(pupil), people),
        ACCESS_LOG_ABOUT,
    )


def _add_pupil_pdfs(bundle: Bundle, pupil: Pupil) -> None:
    """The profile and every record version drawn now, and the stored copies the parents were given."""
    versions = RecordVersion.objects.filter(record__meeting__pupil=pupil).select_related("record__meeting__pupil")
    versions = versions.order_by("record__meeting__starts_at", "number")
    large_print = family_needs_large_print(pupil)
    bundle.add_pdf(
        "pdfs/one-page-profile.pdf",
        profile_pdf(pupil, large_print=large_print),
        "The one-page profile as a PDF, as it is today.",
    )
    for version in versions:
        bundle.add_pdf(
            _version_pdf_name(version, "pdfs/records"),
            record_pdf(version, large_print=large_print),
            f"Version {version.number} of the record of the meeting on {_meeting_day(version)}.",
        )
    _shared_pdfs(bundle, versions.filter(shared_at__isnull=False))


def _pupil_history(pupil: Pupil, people: People) -> list[dict]:
    outcome_ids = Outcome.history.filter(pupil_id=pupil.pk).values("id")
    meeting_ids = Meeting.history.filter(pupil_id=pupil.pk).values("id")
    record_ids = MeetingRecord.history.filter(meeting_id__in=meeting_ids).values("id")
    plan_ids = SupportPlan.history.filter(pupil_id=pupil.pk).values("id")
    review_ids = PlanReview.history.filter(plan_id__in=plan_ids).values("id")
    sources = [
        ("Pupil details", Pupil.history.filter(id=pupil.pk)),
        ("One-page profile", OnePageProfile.history.filter(pupil_id=pupil.pk)),
        ("Target", Outcome.history.filter(pupil_id=pupil.pk)),
        ("Progress note", ProgressNote.history.filter(outcome_id__in=outcome_ids)),
        ("Provision", Provision.history.filter(pupil_id=pupil.pk)),
        ("SEN support plan", SupportPlan.history.filter(pupil_id=pupil.pk)),
        ("Outcome in a plan", PlanOutcome.history.filter(plan_id__in=plan_ids)),
        ("Provision in a plan", PlanProvision.history.filter(plan_id__in=plan_ids)),
        ("Review of a plan", PlanReview.history.filter(plan_id__in=plan_ids)),
        ("Outcome reviewed", OutcomeResult.history.filter(review_id__in=review_ids)),
        ("Professional involved", ProfessionalInvolvement.history.filter(pupil_id=pupil.pk)),
        ("Parent or carer link", PupilParent.history.filter(pupil_id=pupil.pk)),
        ("Meeting", Meeting.history.filter(pupil_id=pupil.pk)),
        ("Person invited to a meeting", Invitee.history.filter(meeting_id__in=meeting_ids)),
        ("Meeting record", MeetingRecord.history.filter(meeting_id__in=meeting_ids)),
        ("Target reviewed at a meeting", OutcomeReview.history.filter(record_id__in=record_ids)),
        ("Action point", ActionPoint.history.filter(meeting_id__in=meeting_ids)),
        ("Reply from the family", Reply.history.filter(meeting_id__in=meeting_ids)),
        ("The family's comment on a plan", PlanComment.history.filter(plan_id__in=plan_ids)),
    ]
    return [entry for label, records in sources for entry in history(label, records, people)]


def parent_export(parent: ParentCarer, made_by) -> bytes:
    """Everything held about one parent or carer: their details and needs, their links to their children, what
    was sent to them, the meetings they were invited to, their action points and bookings, and the records
    shared with them."""
    people = People()
    bundle = Bundle(subject=parent.full_name, made_by=made_by.get_full_name())
    links = parent.pupil_links.select_related("pupil")
    children = Pupil.objects.filter(parent_links__parent=parent)
    bundle.add_json(
        "parent.json",
        plain(parent, people)
        | {
            "access_needs": parent.access_needs(),
            "children": [
                {"name": link.pupil.full_name, **plain(link, people, exclude=("pupil", "parent"))} for link in links
            ],
        },
        "Your contact details, how and when you like to be contacted, what helps you take part (such as an "
        "interpreter or large print), and your links to your children.",
    )
    bundle.add_json(
        "history.json",
        history("Parent or carer details", ParentCarer.history.filter(id=parent.pk), people)
        + history("Link to a child", PupilParent.history.filter(parent_id=parent.pk), people)
        + history("Your reply", Reply.history.filter(parent_id=parent.pk), people)
        + history("Your comment on a plan", PlanComment.history.filter(parent_id=parent.pk), people),
        HISTORY_ABOUT,
    )
    bundle.add_json(
        "messages.json",
        _messages(Message.objects.filter(parent=parent), people),
        "Every notice, reminder and invitation sent (or planned) to you, with its words as sent.",
    )
    bundle.add_json(
        "replies.json",
        [plain(reply, people) for reply in Reply.objects.filter(parent=parent)],
        "Your replies through the link in your notices: whether you could come, the times that suited you, and "
        "what you wrote for the meetings.",
    )
    bundle.add_json(
        "plan-comments.json",
        [plain(comment, people) for comment in PlanComment.objects.filter(parent=parent).order_by("written_at")],
        "What you told us about your child's SEN support plan before each review: what was going well, what worried "
        "you, what you would like changed (history.json has every earlier wording).",
    )
    invitations = Invitee.objects.filter(parent=parent).select_related("meeting__pupil")
    bundle.add_json(
        "meetings.json",
        [
            plain(invitation.meeting, people)
            | {"pupil": invitation.meeting.pupil.full_name, "your_invitation": plain(invitation, people)}
            for invitation in invitations.order_by("meeting__starts_at")
        ],
        "The meetings you were invited to, and whether you came.",
    )
    bundle.add_json(
        "action-points.json",
        [plain(action, people) for action in ActionPoint.objects.filter(owner_parent=parent)],
        "Action points agreed at meetings for you to do.",
    )
    bundle.add_json(
        "review-days.json",
        _review_days(Invitation.objects.filter(pupil__in=children), Booking.objects.filter(pupil__in=children), people),
        "Your children's invitations to review days and the appointments booked.",
    )
    entries = AccessLogEntry.objects.about_parent(parent)
    bundle.add_json("access-log.json", _access_log(entries, people), ACCESS_LOG_ABOUT)
    shared_with_parent = Q(record__meeting__in=invitations.values("meeting")) | Q(
        record__meeting__pupil__parent_links__parent=parent,
        record__meeting__pupil__parent_links__has_parental_responsibility=True,
    )
    shared = RecordVersion.objects.filter(shared_with_parent, shared_at__isnull=False).distinct()
    _shared_pdfs(bundle, shared.order_by("record__meeting__starts_at", "number"), render_unstored=True)
    return bundle.zip()
