"""The SENCO dashboard's line about audit actions: `{% load audit_actions %}{% audit_actions_due %}`.

A tag, so that the meetings dashboard (another app's view) need not know about the audit."""

from django import template
from django.utils import timezone

from ..actions import due_soon_counts

register = template.Library()


@register.inclusion_tag("audits/action_dashboard_line.html")
def audit_actions_due() -> dict:
    return {"counts": due_soon_counts(timezone.localdate())}
