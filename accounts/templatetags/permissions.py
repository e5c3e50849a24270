"""`{% if user|can:"events.manage" %}`: the table in accounts/permissions.py, asked from a template."""

from django import template

from accounts.permissions import user_can

register = template.Library()


@register.filter
def can(user, action: str) -> bool:
    """Whether the signed-in person may take the action (False when signed out); an unknown action raises."""
    return user_can(user, action)
