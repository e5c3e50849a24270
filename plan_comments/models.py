"""Parents' comments on their child's SEN support plan before its review: the personal link in the message that
sends them the plan (`PlanCommentLink`), what they wrote (`PlanComment`), and the email telling the plan's author
(`PlanCommentReminder`). When the plan goes and what the message says: `sending.py` and `notices.py`; what a link
opens, and until when: `links.py`; recording a comment: `comments.py`.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from common.text import PARAGRAPHS, long_text_field
from notices.models import Message, StaffReminder
from pupils.models import ParentCarer, Pupil
from support_plans.models import SupportPlan

# How much a family may write in each box: about a page. Longer text is refused, saying by how much, never cut.
COMMENT_LENGTH = PARAGRAPHS


class PlanCommentLink(models.Model):
    """The personal link one message carried to one parent: it opens the plan and the comment form, signed out. Only a
    hash of its code is kept (the code itself goes out in the message, and is not kept in its copy).

    A link names the plan it was sent with; if that plan has been replaced by a later version since, it opens the
    pupil's plan as it now stands. It works until the end of the day of the plan's review, for whoever holds it: the
    code is the family's, like a letter through their door."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    parent = models.ForeignKey(ParentCarer, on_delete=models.PROTECT, related_name="plan_comment_links")
    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="comment_links")
    # The message that carried it. Sending again writes the message afresh, with a new code in place of the old.
    message = models.OneToOneField(Message, on_delete=models.PROTECT, related_name="plan_comment_link")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_opened_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "link to comment on a plan"

    def __str__(self) -> str:
        return f"Comment link for {self.parent} ({self.plan})"


class PlanCommentQuerySet(models.QuerySet):
    def for_cycle(self, plan: SupportPlan) -> "PlanCommentQuerySet":
        """The comments on this version of the plan: the ones its review is to hear."""
        return self.filter(plan=plan)

    def said(self) -> "PlanCommentQuerySet":
        return self.exclude(going_well="", worries="", changes="")


class PlanComment(models.Model):
    """What one parent (or the young person themself, in the portal) said about one version of the plan before its
    review: what is going well, what worries them, what they would like changed. One per person and version; they
    may change it until the review, and the history keeps every earlier wording. It changes nothing in the plan:
    staff read it on the plan's page and at the review."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="comments")
    parent = models.ForeignKey(
        ParentCarer, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_comments"
    )
    young_person = models.ForeignKey(
        Pupil, null=True, blank=True, on_delete=models.PROTECT, related_name="own_plan_comments"
    )
    going_well = long_text_field("what is going well", max_length=COMMENT_LENGTH, blank=True)
    worries = long_text_field("what worries them", max_length=COMMENT_LENGTH, blank=True)
    changes = long_text_field("what they would like changed", max_length=COMMENT_LENGTH, blank=True)
    through_portal = models.BooleanField("written in the portal", default=False, editable=False)
    written_at = models.DateTimeField(default=timezone.now, editable=False)
    changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PlanCommentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["written_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=False, young_person__isnull=True)
                | Q(parent__isnull=True, young_person__isnull=False),
                name="plancomment_by_one_person",
            ),
            models.UniqueConstraint(
                fields=["plan", "parent"], condition=Q(parent__isnull=False), name="plancomment_once_per_parent"
            ),
            models.UniqueConstraint(
                fields=["plan", "young_person"],
                condition=Q(young_person__isnull=False),
                name="plancomment_once_per_young_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.plan}"

    @property
    def author_name(self) -> str:
        return (self.parent or self.young_person).full_name

    @property
    def last_said_at(self):
        return self.changed_at or self.written_at


class PlanCommentReminder(StaffReminder):
    """The email telling the plan's author that a family has commented: a row, claimed before sending
    (`notices.staff_reminders`). One waits at a time per comment: a family changing it before it goes makes no
    second email, as the email says the comment as it stands when it is sent."""

    comment = models.ForeignKey(PlanComment, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["status", "due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["comment"], condition=Q(status="planned"), name="plancommentreminder_one_waiting"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder about {self.comment} ({self.get_status_display()})"
