"""A pupil's SEN support plan: assess, plan, do, review (SEND Code of Practice 6.44-6.56).

Each cycle of the plan is a version of its own (`SupportPlan`): written as a draft, finalised (locked, like a meeting
record), reviewed at the end of its cycle (`PlanReview`, with a result for every outcome), and followed by the next
version, which starts as a copy of it. A pupil has at most one draft and one finalised (current) plan at a time;
earlier versions stay readable as superseded. What happens between the states lives in `support_plans/cycle.py`.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from common import when
from common.text import PARAGRAPHS, SENTENCES, long_text_field, one_line_field
from provision.models import InterventionGroup, Wave
from pupils.models import Outcome, OutcomeStatus, Provision, ProvisionSetting, Pupil, about_pupils_seen_by

NO_MEASURE = "An outcome needs a measure of success: say what it will look like when the pupil has got there."
LOCKED = "Finalised plans cannot be edited, only superseded: start a new version to make changes."


class PlanLocked(Exception):
    """A finalised (or superseded) plan, its outcomes, provision and review stay as they were agreed."""

    def __init__(self, message: str = LOCKED):
        super().__init__(message)
        self.message = message


# The plan's own words, in the order a family reads them (pages, the PDF, new versions copy them).
PLAN_WORDS = ("aspirations", "needs", "child_views", "parent_views", "barriers", "feedback_arrangements")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINALISED = "finalised", "Current plan"
    SUPERSEDED = "superseded", "Replaced by a later version"


class SupportPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SupportPlanQuerySet":
        """Plans of the pupils `user` may see (`Pupil.objects.visible_to`); which roles may read them at all is
        the actions table's business (`plans.view`)."""
        return about_pupils_seen_by(self, user)

    def drafts(self) -> "SupportPlanQuerySet":
        return self.filter(status=PlanStatus.DRAFT)

    def current(self) -> "SupportPlanQuerySet":
        """The finalised plan of each pupil: the one in force."""
        return self.filter(status=PlanStatus.FINALISED)


class SupportPlan(models.Model):
    """One version (one assess-plan-do-review cycle) of a pupil's SEN support plan."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="support_plans")
    number = models.PositiveSmallIntegerField("version", editable=False)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT, editable=False)
    starts_on = models.DateField("the plan starts on")
    review_on = models.DateField("review date", help_text="When we will look again at how it is going, together.")
    aspirations = long_text_field(
        "what the pupil and the family hope for",
        max_length=PARAGRAPHS,
        blank=True,
        help_text="Their hopes for the future, in their own words where possible.",
    )
    needs = long_text_field(
        "the pupil's needs", max_length=PARAGRAPHS, blank=True, help_text="In plain words a parent would use."
    )
    child_views = long_text_field("what the pupil told us", max_length=PARAGRAPHS, blank=True)
    parent_views = long_text_field("what the parents or carers told us", max_length=PARAGRAPHS, blank=True)
    barriers = long_text_field(
        "what might get in the way", max_length=PARAGRAPHS, blank=True, help_text="And what we will do about it."
    )
    feedback_arrangements = long_text_field(
        "how and when we will tell you about progress",
        max_length=SENTENCES,
        blank=True,
        help_text="For example 'a phone call from the class teacher every half term, and the review meeting'.",
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_by",
        editable=False,
        verbose_name="the version it follows",
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finalised_at = models.DateTimeField(null=True, blank=True, editable=False)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SupportPlanQuerySet.as_manager()
    history = HistoricalRecords()

    # What may still change once a plan is finalised: superseding it. Everything the family was given stays.
    LIFE_FIELDS = frozenset({"status", "superseded_at", "updated_at"})

    class Meta:
        ordering = ["pupil", "-number"]
        verbose_name = "SEN support plan"
        constraints = [
            models.UniqueConstraint(fields=["pupil", "number"], name="supportplan_unique_version"),
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(status="draft"), name="supportplan_one_draft_per_pupil"
            ),
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(status="finalised"), name="supportplan_one_current_per_pupil"
            ),
            models.CheckConstraint(condition=Q(review_on__gte=F("starts_on")), name="supportplan_review_after_start"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(finalised_at__isnull=False), name="supportplan_finalised_has_date"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="supportplan_number_from_one"),
        ]

    def __str__(self) -> str:
        return f"SEN support plan {self.number} for {self.pupil}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.stored_status() not in (None, PlanStatus.DRAFT) and (
            update_fields is None or not set(update_fields) <= self.LIFE_FIELDS
        ):
            raise PlanLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_status() != PlanStatus.DRAFT:
            raise PlanLocked()
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_current(self) -> bool:
        return self.status == PlanStatus.FINALISED

    @property
    def is_locked(self) -> bool:
        return self.status != PlanStatus.DRAFT

    @property
    def review_is_overdue(self) -> bool:
        """The current plan's review date has passed and no review is recorded."""
        return (
            self.status == PlanStatus.FINALISED
            and self.review_on < timezone.localdate()
            and not hasattr(self, "review")  # read with the plan where the page selects it
        )

    def stored_status(self) -> str | None:
        """The status in the database (what was agreed), not what this copy in memory says."""
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def clean(self):
        if self.stored_status() not in (None, PlanStatus.DRAFT):
            raise ValidationError(LOCKED)
        if isinstance(self.starts_on, date) and isinstance(self.review_on, date) and self.review_on < self.starts_on:
            raise ValidationError(
                {
                    "review_on": f"The review date must be on or after the day the plan starts "
                    f"({when.date(self.starts_on)})."
                }
            )


