"""'Ask a parent!!': the parents' questionnaire of an audit, its rules in one place.

- `set_up(...)` chooses the questions, the introduction and the closing date (one questionnaire per audit).
- Who is asked: parents who use the portal see it there (`portal_parents`, `open_for`); others get a one-time
  emailed link (`default_link_recipients`, `send_links`); the office types in replies given on paper.
- `record_reply(...)` saves one parent's answers in one transaction: the parent's participation (so nobody is
  asked twice) and the reply, without their name if they asked for that. A link is claimed with a conditional
  UPDATE, so it works once however fast it is sent twice.
- `reach(...)` and `parent_answers_by_question(...)` are what the SENCO (and, without names, the head) sees.

Anonymity: a participation says *that* a parent replied, never *which* reply is theirs; nothing shown to staff puts
the two side by side (the answers page shows counts, not a list of who replied).
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from smtplib import SMTPException
from typing import NamedTuple

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from pupils.invitations import salutation
from pupils.models import ParentCarer, Pupil, PupilParent
from school.models import School

from .models import (
    Audit,
    AuditQuestion,
    ParentAnswer,
    ParentAnswerChoice,
    ParentQuestionnaire,
    ParentReply,
    QuestionnaireLink,
    QuestionnaireParticipation,
    ReplyChannel,
)


class AlreadyReplied(Exception):
    """This parent has replied already: each parent replies once."""


class QuestionnaireClosed(Exception):
    """The closing date has passed."""


class LinkNotUsable(Exception):
    """The link was used, or has expired, meanwhile. `reason` is 'used' or 'expired'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class GivenAnswer(NamedTuple):
    answer: str  # a ParentAnswerChoice value, or "" when the parent left it
    comment: str


# Setting it up


def default_introduction() -> str:
    """The plain words at the top of a new questionnaire (the text lives in a template, as parents' text does)."""
    return render_to_string("audits/questionnaire_default_introduction.txt", {"school": School.load()}).strip()


# Three weeks: long enough for a letter home and a reminder, short enough to report back the same term.
OPEN_FOR = timedelta(weeks=3)


def default_closing_date(today: date | None = None) -> date:
    return (today or timezone.localdate()) + OPEN_FOR


def link_expiry(closes_on: date) -> datetime:
    """A link works to the end of the closing date: it stops at midnight, school time, as the day ends."""
    return timezone.make_aware(datetime.combine(closes_on + timedelta(days=1), time.min))


def set_up(
    audit: Audit, *, questions: Iterable[AuditQuestion], introduction: str, closes_on: date, by: User
) -> ParentQuestionnaire:
    """Create the audit's questionnaire, or change it. Links not yet used follow a new closing date."""
    with transaction.atomic():
        wording = {"introduction": introduction, "closes_on": closes_on}
        questionnaire, created = ParentQuestionnaire.objects.update_or_create(
            audit=audit, defaults=wording, create_defaults={**wording, "created_by": by}
        )
        questionnaire.questions.set(questions)
        if not created:
            questionnaire.links.filter(used_at__isnull=True).update(expires_at=link_expiry(closes_on))
    return questionnaire


def chosen_questions(questionnaire: ParentQuestionnaire) -> QuerySet[AuditQuestion]:
    return questionnaire.questions.select_related("section").order_by("section__number", "number")


def answered_question_ids(questionnaire: ParentQuestionnaire) -> set[int]:
    """Questions some parent has answered: they stay on the questionnaire, or their answers would be lost."""
    return set(ParentAnswer.objects.filter(reply__questionnaire=questionnaire).values_list("question_id", flat=True))


# Who is asked


def portal_parents() -> QuerySet[ParentCarer]:
    """Parents who see the questionnaire in the portal: an open parent account and a child shown to them there."""
    shown = Pupil.objects.on_register().shown_to_parent(parent_links__parent=OuterRef("pk"))
    return ParentCarer.objects.filter(Exists(shown), user__is_active=True, user__role=Role.PARENT)


def parents_on_register() -> QuerySet[ParentCarer]:
    """Parents and carers with a child on the SEND register: the people the questionnaire is for."""
    links = PupilParent.objects.filter(parent=OuterRef("pk"), pupil__removed_from_register_on__isnull=True)
    return ParentCarer.objects.filter(Exists(links))


def open_for(parent: ParentCarer | None, today: date | None = None) -> QuerySet[ParentQuestionnaire]:
    """The questionnaires a portal parent is asked now: open, and not answered by them yet."""
    if parent is None:
        return ParentQuestionnaire.objects.none()
    today = today or timezone.localdate()
    return (
        ParentQuestionnaire.objects.filter(Exists(portal_parents().filter(pk=parent.pk)), closes_on__gte=today)
        .exclude(participations__parent=parent)
        .annotate(question_count=Count("questions"))
        .order_by("closes_on", "pk")
    )


