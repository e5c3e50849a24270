"""The partnership audit (seed 004): how well the school works with parents, in three sections of questions.

The guide's questions are the school's content, loaded as data (`audits/content/partnership_audit.json`, by a data
migration); schools add their own and hide ones that do not apply. An audit asks groups (staff, governors, parents,
a critical friend) about the questions in its scope; the SENCO agrees one position per question; the points for
action become actions with owners and dates; a re-audit starts from the last one and shows what changed.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q
from django.utils import timezone

from common import when
from common.text import GUIDANCE, PARAGRAPHS, RECORD_SECTION, long_text_field, one_line_field
from notices.models import StaffReminder


class AuditSection(models.Model):
    key = models.SlugField(unique=True)
    number = models.PositiveSmallIntegerField(unique=True)
    title = one_line_field(max_length=100)
    introduction = long_text_field(max_length=GUIDANCE, blank=True)
    closing = long_text_field(
        max_length=GUIDANCE, blank=True, help_text="The guide's last word on the section, e.g. 'ask a parent!!'."
    )

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.title


class AuditQuestionQuerySet(models.QuerySet):
    def in_use(self) -> "AuditQuestionQuerySet":
        return self.filter(is_hidden=False)


class AuditQuestion(models.Model):
    """One question of the guide (or the school's own), with the guide's prompts and guidance beside it."""

    section = models.ForeignKey(AuditSection, on_delete=models.PROTECT, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = long_text_field(max_length=PARAGRAPHS)
    prompts = models.JSONField(default=list, blank=True, help_text="Things to consider, one per item.")
    parents_say = models.JSONField(default=list, blank=True)
    practice_examples = models.JSONField(default=list, blank=True)
    sheet_prompt = long_text_field(max_length=PARAGRAPHS, blank=True, help_text="The key prompts on the audit sheet.")
    parent_wording = one_line_field(
        "for parents", max_length=250, blank=True, help_text="The question in plain words, for the parents' survey."
    )
    is_hidden = models.BooleanField("does not apply to our school", default=False)
    added_by_school = models.BooleanField(default=False)

    objects = AuditQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["section__number", "number"]
        constraints = [models.UniqueConstraint(fields=["section", "number"], name="auditquestion_unique_number")]

    def __str__(self) -> str:
        return f"{self.reference} {self.text}"

    def save(self, *args, **kwargs):
        if not self.number:
            last = AuditQuestion.objects.filter(section_id=self.section_id).aggregate(last=Max("number"))["last"]
            self.number = (last or 0) + 1
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        """How the guide names it: 'C4' is Communication question 4."""
        return f"{self.section.title[0]}{self.number}"


class RespondentGroup(models.TextChoices):
    """Who was asked: the guide asks the whole school community, and a parent."""

    WHOLE_STAFF = "whole_staff", "Whole staff"
    SEN_TEAM = "sen_team", "SENCO and SEN team"
    OFFICE = "office", "Office staff"
    MIDDAY = "midday", "Midday supervisors"
    GOVERNORS = "governors", "Governors"
    PARENTS = "parents", "Parents"
    CRITICAL_FRIEND = "critical_friend", "Critical friend"


class Rating(models.TextChoices):
    IN_PLACE = "in_place", "In place"
    PARTLY = "partly", "Partly in place"
    NOT_YET = "not_yet", "Not yet"


# For comparing audits: a rating as a number, higher is better.
RATING_SCORE = {Rating.IN_PLACE: 2, Rating.PARTLY: 1, Rating.NOT_YET: 0}


class Scope(models.TextChoices):
    FULL = "full", "Full audit: every question"
    SECTIONS = "sections", "Chosen sections"
    QUESTIONS = "questions", "Chosen questions"


class Audit(models.Model):
    title = one_line_field(max_length=200)
    held_on = models.DateField("date", default=timezone.localdate)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.FULL)
    sections = models.ManyToManyField(AuditSection, blank=True, related_name="+")
    questions = models.ManyToManyField(AuditQuestion, blank=True, related_name="+")
    groups = models.JSONField(default=list, help_text="The RespondentGroup values asked.")
    review_on = models.DateField("review date", help_text="When the school looks at this again.")
    started_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="re_audits",
        help_text="The earlier audit this one repeats, to compare with.",
    )  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({when.date(self.held_on)})"

    def clean(self):
        unknown = set(self.groups) - set(RespondentGroup.values)
        if unknown:
            raise ValidationError({"groups": f"Unknown group: {', '.join(sorted(unknown))}."})
        if self.review_on and self.held_on and self.review_on <= self.held_on:
            raise ValidationError({"review_on": "The review date must be after the audit."})

    def questions_in_scope(self) -> models.QuerySet[AuditQuestion]:
        """The questions this audit asks, in the guide's order. Hidden questions are left out of a full audit but
        stay in one that chose them by name."""
        questions = AuditQuestion.objects.select_related("section")
        if self.scope == Scope.FULL:
            return questions.in_use()
        if self.scope == Scope.SECTIONS:
            return questions.in_use().filter(section__in=self.sections.all())
        return questions.filter(pk__in=self.questions.all())

    def get_groups_display(self) -> list[str]:
        return [RespondentGroup(group).label for group in self.groups if group in RespondentGroup.values]


class AuditResponse(models.Model):
    """What one group (or one person in it) said about one question: the two columns of the audit sheet."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="responses")
    group = models.CharField(max_length=20, choices=RespondentGroup.choices)
    respondent = one_line_field(
        max_length=100, blank=True, help_text="Leave blank for the group's shared answer; or a name or role."
    )
    current_practice = long_text_field(max_length=RECORD_SECTION, blank=True)
    points_for_action = long_text_field(max_length=RECORD_SECTION, blank=True)
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__section__number", "question__number", "group", "respondent"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "question", "group", "respondent"], name="auditresponse_one_per_respondent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} on {self.question.reference}"


