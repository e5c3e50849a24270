"""`{% load responsibility_requests %}{% responsibility_requests_waiting %}`: the SENCO's dashboard block for
requests about parental responsibility and first portal invitations (pupils/responsibility.py)."""

from django import template

from ..models import ResponsibilityRequest

register = template.Library()


@register.inclusion_tag("pupils/includes/responsibility_requests_block.html")
def responsibility_requests_waiting() -> dict:
    waiting = ResponsibilityRequest.objects.pending()
    return {"waiting": waiting.count(), "oldest": waiting.values_list("requested_at", flat=True).first()}
