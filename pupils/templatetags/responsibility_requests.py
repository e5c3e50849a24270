"""`{% load responsibility_requests %}{% responsibility_requests_waiting %}`: the SENCO's dashboard block for
requests about parental responsibility and first portal invitations (pupils/responsibility.py)."""

from django import template
from django.db.models import Count, Min

from ..models import ResponsibilityRequest

register = template.Library()


@register.inclusion_tag("pupils/includes/responsibility_requests_block.html")
def responsibility_requests_waiting() -> dict:
    return ResponsibilityRequest.objects.pending().aggregate(waiting=Count("pk"), oldest=Min("requested_at"))
