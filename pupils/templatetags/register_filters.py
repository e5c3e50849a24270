"""`{% load register_filters %}{% filter_select field %}`: the register's filter menus, written out here.

Django's widget templates render each <option> through the template engine; the register's six menus (every
class and every member of staff among them) cost it more than the fifty pupils it lists."""

from django import template
from django.forms import BoundField
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def filter_select(field: BoundField) -> str:
    value = field.value()
    chosen = "" if value is None else str(value)
    attrs = {**field.field.widget.attrs, "name": field.html_name, "id": field.auto_id}
    options = []
    for key, label in field.field.choices:
        key = str(key)
        selected = " selected" if key == chosen else ""
        options.append(f'<option value="{escape(key)}"{selected}>{escape(label)}</option>')
    return mark_safe(f"<select{flatatt(attrs)}>{''.join(options)}</select>")  # every value escaped above
