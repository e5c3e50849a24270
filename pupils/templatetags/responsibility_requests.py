"""`{% load responsibility_requests %}{% responsibility_requests_waiting %}`: the SENCO's dashboard block for
requests about parental responsibility and first portal invitations (pupils/responsibility.py)."""

from django import template

from common.scalars import Scalar, ask_together, count, first_value

from ..models import ResponsibilityRequest

register = template.Library()


def waiting_figures() -> dict[str, Scalar]:
    """The block's figures, to be asked together with the rest of the dashboard's (overview's dashboard_figures)."""
    pending = ResponsibilityRequest.objects.pending()
    return {"waiting": count(pending), "oldest": first_value(pending, "requested_at")}


@register.inclusion_tag("pupils/includes/responsibility_requests_block.html")
def responsibility_requests_waiting(figures: dict | None = None) -> dict:
    return figures or ask_together(waiting_figures())
