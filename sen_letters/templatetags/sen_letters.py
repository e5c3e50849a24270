"""`{% load sen_letters %}`: the letters to parents waiting for the SENCO, on the dashboard
(`{% sen_letters_waiting %}`), the register (`{% sen_letters_waiting_note %}`, where an import from the MIS lands) and
a pupil's page (`{% sen_letter_waiting_for pupil %}`)."""

from django import template

from common.scalars import Scalar, ask_together, count, first_value

from ..models import SenStatusLetter

register = template.Library()


def waiting_figures() -> dict[str, Scalar]:
    """The dashboard block's figures, to be asked together with the rest of the dashboard's."""
    waiting = SenStatusLetter.objects.waiting()
    return {"waiting": count(waiting), "oldest": first_value(waiting, "created_at")}


@register.inclusion_tag("sen_letters/includes/waiting_block.html")
def sen_letters_waiting(figures: dict | None = None) -> dict:
    return figures or ask_together(waiting_figures())


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
