from datetime import date, timedelta
from functools import cached_property
from urllib.parse import urlsplit
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from simple_history.models import HistoricalRecords

from common import when
from common.text import PARAGRAPHS, RECORD_SECTION, SENTENCES, long_text_field, one_line_field
from pupils.models import Outcome, OutcomeStatus, ParentCarer, ProgressNote, Pupil, about_pupils_seen_by
from support_plans.models import PlanOutcome


class MeetingType(models.TextChoices):
    SEN_REVIEW = "sen_review", "SEN support review"
    REVIEW_DAY = "review_day", "Review day meeting"
    ANNUAL_REVIEW = "annual_review", "EHC plan annual review"
    PARENTS_EVENING = "parents_evening", "Parents' evening"
    WEEKLY_SLOT = "weekly_slot", "Weekly appointment"
    JOINED = "joined", "Joined to another appointment"
    HOME_VISIT = "home_visit", "Home visit"
    INFORMAL = "informal", "Informal or drop-in"
    TELEPHONE = "telephone", "Telephone"


# Defaults a school can change in the admin site (MeetingTypeSetting): minutes, and whether it counts
# towards the three meetings a year (SEND Code of Practice 6.65).
MEETING_TYPE_DEFAULTS = {
    MeetingType.SEN_REVIEW: (45, True),
    MeetingType.REVIEW_DAY: (20, True),
    MeetingType.ANNUAL_REVIEW: (60, True),
    MeetingType.PARENTS_EVENING: (10, True),
    MeetingType.WEEKLY_SLOT: (20, True),
    MeetingType.JOINED: (30, True),
    MeetingType.HOME_VISIT: (45, True),
    MeetingType.INFORMAL: (15, False),
    MeetingType.TELEPHONE: (20, False),
}


class MeetingTypeSetting(models.Model):
    """The school's choice, per type of meeting, of its usual length and whether it counts towards three a year."""

    meeting_type = models.CharField(max_length=20, choices=MeetingType.choices, unique=True)
    default_minutes = models.PositiveSmallIntegerField()
    counts_towards_three = models.BooleanField(
        "counts towards the three meetings a year",
        help_text="SEN support families should meet the school at least three times a year (Code of Practice 6.65).",
    )

    class Meta:
        ordering = ["meeting_type"]
        verbose_name = "meeting type setting"

    def __str__(self) -> str:
        return self.get_meeting_type_display()


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    HELD = "held", "Held"
    DID_NOT_ATTEND = "dna", "Parent did not attend"
    CANCELLED = "cancelled", "Cancelled"
    REARRANGED = "rearranged", "Rearranged"


BOOKED_STATUSES = (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED)

# Where the school's portal lives only on a developer's machine, calendar identities name the software instead.
LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1", "testserver"}


def new_calendar_uid() -> str:
    """A new meeting's identity in families' calendars: a random UUID, so no meeting at any school ever shares it
    (a meeting's number does not do: every school has a meeting 1), at the portal's host (RFC 5545 3.8.4.7)."""
    host = urlsplit(getattr(settings, "SITE_URL", "")).hostname or ""
    return f"{uuid4()}@{'senco-portal' if host in LOCAL_HOSTS else host}"


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MeetingQuerySet":
        return about_pupils_seen_by(self, user)

    def booked(self) -> "MeetingQuerySet":
        return self.filter(status__in=BOOKED_STATUSES)

    def involving(self, user) -> "MeetingQuerySet":
        """Meetings a member of staff leads, chairs or is invited to. The invitations are a sub-query (read once,
        hashed), not a join: a join needs a DISTINCT over every column of every meeting, which for a busy SENCO's
        hundreds of meetings cost more than the rest of the page."""
        invited = Invitee.objects.filter(user=user).values("meeting_id")
        return self.filter(Q(led_by=user) | Q(chaired_by=user) | Q(pk__in=invited))

    def note_record_shared(self) -> int:
        """Set `record_shared_at` from each meeting's first shared record version, where it is not yet set: for
        versions written in bulk (the demo school, the benchmarks, tests' factories); `records.share` sets it
        for one version as it is shared. Written in bulk, nothing is sent: the record counts as reached the
        parents when shared (`record_delivered_at`)."""
        first_shared = (
            RecordVersion.objects.filter(record__meeting=OuterRef("pk"), shared_at__isnull=False)
            .order_by("shared_at")
            .values("shared_at")[:1]
        )
        return self.filter(record_shared_at__isnull=True).update(
            record_shared_at=Subquery(first_shared), record_delivered_at=Subquery(first_shared)
        )


