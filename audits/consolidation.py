"""Where an audit has got to: who has answered what, what the SENCO has agreed, and the way from question to question.

A response counts as an answer when it has a rating or some words in either column; a question counts as answered
by a group when anyone in that group (the group's shared answer or a named person) has answered it.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import AgreedPosition, Audit, AuditQuestion, AuditResponse, RespondentGroup

ANSWERED = Q(rating__gt="") | Q(current_practice__gt="") | Q(points_for_action__gt="")


@dataclass(frozen=True)
class GroupProgress:
    group: str
    answered: int
    total: int
    respondents: list[str]  # the named people in the group who answered, besides the group's shared answer

    @property
    def label(self) -> str:
        return RespondentGroup(self.group).label

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def answered_responses(audit: Audit) -> QuerySet[AuditResponse]:
    return AuditResponse.objects.filter(audit=audit, question__in=audit.questions_in_scope()).filter(ANSWERED)


def progress_by_group(audit: Audit, total: int) -> list[GroupProgress]:
    """Per group asked, how many of the audit's questions have an answer. Two queries."""
    answered = answered_responses(audit)
    counts = dict(answered.values("group").annotate(n=Count("question", distinct=True)).values_list("group", "n"))
    named: dict[str, list[str]] = {}
    for group, respondent in answered.exclude(respondent="").values_list("group", "respondent").distinct():
        named.setdefault(group, []).append(respondent)
    return [
        GroupProgress(group, counts.get(group, 0), total, sorted(set(named.get(group, []))))
        for group in audit.groups
        if group in RespondentGroup.values
    ]


def answered_by_section(audit: Audit, group: str, respondent: str) -> dict[int, int]:
    """For one group (or one person in it): answered questions per section id."""
    rows = (
        answered_responses(audit)
        .filter(group=group, respondent=respondent)
        .values("question__section")
        .annotate(n=Count("pk"))
    )
    return {row["question__section"]: row["n"] for row in rows}


def agreed_positions(audit: Audit) -> dict[int, AgreedPosition]:
    """The agreed positions by question id: a position with a rating counts as agreed."""
    return {position.question_id: position for position in AgreedPosition.objects.filter(audit=audit)}


def neighbours(questions: list[AuditQuestion], question: AuditQuestion) -> tuple[AuditQuestion | None, ...]:
    """The questions before and after `question` in the audit, for working through them one by one."""
    index = [q.pk for q in questions].index(question.pk)
    before = questions[index - 1] if index > 0 else None
    after = questions[index + 1] if index + 1 < len(questions) else None
    return before, after


def first_to_agree(questions: list[AuditQuestion], agreed: dict[int, AgreedPosition]) -> AuditQuestion | None:
    """Where the SENCO picks up: the first question without an agreed rating (or the first, when all are agreed)."""
    for question in questions:
        position = agreed.get(question.pk)
        if position is None or not position.rating:
            return question
    return questions[0] if questions else None


def responses_side_by_side(audit: Audit, question: AuditQuestion) -> list[tuple[str, list[AuditResponse]]]:
    """Every answer to one question, grouped in the order the audit lists its groups."""
    responses = AuditResponse.objects.filter(audit=audit, question=question).filter(ANSWERED)
    by_group: dict[str, list[AuditResponse]] = {}
    for response in responses.order_by("respondent"):
        by_group.setdefault(response.group, []).append(response)
    return [
        (RespondentGroup(group).label, by_group[group])
        for group in [*audit.groups, *sorted(set(by_group) - set(audit.groups))]
        if group in by_group
    ]