def has_replied(questionnaire: ParentQuestionnaire, parent: ParentCarer) -> bool:
    return questionnaire.participations.filter(parent=parent).exists()


def default_link_recipients(questionnaire: ParentQuestionnaire, now: datetime | None = None) -> QuerySet[ParentCarer]:
    """'Every parent with an email who has a child on the SEND register and no portal account', leaving out those
    who have replied and those holding a link that still works."""
    now = now or timezone.now()
    live_links = questionnaire.links.filter(used_at__isnull=True, expires_at__gt=now)
    return (
        parents_on_register()
        .exclude(email="")
        .exclude(pk__in=portal_parents().values("pk"))
        .exclude(pk__in=questionnaire.participations.values("parent_id"))
        .exclude(pk__in=live_links.values("parent_id"))
    )


# Emailed links


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Sending:
    """What `send_links` did, for the message to the SENCO."""

    sent: list[ParentCarer] = field(default_factory=list)
    skipped: list[ParentCarer] = field(default_factory=list)  # no email address, or replied already
    failed: list[ParentCarer] = field(default_factory=list)  # the email could not be sent: no link saved


def send_links(questionnaire: ParentQuestionnaire, parents: Iterable[ParentCarer], sent_by: User) -> Sending:
    """Email each parent a one-time link. A link is saved only if its email went (each in its own transaction)."""
    if not questionnaire.is_open:
        raise QuestionnaireClosed
    replied = set(questionnaire.participations.values_list("parent_id", flat=True))
    sending = Sending()
    # One connection to the mail server for them all: a whole register is a few hundred emails.
    connection = get_connection(fail_silently=False)
    try:
        for parent in parents:
            if not parent.email.strip() or parent.pk in replied:
                sending.skipped.append(parent)
                continue
            try:
                send_link(questionnaire, parent, sent_by, connection=connection)
            except (SMTPException, OSError):
                sending.failed.append(parent)
            else:
                sending.sent.append(parent)
    finally:
        connection.close()
    return sending


def send_link(
    questionnaire: ParentQuestionnaire, parent: ParentCarer, sent_by: User, connection=None
) -> QuestionnaireLink:
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = QuestionnaireLink.objects.create(
            questionnaire=questionnaire,
            parent=parent,
            token_hash=hash_token(token),
            sent_by=sent_by,
            expires_at=link_expiry(questionnaire.closes_on),
        )
        send_link_email(link, token, connection=connection)
    return link


def send_link_email(link: QuestionnaireLink, token: str, connection=None) -> None:
    """Plain text and HTML, from templates/audits/email/, in the style of the portal invitations."""
    questionnaire, parent, sender = link.questionnaire, link.parent, link.sent_by
    context = {
        "dear": salutation(parent),
        "school": School.load(),
        "sent_by": sender,
        "sent_by_job": sender.job_title or sender.get_role_display(),
        "link": settings.SITE_URL.rstrip("/") + reverse("audits:questionnaire_link", args=[token]),
        "closes_on": questionnaire.closes_on,
        "question_count": questionnaire.questions.count(),
        "large_print": parent.needs_large_print,
    }
    subject = " ".join(render_to_string("audits/email/questionnaire/subject.txt", context).split())
    context["subject"] = subject
    send_mail(
        subject,
        render_to_string("audits/email/questionnaire/body.txt", context).strip() + "\n",
        settings.DEFAULT_FROM_EMAIL,
        [parent.email.strip()],
        html_message=render_to_string("audits/email/questionnaire/body.html", context),
        connection=connection,
    )


def find_link(token: str) -> QuestionnaireLink | None:
    """The link a token names, whatever its state; None for a token that was never sent."""
    digest = hash_token(token)
    link = QuestionnaireLink.objects.select_related("questionnaire", "parent").filter(token_hash=digest).first()
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link


def why_link_unusable(link: QuestionnaireLink, now: datetime | None = None) -> str | None:
    """'used', 'replied' (they answered another way), 'expired', or None if the link can be used."""
    now = now or timezone.now()
    if link.used_at is not None:
        return "used"
    if has_replied(link.questionnaire, link.parent):
        return "replied"
    if link.expires_at <= now or not link.questionnaire.is_open:
        return "expired"
    return None


# Replying


