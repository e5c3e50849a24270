"""The one way of writing dates and times (common/when.py), as template filters every template has without loading
them (TEMPLATES' "builtins" in the settings):

    {{ meeting.starts_at|day }}            Tuesday 8 December 2026
    {{ meeting.starts_at|day:"short" }}    Tue 8 Dec 2026
    {{ meeting.starts_at|clock }}          3:45pm
    {{ meeting.starts_at|day_at }}         Tuesday 8 December 2026 at 3:45pm
    {{ message.sent_at|day_at:"short" }}   Tue 8 Dec 2026 at 3:45pm
    {{ meeting.starts_at|on_day:sent_on }} today, tomorrow, or on Tuesday 8 December 2026
    {{ pupil.date_of_birth|date }}         8 December 2026 (and |date:"SHORT_DATE_FORMAT": 8 Dec 2026)
"""

from django import template

from common import when

register = template.Library()

SHORT = "short"


def _short(style: str | None) -> bool:
    if style not in (None, "", SHORT):
        raise template.TemplateSyntaxError(f'Dates are written long, or "short"; not "{style}".')
    return style == SHORT


@register.filter(expects_localtime=True)
def day(value, style=None) -> str:
    return when.day(value, short=_short(style))


@register.filter(expects_localtime=True)
def day_in_week(value) -> str:
    return when.day_in_week(value)


@register.filter(expects_localtime=True)
def clock(value) -> str:
    return when.clock(value)


@register.filter(expects_localtime=True)
def day_at(value, style=None) -> str:
    return when.day_at(value, short=_short(style))


@register.filter(expects_localtime=True)
def on_day(value, today) -> str:
    return when.on_day(value, today)
