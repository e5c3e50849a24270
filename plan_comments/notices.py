"""What the notices app asks of the plan sent to a family before its review (registered from
PlanCommentsConfig.ready()): what the email or covering letter says and the personal link it carries, whether it is
still needed, the plan as a PDF (attached where the school attaches records to emails; enclosed with a letter), and
who may see it in the message logs. When it goes and to whom: `plan_comments.sending`.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from documents.plans import plan_file_name, plan_html, plan_pdf
from notices.content import common_context, site_url
from notices.kinds import SEEN_BY_SCHOOL, Enclosure, MessageKind, MessageSubject, register
from notices.models import Channel, Message
from pupils.models import Pupil, sees_every_pupil
from school.models import School
from support_plans.models import SupportPlan

from .comments import author_of
from .links import link_for
from .sending import MESSAGE_KIND, goes_to, review_begins, wanted


class PlanMessageKind(models.TextChoices):
    FOR_REVIEW = MESSAGE_KIND, "SEN support plan before its review, for the family's comments"


def large_print(message: Message) -> bool:
    return bool(message.parent and message.parent.needs_large_print)


def sees_it_in_the_portal(message: Message) -> bool:
    """The parent has a portal account in which the child's plan shows."""
    parent = message.parent
    if not (parent.user_id and parent.user.is_active):
        return False
    return Pupil.objects.shown_to_parent(parent_links__parent=parent).filter(pk=message.support_plan.pupil_id).exists()


def plan_message_context(message: Message) -> dict:
    """The words around the plan, and the family's link to comment (made here, as the message is written; an email's
    copy kept by the school does not hold it, a letter's does: the office prints it)."""
    plan = message.support_plan
    pupil = plan.pupil
    school = School.load()
    author = author_of(plan)
    link = link_for(message)
    is_email = message.channel == Channel.EMAIL
    context = common_context(message, author, school) | {
        "plan": plan,
        "child_name": pupil.first_name,
        "link": link,
        "closes_on": plan.review_on,
        "large_print_enclosed": message.channel == Channel.LETTER and large_print(message),
        "attached": is_email and school.attach_records_to_emails,
        "contact": {
            "name": author.get_full_name() if author else school.name,
            "phone": (author and author.phone) or school.phone,
            "email": (author and author.email) or school.email,
        },
        "secrets": [link.code] if is_email and link else [],
    }
    if is_email and sees_it_in_the_portal(message):
        context["portal_url"] = site_url(reverse("portal:plan", args=[pupil.pk]))
    return context


def plan_message_still_needed(message: Message) -> bool:
    """A copy sent by hand goes whatever. Otherwise only while the plan is the current one, not yet reviewed, with
    the review on the day it was planned for, and to a parent who still has parental responsibility."""
    if message.resend_of_id is not None:
        return True
    plan = message.support_plan
    return (
        wanted(plan, timezone.now())
        and review_begins(plan) == message.for_starts_at
        and goes_to(plan, message.parent_id)
    )


def plan_attachment(message: Message) -> tuple[str, bytes, str] | None:
    """The plan as a PDF (large print where the parent needs it), only where the school attaches records to emails:
    a plan is SEN detail, and an attachment stays in a mailbox."""
    if not School.load().attach_records_to_emails:
        return None
    plan = message.support_plan
    return plan_file_name(plan), plan_pdf(plan, large_print=large_print(message)), "application/pdf"


def plan_enclosure(message: Message) -> Enclosure:
    plan, large = message.support_plan, large_print(message)
    return Enclosure(
        pupil=plan.pupil,
        file_name=plan_file_name(plan),
        html=lambda: plan_html(plan, large_print=large),
        pdf=lambda: plan_pdf(plan, large_print=large),
    )


def about_plan(message: Message) -> str:
    plan = message.support_plan
    return f"{plan.pupil.first_name}'s SEN support plan, before its review on {date_format(plan.review_on, 'j F Y')}"


def visible_plans(user) -> Q:
    """Messages about the plans of the pupils this person sees (each plan is one pupil's)."""
    if sees_every_pupil(user):
        return Q(support_plan__isnull=False)
    return Q(support_plan__in=SupportPlan.objects.filter(pupil__in=Pupil.objects.visible_to(user)))


def about_pupils_plans(pupil: Pupil) -> Q:
    return Q(support_plan__pupil=pupil)


PLAN = MessageSubject(
    field="support_plan",
    about=about_plan,
    visible_to=visible_plans,
    about_pupil=about_pupils_plans,
    related=("support_plan__pupil",),  # not joined for sending: few messages are plans, read when sent
)


def register_message_kinds() -> None:
    """Called from PlanCommentsConfig.ready()."""
    register(
        MessageKind(
            value=PlanMessageKind.FOR_REVIEW.value,
            label=PlanMessageKind.FOR_REVIEW.label,
            subject=PLAN,
            to_parent=True,
            # The words say only that the plan is enclosed or behind the link, and the office prints the letters
            # with the plan, as it prints shared records: the office sees them, as it sees the SEN status letters.
            seen_by=SEEN_BY_SCHOOL,
            templates="notices/plan_for_review",
            context=plan_message_context,
            still_needed=plan_message_still_needed,
            attachment=plan_attachment,
            enclosure=plan_enclosure,
            encloses="the SEN support plan",
            written_afresh_when_sent_again=True,
        )
    )