class Meeting(models.Model):
    """A meeting with a pupil's parents or carers. Never deleted: cancelled and rearranged meetings stay."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="meetings")
    meeting_type = models.CharField(max_length=20, choices=MeetingType.choices, default=MeetingType.SEN_REVIEW)
    starts_at = models.DateTimeField("date and time")
    duration_minutes = models.PositiveSmallIntegerField("how long it lasts (minutes)")
    place = one_line_field(max_length=200, help_text="A private room with adult seating, and how to find it.")
    purpose = long_text_field(max_length=PARAGRAPHS, help_text="In plain words: parents will read this.")
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meetings_led", verbose_name="led by"
    )
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        verbose_name="chaired by",
        help_text="Leave blank if the person leading the meeting chairs it.",
    )
    parent_report_requested = models.BooleanField(
        "parents are asked to bring a report (spoken or written)", default=False
    )
    report_help_offered = models.BooleanField("help to prepare the report was offered", default=False)
    interpreter_language = one_line_field(
        max_length=60, blank=True, help_text="Leave blank if no interpreter is needed."
    )
    childcare_arranged = models.BooleanField("help with childcare arranged", default=False)
    alternative_times_offered = long_text_field(
        max_length=SENTENCES, blank=True, help_text="Other times offered to the parents, one per line."
    )
    invited_on = models.DateField("date the invitation was sent", default=date.today)
    short_notice_reason = long_text_field(
        max_length=SENTENCES, blank=True, help_text="Needed when parents get less than 14 days' notice."
    )
    status = models.CharField(max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PROPOSED)
    cancellation_reason = long_text_field(max_length=SENTENCES, blank=True)
    rearranged_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="rearranged_from"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The meeting's event in families' calendars (the UID of its .ics files). A rearranged meeting takes the one of
    # the meeting it replaces, so the family's calendar moves the one event rather than keeping the old time and
    # adding another (meetings/ics.py).
    calendar_uid = models.CharField(max_length=255, default=new_calendar_uid, editable=False, db_index=True)
    # When the record was first shared with the parents (its first shared version).
    record_shared_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the record first reached every parent (and the young person) it was shared with: each was emailed it, or
    # their letter was printed (documents/deliveries.py). Kept here so that the records still owed to parents are
    # found through a small index, however many years of meetings the school has (dashboard.py: overdue_records).
    record_delivered_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["pupil", "status", "starts_at"]),
            # By time, carrying what the dashboard's families' lines read of each meeting (`dashboard.family_lines`):
            # this year's meetings are read from the index alone, not from rows scattered over three years' pages.
            models.Index(
                fields=["starts_at"], include=["pupil", "meeting_type", "status", "id"], name="meeting_by_start"
            ),
            # Each pupil's annual reviews, a few among many meetings (`dashboard.annual_reviews_due`).
            models.Index(
                fields=["pupil", "starts_at"],
                include=["status"],
                condition=Q(meeting_type=MeetingType.ANNUAL_REVIEW),
                name="meeting_annual_reviews",
            ),
            # The few meetings moved to another time, by the calendar event they share with the meeting as it stands
            # (`replies.summaries.waiting`: was the family told of the meeting at an earlier time?).
            models.Index(
                fields=["calendar_uid"], condition=Q(status=MeetingStatus.REARRANGED), name="meeting_rearranged"
            ),
            models.Index(
                fields=["starts_at"],
                condition=Q(status=MeetingStatus.HELD, record_delivered_at__isnull=True),
                name="meeting_record_not_delivered",
            ),
            # The meetings still booked, by time: a few hundred of a school's many thousand, read from the index alone
            # for the dashboard's replies (`replies.summaries.waiting`) and the lists of meetings to come.
            models.Index(
                fields=["starts_at"],
                include=["id", "pupil", "calendar_uid"],
                condition=Q(status__in=BOOKED_STATUSES),
                name="meeting_booked_by_start",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gte=5), name="meeting_lasts_at_least_5_minutes"),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.CANCELLED) | ~Q(cancellation_reason=""),
                name="meeting_cancellation_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.REARRANGED) | Q(rearranged_to__isnull=False),
                name="meeting_rearranged_links_new_meeting",
            ),
            models.CheckConstraint(condition=~Q(rearranged_to=F("pk")), name="meeting_not_rearranged_to_itself"),
            # One calendar event is one meeting as it stands: the meetings it was rearranged from share it, closed.
            models.UniqueConstraint(
                fields=["calendar_uid"],
                condition=~Q(status=MeetingStatus.REARRANGED),
                name="meeting_calendar_uid_one_meeting_as_it_stands",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_meeting_type_display()} for {self.pupil}, {when.date(self.starts_at, short=True)}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def meeting_date(self) -> date:
        return timezone.localtime(self.starts_at).date()

    @cached_property
    def people_invited(self) -> list["Invitee"]:
        """Everyone invited, with their account or parent record, read once for this copy of the meeting: a notice
        and its calendar file both list who will be there."""
        return list(self.invitees.select_related("user", "parent"))

    @property
    def chair(self):
        return self.chaired_by or self.led_by

    @cached_property
    def notice_given(self):
        """The notice each family invited had, counted from when they were actually told
        (`meetings.notice_period`); for a list, `notice_period.with_notice_given` reads every meeting's at once."""
        from .notice_period import notice_given

        return notice_given(self)

    @cached_property
    def parents_told(self) -> frozenset[int]:
        """The parents (their ids) a notice or change notice about the meeting reached, at any time it had: read with
        `notice_given`, in its query."""
        from .notice_period import parents_told

        return parents_told(self)

    @property
    def notice_days(self) -> int:
        """The least notice any family had of the meeting, in days."""
        return self.notice_given.days

    @property
    def is_short_notice(self) -> bool:
        return self.notice_given.is_short

    @property
    def is_booked(self) -> bool:
        return self.status in BOOKED_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in (MeetingStatus.CANCELLED, MeetingStatus.REARRANGED)

    @property
    def as_now_arranged(self) -> "Meeting":
        """Where a rearranged meeting went in the end (it may be moved more than once); any other meeting itself."""
        meeting, seen = self, {self.pk}
        while meeting.rearranged_to_id and meeting.rearranged_to_id not in seen:
            meeting = meeting.rearranged_to
            seen.add(meeting.pk)
        return meeting

    def clean(self):
        errors = {}
        if self.starts_at and self.invited_on:
            # The notice as the form gives it (the invitation date typed, or today); what was sent counts afterwards.
            from .compliance import is_short_notice, notice_days

            if is_short_notice(self.invited_on, self.meeting_date) and not self.short_notice_reason.strip():
                errors["short_notice_reason"] = (
                    f"This gives the family {notice_days(self.invited_on, self.meeting_date)} days' notice, less "
                    "than the 14 we promise. Say why it cannot wait."
                )
        if self.starts_at and self.meeting_date.weekday() >= 5 and self.meeting_type != MeetingType.HOME_VISIT:
            errors["starts_at"] = "That is a weekend, when school is closed: choose a weekday."
        if self.starts_at and self.invited_on and self.invited_on > self.meeting_date:
            errors["invited_on"] = "The invitation must be sent before the meeting."
        if errors:
            raise ValidationError(errors)


