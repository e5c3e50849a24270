"""For the portal's home page: the questionnaires a signed-in parent is asked to answer now."""

from django import template

from accounts.models import Role

from ..questionnaire import open_for

register = template.Library()


@register.simple_tag
def open_questionnaires_for(user) -> list:
    if not user.is_authenticated or user.role != Role.PARENT:
        return []
    return list(open_for(getattr(user, "parent_record", None)))