class PlanPart(models.Model):
    """Something written into one version of a plan: it changes only while that version is a draft."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.plan_is_draft():
            raise PlanLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not self.plan_is_draft():
            raise PlanLocked()
        return super().delete(*args, **kwargs)

    def plan_is_draft(self) -> bool:
        return SupportPlan.objects.filter(pk=self.plan_id, status=PlanStatus.DRAFT).exists()

    def clean(self):
        if self.plan_id and not self.plan_is_draft():
            raise ValidationError(LOCKED)


class PlanOutcome(PlanPart):
    """An outcome of the plan, SMART: where the pupil starts, what success looks like, by when, how we will know."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="outcomes")
    order = models.PositiveSmallIntegerField(default=0)
    description = long_text_field(
        "outcome", max_length=PARAGRAPHS, help_text="What the pupil will be able to do, in plain words."
    )
    baseline = long_text_field(
        "where the pupil is starting from", max_length=PARAGRAPHS, blank=True, help_text="The starting point."
    )
    success_measure = long_text_field(
        "what success looks like",
        max_length=PARAGRAPHS,
        error_messages={"blank": NO_MEASURE, "null": NO_MEASURE},
        help_text="How we will all know the pupil has got there.",
    )
    by_when = models.DateField("by when")
    measured_how = long_text_field(
        "how we will measure it",
        max_length=SENTENCES,
        blank=True,
        help_text="For example 'a reading test each half term' or 'how often he asks for help, counted for a week'.",
    )
    home_actions = long_text_field(
        "what the family will do at home", max_length=PARAGRAPHS, blank=True, help_text="Small, regular, doable."
    )
    who_helps = one_line_field("who helps at school", max_length=200, blank=True)
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_into",
        editable=False,
        verbose_name="continues the outcome",
    )
    # Plans replaced the pupil's targets (pupils.Outcome): where an outcome came from one, the link and what had
    # become of the target keep its progress notes and meeting reviews in reach (support_plans/migrations/0002).
    former_target = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    status_before_plans = models.CharField(
        "where it stood before plans", max_length=15, choices=OutcomeStatus.choices, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = "outcome in a plan"

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def was_finished_before_plans(self) -> bool:
        return self.status_before_plans not in ("", OutcomeStatus.IN_PROGRESS)

    def clean(self):
        super().clean()
        # Blank is the field's own check; spaces alone are no measure either.
        if self.success_measure and not self.success_measure.strip():
            raise ValidationError({"success_measure": NO_MEASURE})


class PlanProvision(PlanPart):
    """Support the plan puts in place for an outcome (or for the plan as a whole): what, how often, how long, in
    what group, with whom, where."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="provisions")
    outcome = models.ForeignKey(
        PlanOutcome,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="provisions",
        verbose_name="the outcome it serves",
        help_text="Leave blank for support across the whole plan.",
    )
    what = one_line_field("what", max_length=200, help_text="The intervention or support, in plain words.")
    frequency = one_line_field("how often", max_length=100, blank=True, help_text="For example '3 times a week'.")
    minutes = models.PositiveSmallIntegerField("how long each time (minutes)", null=True, blank=True)
    group_size = models.PositiveSmallIntegerField(default=1, help_text="1 means one-to-one.")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_provisions_led",
        verbose_name="member of staff",
    )
    who = one_line_field("who", max_length=200, blank=True, help_text="Someone without an account here, or a role.")
    setting = models.CharField(
        "where", max_length=10, choices=ProvisionSetting.choices, default=ProvisionSetting.IN_CLASS
    )
    wave = models.PositiveSmallIntegerField(choices=Wave.choices, default=Wave.SMALL_GROUP)
    # One of the school's intervention groups the pupil is in (the provision map): the plan then shows the group's
    # timetable as it is now, so a change to the group's sessions shows on every plan that links to it.
    group = models.ForeignKey(
        InterventionGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_provisions",
        verbose_name="intervention group",
        help_text="One of the groups the pupil is in: the plan then shows the group's own timetable.",
    )
    starts_on = models.DateField("from", null=True, blank=True, help_text="Leave blank for the whole plan.")
    ends_on = models.DateField("until", null=True, blank=True)
    former_provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "outcome__order", "pk"]
        verbose_name = "provision in a plan"
        verbose_name_plural = "provision in plans"
        constraints = [
            models.CheckConstraint(condition=Q(group_size__gte=1), name="planprovision_group_size_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="planprovision_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(wave__in=Wave.values), name="planprovision_wave_known"),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1), name="planprovision_minutes_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def follows_group(self) -> bool:
        """Linked to one of the school's groups: how often and for how long come from the group's own timetable."""
        return self.group_id is not None

    def timetable(self) -> list[str]:
        """The group's weekly sessions as they are now ('Monday 9:10, 20 minutes'), read from the group's
        (prefetched) sessions; empty when not linked to a group."""
        if not self.group_id:
            return []
        return [
            f"{session.get_weekday_display()} {when.clock(session.starts_at)}, {session.minutes} minutes"
            for session in self.group.sessions.all()
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.outcome_id and self.plan_id and self.outcome.plan_id != self.plan_id:
            errors["outcome"] = "Choose an outcome of this plan."
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date must be on or after the start date."
        if self.group_id and self.plan_id and not self.group.places.filter(pupil_id=self.plan.pupil_id).exists():
            errors["group"] = f"{self.plan.pupil.first_name} is not in this group: add them to it on the provision map."
        if self.group_size is not None and self.group_size < 1:
            errors["group_size"] = "A group has at least one pupil: 1 means one-to-one."
        if errors:
            raise ValidationError(errors)


class Result(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"
    NO_LONGER_NEEDED = "stopped", "No longer needed"


# Carried into the next version unless the SENCO says otherwise; met (or dropped) outcomes only when chosen.
CARRIED_BY_DEFAULT = (Result.PARTLY_MET, Result.NOT_MET)


class PlanReview(models.Model):
    """The review that closes a plan's cycle: when it was held, by whom, and a result for every outcome. The next
    version is drafted from it (`support_plans/cycle.py`). Recorded once: what was agreed stays."""

    plan = models.OneToOneField(SupportPlan, on_delete=models.CASCADE, related_name="review")
    held_on = models.DateField("review held on")
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="led by"
    )
    notes = long_text_field("what was said at the review", max_length=PARAGRAPHS, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Review of {self.plan}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PlanLocked("A review closes the plan's cycle: it cannot be changed afterwards.")
        super().save(*args, **kwargs)

    def clean(self):
        if self.plan_id and isinstance(self.held_on, date) and self.held_on < self.plan.starts_on:
            raise ValidationError(
                {"held_on": f"The review cannot be before the plan started ({when.date(self.plan.starts_on)})."}
            )


class OutcomeResult(models.Model):
    """One outcome's result at the review: the evidence, met or not, and what changes next."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="results")
    outcome = models.OneToOneField(PlanOutcome, on_delete=models.CASCADE, related_name="result")
    evidence = long_text_field("the evidence", max_length=PARAGRAPHS, help_text="What we saw, measured or heard.")
    result = models.CharField(max_length=10, choices=Result.choices)
    next_steps = long_text_field("what changes next", max_length=PARAGRAPHS, blank=True)
    carry_forward = models.BooleanField(
        "carry into the next plan", help_text="Outcomes not met or partly met are carried unless you untick this."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["outcome__order", "outcome__pk"]
        verbose_name = "outcome reviewed"

    def __str__(self) -> str:
        return f"{self.outcome}: {self.get_result_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PlanLocked("A review closes the plan's cycle: it cannot be changed afterwards.")
        super().save(*args, **kwargs)