class InviteeKind(models.TextChoices):
    STAFF = "staff", "Staff"
    PARENT = "parent", "Parent or carer"
    PUPIL = "pupil", "Pupil"
    PROFESSIONAL = "professional", "Outside professional"
    INTERPRETER = "interpreter", "Interpreter"
    OTHER = "other", "Other"


class Attendance(models.TextChoices):
    EXPECTED = "expected", "Expected"
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not come"


class Invitee(models.Model):
    """Someone invited to a meeting, with their role, and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    kind = models.CharField(max_length=15, choices=InviteeKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    parent = models.ForeignKey(ParentCarer, null=True, blank=True, on_delete=models.PROTECT)
    name = one_line_field(max_length=150, blank=True, help_text="For people without an account here.")
    role = one_line_field(max_length=150, help_text="Their role at the meeting, e.g. 'Class teacher'.")
    attendance = models.CharField(max_length=10, choices=Attendance.choices, default=Attendance.EXPECTED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=InviteeKind.STAFF) | Q(user__isnull=False), name="invitee_staff_has_user"
            ),
            models.CheckConstraint(
                condition=~Q(kind=InviteeKind.PARENT) | Q(parent__isnull=False), name="invitee_parent_has_parent"
            ),
            models.UniqueConstraint(fields=["meeting", "user"], name="invitee_user_once_per_meeting"),
            models.UniqueConstraint(fields=["meeting", "parent"], name="invitee_parent_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.role})"

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name()
        if self.parent_id:
            return self.parent.full_name
        if self.kind == InviteeKind.PUPIL and not self.name:
            return self.meeting.pupil.full_name
        return self.name


class RecordStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINALISED = "finalised", "Finalised"


class MeetingRecord(models.Model):
    """The working record of a meeting, written through the four stages of the structured conversation.

    Finalising it takes a locked copy (a RecordVersion); amending it later makes a new version with a reason.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="record")
    # Explore
    parent_views = long_text_field("what the parents told us", max_length=RECORD_SECTION, blank=True)
    pupil_views = long_text_field("what the pupil told us", max_length=RECORD_SECTION, blank=True)
    staff_views = long_text_field("what staff told us", max_length=RECORD_SECTION, blank=True)
    # Focus
    main_issue = long_text_field("the main issue, as agreed with the parents", max_length=RECORD_SECTION, blank=True)
    # Plan (outcomes reviewed and action points are rows of their own)
    support_agreed = long_text_field("support agreed", max_length=RECORD_SECTION, blank=True)
    # Review
    summary = long_text_field("summary agreed at the close", max_length=RECORD_SECTION, blank=True)
    next_meeting_on = models.DateField("next meeting date", null=True, blank=True)
    follow_up_offered = models.BooleanField(
        "a follow-up appointment was offered", default=False, help_text="Important after new or distressing news."
    )
    status = models.CharField(max_length=10, choices=RecordStatus.choices, default=RecordStatus.DRAFT)
    pending_amendment_reason = long_text_field(max_length=SENTENCES, blank=True)
    next_meeting = models.OneToOneField(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposed_by_record"
    )
    # Review: services outside school the family was pointed to; a version copies their details when finalised.
    signposts = models.ManyToManyField(
        "services.SupportService", blank=True, related_name="signposted_in", verbose_name="help outside school"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Record of {self.meeting}"

    @property
    def is_locked(self) -> bool:
        return self.status == RecordStatus.FINALISED

    @property
    def due_on(self) -> date:
        from .compliance import record_due_on

        return record_due_on(self.meeting.meeting_date)


class RecordVersion(models.Model):
    """A finalised, unchangeable copy of a meeting record: what the parents were (or will be) given."""

    record = models.ForeignKey(MeetingRecord, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    amendment_reason = long_text_field(max_length=SENTENCES, blank=True)
    finalised_at = models.DateTimeField(default=timezone.now)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["record", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["record", "number"], name="recordversion_unique_number"),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(amendment_reason=""), name="recordversion_amendment_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(shared_at__isnull=True) | Q(shared_by__isnull=False), name="recordversion_shared_by_someone"
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.record}"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class OutcomeReview(models.Model):
    """In the Plan stage: an outcome of the pupil's current SEN support plan reviewed at the meeting, with the
    progress agreed. Records written before plans review the pupil's targets (pupils.Outcome) instead, and keep
    them: each row names one or the other."""

    record = models.ForeignKey(MeetingRecord, on_delete=models.CASCADE, related_name="outcome_reviews")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews")
    plan_outcome = models.ForeignKey(
        PlanOutcome, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_reviews"
    )
    is_new = models.BooleanField("set at this meeting", default=False)
    progress = long_text_field("progress", max_length=PARAGRAPHS, blank=True)
    status_after = models.CharField(
        "status after the meeting", max_length=15, choices=OutcomeStatus.choices, default=OutcomeStatus.IN_PROGRESS
    )
    # The progress note this review wrote on the target when the record was finalised.
    progress_note = models.OneToOneField(
        ProgressNote, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["record", "outcome"], name="outcomereview_once_per_record"),
            models.UniqueConstraint(fields=["record", "plan_outcome"], name="outcomereview_plan_outcome_once"),
            models.CheckConstraint(
                condition=Q(outcome__isnull=True, plan_outcome__isnull=False)
                | Q(outcome__isnull=False, plan_outcome__isnull=True),
                name="outcomereview_names_one_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.reviewed}"

    @property
    def reviewed(self) -> "Outcome | PlanOutcome":
        """The plan's outcome reviewed, or the target (before plans)."""
        return self.plan_outcome or self.outcome


class ActionOwner(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    PUPIL = "pupil", "Pupil"
    SCHOOL = "school", "School"


class ActionStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    DROPPED = "dropped", "No longer needed"


class ActionPointQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ActionPointQuerySet":
        return about_pupils_seen_by(self, user, "meeting__pupil")

    def open(self) -> "ActionPointQuerySet":
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today: date | None = None) -> "ActionPointQuerySet":
        return self.open().filter(due_on__lt=today or timezone.localdate())


class ActionPoint(models.Model):
    """Who does what by when, agreed at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_points")
    description = long_text_field("what will be done", max_length=SENTENCES)
    owner = models.CharField("who does it", max_length=10, choices=ActionOwner.choices)
    owner_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_points",
        verbose_name="named member of staff",
    )
    owner_parent = models.ForeignKey(
        ParentCarer, null=True, blank=True, on_delete=models.PROTECT, verbose_name="which parent or carer"
    )
    due_on = models.DateField("by when")
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)

    objects = ActionPointQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        # Open actions are a small share of all the years' actions: the lists of open and overdue ones read this.
        indexes = [
            models.Index(fields=["due_on", "id"], condition=Q(status=ActionStatus.OPEN), name="actionpoint_open_by_due")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(owner=ActionOwner.SCHOOL) | Q(owner_staff__isnull=False),
                name="actionpoint_school_action_names_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def owner_name(self) -> str:
        if self.owner == ActionOwner.SCHOOL and self.owner_staff_id:
            return self.owner_staff.get_full_name()
        if self.owner == ActionOwner.PARENT and self.owner_parent_id:
            return self.owner_parent.full_name
        if self.owner == ActionOwner.PUPIL:
            return self.meeting.pupil.first_name
        return self.get_owner_display()

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < timezone.localdate()

    def clean(self):
        if self.owner == ActionOwner.SCHOOL and not self.owner_staff_id:
            raise ValidationError({"owner_staff": "Name the member of staff who will do this."})
