"""Last school year's partnership audit for the demo school: a full audit asked of the whole staff, the governors
and parents, every question answered by each group and agreed by the SENCO, and the actions taken from it (some
done, some in progress). This year's audit is left for the new user to run, starting from this one.

Safe to run again: if the school has any audit already, nothing is added.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audits.forms import a_year_on
from audits.models import (
    RATING_SCORE,
    AgreedPosition,
    Audit,
    AuditAction,
    AuditActionStatus,
    AuditQuestion,
    AuditResponse,
    Priority,
    RespondentGroup,
)
from audits.reminders import plan_action_reminders
from demo import content
from school.years import AcademicYear, academic_year_of

GROUPS = [RespondentGroup.WHOLE_STAFF, RespondentGroup.GOVERNORS, RespondentGroup.PARENTS]
BY_SCORE = {score: rating for rating, score in RATING_SCORE.items()}
STAFF_DOMAIN = "demo.school.example"

# What the school agreed, question by question: the agreed rating, Current Practice, Points for Action, and what
# the parents' group said; what the governors said, in turn; the actions taken since (demo/content/audit.json).
WORDS = content.words("audit")
AGREED = [
    (a["question"], a["rating"], a["current_practice"], a["points_for_action"], a["parents_said"])
    for a in WORDS["agreed"]
]
GOVERNOR_VIEWS = WORDS["governor_views"]
ACTIONS = [(a["question"], a["what"], a["owner"], a["status"], a["months_on"]) for a in WORDS["actions"]]


def school_day_near(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def nudged(rating: str, by: int) -> str:
    """A rating a step more hopeful (+1) or more critical (-1), within the scale."""
    return BY_SCORE[max(0, min(max(BY_SCORE), RATING_SCORE[rating] + by))]


@transaction.atomic
def build_demo_audit(senco: User, today: date) -> Counter:
    created: Counter = Counter()
    if Audit.objects.exists():
        return created
    last_year = AcademicYear(academic_year_of(today).start_year - 1)
    held_on = school_day_near(date(last_year.start_year + 1, 6, 24))
    audit = Audit.objects.create(
        title=f"Partnership with parents audit {last_year.label}",
        held_on=held_on,
        groups=[group.value for group in GROUPS],
        review_on=a_year_on(held_on),
        created_by=senco,
    )
    Audit.objects.filter(pk=audit.pk).update(created_at=at(held_on - timedelta(days=21), 16))
    questions = {question.reference: question for question in audit.questions_in_scope()}
    rows = [row for row in AGREED if row[0] in questions]
    responses = []
    for n, (reference, rating, practice, action, parents_said) in enumerate(rows):
        question = questions[reference]
        responses += [
            AuditResponse(
                audit=audit,
                question=question,
                group=RespondentGroup.WHOLE_STAFF,
                current_practice=practice,
                points_for_action=action,
                rating=rating,
                recorded_by=senco,
            ),
            # Governors see the school from visits and reports, and tend to be a little more hopeful.
            AuditResponse(
                audit=audit,
                question=question,
                group=RespondentGroup.GOVERNORS,
                current_practice=GOVERNOR_VIEWS[n % len(GOVERNOR_VIEWS)],
                rating=nudged(rating, +1) if n % 3 == 0 else rating,
                recorded_by=senco,
            ),
            # Parents, asked: "ask a parent!!" is the guide's refrain for a reason.
            AuditResponse(
                audit=audit,
                question=question,
                group=RespondentGroup.PARENTS,
                current_practice=parents_said,
                rating=nudged(rating, -1) if n % 2 == 0 else rating,
                recorded_by=senco,
            ),
        ]
    AuditResponse.objects.bulk_create(responses)
    AgreedPosition.objects.bulk_create(
        AgreedPosition(
            audit=audit,
            question=questions[reference],
            current_practice=practice,
            points_for_action=action,
            rating=rating,
            agreed_by=senco,
        )
        for reference, rating, practice, action, _ in rows
    )
    # auto_now stamps today: the answers were typed in before the audit meeting, the positions agreed at it.
    AuditResponse.objects.filter(audit=audit).update(recorded_at=at(held_on - timedelta(days=7), 15))
    AgreedPosition.objects.filter(audit=audit).update(agreed_at=at(held_on, 16))
    created["partnership audits"] += 1
    created["audit responses"] += len(responses)
    created["agreed positions"] += len(rows)
    created["audit actions"] += _actions(audit, questions, senco, today)
    return created


def _actions(audit: Audit, questions: dict[str, AuditQuestion], senco: User, today: date) -> int:
    owners = {user.email: user for user in User.objects.filter(email__endswith=f"@{STAFF_DOMAIN}")}
    actions = []
    for reference, description, owner, status, months in ACTIONS:
        due_on = school_day_near(audit.held_on + timedelta(days=30 * months))
        done = status == AuditActionStatus.DONE
        actions.append(
            AuditAction(
                audit=audit,
                question=questions.get(reference),
                description=description,
                owner=owners.get(f"{owner}@{STAFF_DOMAIN}", senco),
                priority=Priority.HIGH if status == AuditActionStatus.IN_PROGRESS else Priority.MEDIUM,
                due_on=due_on,
                status=status,
                completed_on=min(due_on - timedelta(days=7), today - timedelta(days=1)) if done else None,
                notes="Done: checked with two parents at the coffee morning." if done else "Started; dates booked.",
                created_by=senco,
            )
        )
    AuditAction.objects.bulk_create(actions)
    AuditAction.objects.filter(audit=audit).update(created_at=at(audit.held_on + timedelta(days=3), 9))
    for action in actions:  # the open ones remind their owners as they fall due, as if made on the actions page
        plan_action_reminders(action)
    return len(actions)
