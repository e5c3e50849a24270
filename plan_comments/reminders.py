"""The email telling a plan's author that a family has commented on it, sent once at the next scan.

Each is a PlanCommentReminder row (planned by `comments.tell_the_author`), sent by the shared machinery of
notices/staff_reminders.py: claimed with a conditional UPDATE, so a task delivered twice sends it once. It names who
commented on which plan and links to the plan's page, where the words are: what a family wrote about their child's
needs stays in the portal, not in a mailbox. Once the review is recorded it is not sent: the review heard it.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from notices.content import site_url
from notices.staff_reminders import StaffReminders, staff_email
from support_plans.models import PlanReview

from .models import PlanCommentReminder


class PlanCommentReminders(StaffReminders):
    model = PlanCommentReminder
    related = ("comment__parent", "comment__young_person", "comment__plan__pupil", "recipient")

    def still_needed(self, reminder: PlanCommentReminder, now: datetime) -> bool:
        return not PlanReview.objects.filter(plan=reminder.comment.plan_id).exists()

    def email(self, reminder: PlanCommentReminder, now: datetime):
        """The words are in templates/plan_comments/reminder/."""
        comment = reminder.comment
        plan = comment.plan
        context = {
            "comment": comment,
            "plan": plan,
            "pupil": plan.pupil,
            "url": site_url(reverse("support_plans:plan", args=[plan.pk]) + "#family-comments"),
            "changed": comment.changed_at is not None,
            "parts": [
                words
                for field, words in (
                    ("going_well", "what is going well"),
                    ("worries", "what worries them"),
                    ("changes", "what they would like changed"),
                )
                if getattr(comment, field)
            ],
            "now": timezone.localtime(now),
        }
        return staff_email(reminder.recipient, "plan_comments/reminder", context)


plan_comment_reminders = PlanCommentReminders()
scan, claim, deliver = plan_comment_reminders.scan, plan_comment_reminders.claim, plan_comment_reminders.deliver
