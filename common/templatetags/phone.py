"""`href="{{ number|tel }}"`: a phone number as a link a phone can dial (common/phone.py). Loaded in every template
(TEMPLATES builtins), pages and emails alike."""

from django import template

from common.phone import tel_href

register = template.Library()


@register.filter
def tel(number: str) -> str:
    return tel_href(number)
