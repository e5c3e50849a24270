"""For the portal's home page: the questionnaires a signed-in parent is asked to answer now."""

from django import template

from accounts.permissions import user_can

from ..questionnaire import open_for

register = template.Library()


@register.simple_tag
def open_questionnaires_for(user) -> list:
    if not user_can(user, "questionnaire.answer"):
        return []
    return list(open_for(getattr(user, "parent_record", None)))
