"""The SENCO dashboard's block about concerns: `{% load concerns %}{% concerns_overdue %}`.

A tag, so that the meetings dashboard (another app's view) need not know about concerns."""

from django import template

from ..models import Concern

register = template.Library()


@register.inclusion_tag("contacts/dashboard_block.html", takes_context=True)
def concerns_overdue(context) -> dict:
    return {"overdue": Concern.objects.visible_to(context["request"].user).overdue().count()}
