"""A pupil's SEN status as a badge, written one way on the record and on every row of the register."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from pupils.models import SenStatus

register = template.Library()

BADGE_CLASSES = {
    SenStatus.EHC_PLAN: "text-bg-primary",
    SenStatus.SEN_SUPPORT: "text-bg-success",
    SenStatus.NO_SEN: "text-bg-light border",
    SenStatus.MONITORING: "text-bg-warning",
}


@register.simple_tag
def sen_status_badge(status: str) -> SafeString:
    """`<span class="badge ...">EHC plan</span>`; anything else reads as monitoring."""
    status = status if status in BADGE_CLASSES else SenStatus.MONITORING
    return format_html('<span class="badge {}">{}</span>', BADGE_CLASSES[status], SenStatus(status).label)