class AgreedPosition(models.Model):
    """The SENCO's consolidation: the school's agreed Current Practice and Points for Action for one question."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="agreed")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="+")
    current_practice = long_text_field(max_length=RECORD_SECTION, blank=True)
    points_for_action = long_text_field(max_length=RECORD_SECTION, blank=True)
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "question"], name="agreedposition_one_per_question")]

    def __str__(self) -> str:
        return f"Agreed position on {self.question.reference}"

    @property
    def score(self) -> int | None:
        return RATING_SCORE.get(self.rating)


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class AuditActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "No longer needed"


class AuditActionQuerySet(models.QuerySet):
    def open(self) -> "AuditActionQuerySet":
        return self.filter(status__in=(AuditActionStatus.OPEN, AuditActionStatus.IN_PROGRESS))


class AuditAction(models.Model):
    """A point for action, taken into the school improvement plan: who, by when, how urgent, how far."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="actions")
    question = models.ForeignKey(AuditQuestion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    description = long_text_field("what we will do", max_length=PARAGRAPHS)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_actions")
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    due_on = models.DateField("by when")
    status = models.CharField(max_length=12, choices=AuditActionStatus.choices, default=AuditActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    notes = long_text_field("progress notes", max_length=PARAGRAPHS, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=AuditActionStatus.DONE) | Q(completed_on__isnull=True),
                name="auditaction_completed_only_when_done",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status in (AuditActionStatus.OPEN, AuditActionStatus.IN_PROGRESS) and (
            self.due_on < timezone.localdate()
        )


class ParentAnswerChoice(models.TextChoices):
    YES = "yes", "Yes"
    SOMETIMES = "sometimes", "Sometimes"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"


class ParentQuestionnaire(models.Model):
    """'Ask a parent!!': chosen questions of an audit, in plain words, for parents to answer."""

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="parent_questionnaire")
    questions = models.ManyToManyField(AuditQuestion, related_name="+")
    introduction = long_text_field(
        max_length=GUIDANCE,
        blank=True,
        help_text="A few plain words at the top: why we ask, and that answers can be anonymous.",
    )
    closes_on = models.DateField("answers wanted by")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Parents' questionnaire for {self.audit}"

    @property
    def is_open(self) -> bool:
        return timezone.localdate() <= self.closes_on


class ReplyChannel(models.TextChoices):
    PORTAL = "portal", "In the parents' portal"
    LINK = "link", "Through an emailed link"
    PAPER = "paper", "On paper, typed in by the office"


class QuestionnaireParticipation(models.Model):
    """That a parent has replied (so nobody is asked twice), kept apart from the answers so that an anonymous
    reply cannot be traced back to them."""

    questionnaire = models.ForeignKey(ParentQuestionnaire, on_delete=models.CASCADE, related_name="participations")
    parent = models.ForeignKey("pupils.ParentCarer", on_delete=models.PROTECT, related_name="+")
    replied_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["questionnaire", "parent"], name="participation_one_per_parent")]

    def __str__(self) -> str:
        return f"{self.parent} replied to {self.questionnaire}"


class ParentReply(models.Model):
    """One parent's answers. `parent` is empty when they asked to stay anonymous.

    Random ids, here and on the answers: counting ids would line an anonymous reply up with its participation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(ParentQuestionnaire, on_delete=models.CASCADE, related_name="replies")
    parent = models.ForeignKey("pupils.ParentCarer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=ReplyChannel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The member of staff who typed in a paper reply.",
    )  # fmt: skip
    # A day, not a time: with few replies a day, a time would point to who sent an anonymous one.
    received_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name_plural = "parent replies"

    def __str__(self) -> str:
        return f"Reply to {self.questionnaire}"

    @property
    def is_anonymous(self) -> bool:
        return self.parent_id is None


class ParentAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reply = models.ForeignKey(ParentReply, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=10, choices=ParentAnswerChoice.choices, blank=True)
    comment = long_text_field(max_length=PARAGRAPHS, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reply", "question"], name="parentanswer_one_per_question")]

    def __str__(self) -> str:
        return f"{self.get_answer_display() or 'No answer'} to {self.question.reference}"


class QuestionnaireLink(models.Model):
    """A one-time link to the questionnaire for a parent without a portal account. Only a hash of the token is kept."""

    questionnaire = models.ForeignKey(ParentQuestionnaire, on_delete=models.CASCADE, related_name="links")
    parent = models.ForeignKey("pupils.ParentCarer", on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Questionnaire link for {self.parent}"


class ReminderKind(models.TextChoices):
    ACTION_DUE = "action_due", "An audit action is due soon"
    REVIEW_DUE = "review_due", "The audit's review date is near"


class AuditReminder(StaffReminder):
    """A reminder to the SENCO (or an action's owner), as a row: beat scans for due rows and each is claimed with
    a conditional UPDATE before it is sent, so it goes once however often the broker delivers the task."""

    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="reminders")
    action = models.ForeignKey(AuditAction, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["status", "due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "audit", "action", "recipient", "due_at"], name="auditreminder_once"
            ),
            models.CheckConstraint(
                condition=Q(kind=ReminderKind.REVIEW_DUE) | Q(action__isnull=False), name="auditreminder_action_has_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
