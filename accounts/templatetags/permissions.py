"""`{% if user|can:"events.manage" %}`: the table in accounts/permissions.py, asked from a template. And the menu of
places, which that table alone decides: `{% places_menu user %}`."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

from accounts.permissions import user_can

register = template.Library()


@register.filter
def can(user, action: str) -> bool:
    """Whether the signed-in person may take the action (False when signed out); an unknown action raises."""
    return user_can(user, action)


class RoleOnly:
    """Stands in for the person while their menu is rendered: the role, and nothing else about them."""

    is_authenticated = True

    def __init__(self, role: str):
        self.role = role


# (role, script prefix) -> the menu's HTML. The permissions table and the addresses are code, the same for the life
# of the process, so the menu is rendered once per role: its ~30 permission checks and ~25 reversed addresses
# cost a millisecond on every page otherwise (issue 24).
_menus: dict[tuple[str, str], SafeString] = {}


@register.simple_tag
def places_menu(user) -> str:
    """The main menu's places (includes/nav_places.html) for the signed-in person's role; empty when signed out."""
    if not getattr(user, "is_authenticated", False):
        return ""
    key = (user.role, get_script_prefix())
    menu = _menus.get(key)
    if menu is None:
        menu = mark_safe(render_to_string("includes/nav_places.html", {"user": RoleOnly(user.role)}))
        if not settings.DEBUG:  # in development, an edited template shows at once
            _menus[key] = menu
    return menu