def record_reply(
    questionnaire: ParentQuestionnaire,
    answers: Mapping[int, GivenAnswer],
    *,
    channel: str,
    parent: ParentCarer | None = None,
    anonymous: bool = False,
    entered_by: User | None = None,
    link: QuestionnaireLink | None = None,
) -> ParentReply:
    """Save one parent's answers (keyed by question id). Raises AlreadyReplied, QuestionnaireClosed or
    LinkNotUsable, and then saves nothing.

    `parent` None with no link is a paper reply with no name on it: nobody's participation is recorded.
    Paper replies may be typed in after the closing date (they were handed in on time).
    """
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        if link is not None:
            claimed = QuestionnaireLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(
                used_at=now
            )
            if claimed != 1:
                raise LinkNotUsable("used" if QuestionnaireLink.objects.get(pk=link.pk).used_at else "expired")
            parent = link.parent
        if channel != ReplyChannel.PAPER and today > questionnaire.closes_on:
            raise QuestionnaireClosed
        if parent is not None:
            try:
                with transaction.atomic():
                    QuestionnaireParticipation.objects.create(
                        questionnaire=questionnaire, parent=parent, replied_on=today
                    )
            except IntegrityError:
                raise AlreadyReplied from None
        reply = ParentReply.objects.create(
            questionnaire=questionnaire,
            parent=None if anonymous else parent,
            channel=channel,
            entered_by=entered_by,
            received_on=today,
        )
        asked = set(questionnaire.questions.values_list("pk", flat=True))
        ParentAnswer.objects.bulk_create(
            ParentAnswer(reply=reply, question_id=question_id, answer=given.answer, comment=given.comment.strip())
            for question_id, given in answers.items()
            if question_id in asked and (given.answer or given.comment.strip())
        )
    return reply


# What the school sees


@dataclass
class Reach:
    """How many parents were asked and how many replied, by channel."""

    asked: int
    replied: int
    by_channel: dict[str, int]  # ReplyChannel value -> replies

    def channels(self) -> list[tuple[str, int]]:
        return [(label, self.by_channel.get(value, 0)) for value, label in ReplyChannel.choices]


def reach(questionnaire: ParentQuestionnaire) -> Reach:
    """Asked: parents who see it in the portal, parents sent a link, and everyone who replied (a named paper reply,
    and one per paper reply with no name on it). Four queries, however many parents."""
    per_channel = dict(
        questionnaire.replies.order_by().values_list("channel").annotate(n=Count("pk")).values_list("channel", "n")
    )
    participants = set(questionnaire.participations.values_list("parent_id", flat=True))
    linked = set(questionnaire.links.values_list("parent_id", flat=True))
    in_portal = set(portal_parents().values_list("pk", flat=True))
    replied = sum(per_channel.values())
    unnamed_paper = max(0, replied - len(participants))  # every other reply has exactly one participation
    return Reach(asked=len(in_portal | linked | participants) + unnamed_paper, replied=replied, by_channel=per_channel)


@dataclass
class QuestionSummary:
    """The parents' answers to one question: how many gave each answer, and what they added in their own words."""

    question: AuditQuestion
    counts: dict[str, int]  # every ParentAnswerChoice value -> how many gave it
    total: int  # answers given (a parent may leave a question and only comment, or skip it)
    comments: list[tuple[str, str | None]]  # (text, the parent's name, or None: anonymous or names not shown)
    names_shown: bool = True

    def rows(self) -> list[tuple[str, str, int]]:
        """(value, label, count) in the order parents saw the choices, for templates."""
        return [(value, label, self.counts[value]) for value, label in ParentAnswerChoice.choices]


def parent_answers_by_question(audit: Audit, *, with_names: bool = True) -> dict[int, QuestionSummary]:
    """Per question id of the audit's questionnaire (in the guide's order), the parents' answers. Names of parents
    who did not ask to stay anonymous come only `with_names` (the SENCO), never for the head. Four queries."""
    questionnaire = ParentQuestionnaire.objects.filter(audit=audit).first()
    if questionnaire is None:
        return {}
    summaries = {
        question.pk: QuestionSummary(
            question, dict.fromkeys(ParentAnswerChoice.values, 0), 0, [], names_shown=with_names
        )
        for question in chosen_questions(questionnaire)
    }
    answers = ParentAnswer.objects.filter(reply__questionnaire=questionnaire, question_id__in=summaries)
    counts = answers.exclude(answer="").order_by().values_list("question_id", "answer").annotate(n=Count("pk"))
    for question_id, answer, n in counts:
        summaries[question_id].counts[answer] = n
        summaries[question_id].total += n
    commented = answers.exclude(comment="").order_by("reply__received_on", "pk")
    if with_names:
        commented = commented.select_related("reply__parent")
    for answer in commented:
        # Without names, the reply is never even read: no name can slip into the page.
        parent = answer.reply.parent if with_names else None
        summaries[answer.question_id].comments.append((answer.comment, parent.full_name if parent else None))
    return summaries
