"""The SENCO dashboard's line about audit actions: `{% load audit_actions %}{% audit_actions_due %}`.

A tag, so that the meetings dashboard (another app's view) need not know about the audit."""

from django import template
from django.utils import timezone

from common.scalars import Scalar, ask_together

from ..actions import due_soon_figures

register = template.Library()


def due_figures() -> dict[str, Scalar]:
    """The line's figures, to be asked together with the rest of the dashboard's."""
    return due_soon_figures(timezone.localdate())


@register.inclusion_tag("audits/action_dashboard_line.html")
def audit_actions_due(figures: dict | None = None) -> dict:
    return {"counts": figures or ask_together(due_figures())}
