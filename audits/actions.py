"""Acting on the audit: the agreed points for action become actions with an owner, a priority and a date, and the
action plan lists them for the school improvement plan (on screen, as CSV and as PDF).

Reminders follow every change of an action's date, owner or status (audits/reminders.py).
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet

from accounts.models import SCHOOL_ROLES, User
from common.scalars import Scalar, count

from .models import AgreedPosition, Audit, AuditAction, AuditActionStatus, AuditQuestion
from .reminders import plan_action_reminders

# What the action plan can show: still to do (not started or in progress) is where it starts.
STILL_TO_DO = "todo"
SHOW_CHOICES = [
    (STILL_TO_DO, "Still to do"),
    ("overdue", "Overdue"),
    (AuditActionStatus.OPEN, "Not started"),
    (AuditActionStatus.IN_PROGRESS, "In progress"),
    (AuditActionStatus.DONE, "Done"),
    (AuditActionStatus.DROPPED, "No longer needed"),
    ("all", "All"),
]

# A bullet, dash or number at the start of a line of points: "- Train the office", "2. New signs".
BULLET = re.compile(r"^\s*(?:[-*•●–]|\d+[.)])\s*")


def possible_owners() -> QuerySet[User]:
    """Who can own an action: anyone who works for the school and can still sign in."""
    return User.objects.filter(is_active=True, role__in=SCHOOL_ROLES).order_by("last_name", "first_name", "pk")


def split_points(text: str) -> list[str]:
    """The separate points in an agreed 'Points for Action' box: one per line, bullets and numbers taken off."""
    points = [BULLET.sub("", line).strip() for line in text.splitlines()]
    return [point for point in points if point]


@dataclass
class PointsForQuestion:
    """One question's agreed points for action, and the actions already made from them."""

    position: AgreedPosition
    points: list[str]
    actions: list[AuditAction] = field(default_factory=list)

    @property
    def question(self) -> AuditQuestion:
        return self.position.question


def points_for_action(audit: Audit) -> list[PointsForQuestion]:
    """The audit's agreed points for action in the guide's order, each question with its actions (two queries)."""
    positions = (
        audit.agreed.exclude(points_for_action="")
        .select_related("question__section")
        .order_by("question__section__number", "question__number")
    )
    actions: dict[int | None, list[AuditAction]] = {}
    for action in audit.actions.select_related("owner").order_by("due_on", "pk"):
        actions.setdefault(action.question_id, []).append(action)
    return [
        PointsForQuestion(position, split_points(position.points_for_action), actions.get(position.question_id, []))
        for position in positions
    ]


def other_actions(audit: Audit, points: list[PointsForQuestion]) -> list[AuditAction]:
    """The audit's actions not listed under a point for action: typed afresh, or about a question with none."""
    listed = {item.question.pk for item in points}
    actions = audit.actions.select_related("owner", "question__section").order_by("due_on", "pk")
    return [action for action in actions if action.question_id not in listed]


def suggested_description(audit: Audit, question: AuditQuestion | None, point: int | None) -> str:
    """What a new action starts from: the chosen point of the question's agreed points, or all of them."""
    if question is None:
        return ""
    position = audit.agreed.filter(question=question).first()
    if position is None:
        return ""
    points = split_points(position.points_for_action)
    if point is not None and 0 <= point < len(points):
        return points[point]
    return position.points_for_action.strip()


def completion_date(status: str, completed_on: date | None, today: date) -> date | None:
    """Done keeps the day it was done (today unless told); any other status has no completion date."""
    if status == AuditActionStatus.DONE:
        return completed_on or today
    return None


@transaction.atomic
def save_action(action: AuditAction) -> AuditAction:
    """Save an action and bring its reminders in line with its date, owner and status."""
    action.save()
    plan_action_reminders(action)
    return action


def action_plan(
    *, show: str = STILL_TO_DO, audit: Audit | None = None, owner: User | None = None, today: date
) -> QuerySet[AuditAction]:
    """The actions to list, soonest due first, with everything a row shows fetched in the same query."""
    actions = AuditAction.objects.select_related("audit", "question__section", "owner")
    if audit is not None:
        actions = actions.filter(audit=audit)
    if owner is not None:
        actions = actions.filter(owner=owner)
    if show == STILL_TO_DO:
        actions = actions.open()
    elif show == "overdue":
        actions = actions.open().filter(due_on__lt=today)
    elif show in AuditActionStatus.values:
        actions = actions.filter(status=show)
    return actions.order_by("due_on", "pk")


def due_soon_figures(today: date, within_days: int = 14) -> dict[str, Scalar]:
    """For the SENCO's dashboard: open audit actions overdue, and due in the next fortnight (`common.scalars`: asked
    with the dashboard's other figures)."""
    actions = AuditAction.objects.open()
    return {
        "overdue": count(actions.filter(due_on__lt=today)),
        "due_soon": count(actions.filter(due_on__gte=today, due_on__lte=today + timedelta(days=within_days))),
    }


CSV_COLUMNS = [
    "Question reference",
    "Question",
    "Action",
    "Owner",
    "Priority",
    "Due",
    "Status",
    "Completed",
    "Notes",
]


def plan_row(action: AuditAction) -> list[str]:
    """One action as the CSV's columns, dates as a spreadsheet in England reads them."""
    question = action.question
    return [
        question.reference if question else "",
        question.text if question else "",
        action.description,
        action.owner.get_full_name(),
        action.get_priority_display(),
        action.due_on.strftime("%d/%m/%Y"),
        action.get_status_display(),
        action.completed_on.strftime("%d/%m/%Y") if action.completed_on else "",
        action.notes,
    ]
