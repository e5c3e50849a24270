"""`{% load sen_letters %}`: the letters to parents waiting for the SENCO, on the dashboard
(`{% sen_letters_waiting %}`), the register (`{% sen_letters_waiting_note %}`, where an import from the MIS lands) and
a pupil's page (`{% sen_letter_waiting_for pupil %}`)."""

from django import template
from django.db.models import Count, Min

from ..models import SenStatusLetter

register = template.Library()


@register.inclusion_tag("sen_letters/includes/waiting_block.html")
def sen_letters_waiting() -> dict:
    return SenStatusLetter.objects.waiting().aggregate(waiting=Count("pk"), oldest=Min("created_at"))


@register.inclusion_tag("sen_letters/includes/waiting_note.html", takes_context=True)
def sen_letters_waiting_note(context) -> dict:
    if not context["user"].can("sen_letters.send"):
        return {}
    return {"waiting": SenStatusLetter.objects.waiting().count()}


@register.inclusion_tag("sen_letters/includes/waiting_for_pupil.html", takes_context=True)
def sen_letter_waiting_for(context, pupil) -> dict:
    user = context["user"]
    if not user.can("sen_letters.send"):
        return {}
    return {"letter": SenStatusLetter.objects.waiting().filter(pupil=pupil).first(), "pupil": pupil}
