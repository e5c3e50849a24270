"""The SENCO's answers to requests about parental responsibility and first portal invitations
(pupils/responsibility.py): the waiting requests with the family's other contacts beside each, and the decisions.
"""

import logging
import smtplib

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import ListView, View

from accounts.permissions import ActionRequiredMixin
from common.text import one_line_input
from pupils.invitations import NotInvitable

from .. import responsibility
from ..models import PupilParent, RequestDecision, RequestKind, ResponsibilityRequest

logger = logging.getLogger(__name__)

RECENT_DAYS = 30


class RefusalForm(forms.Form):
    reason = one_line_input(
        label="Why (optional, for the office)",
        required=False,
        max_length=ResponsibilityRequest._meta.get_field("refusal_reason").max_length,
    )


class RequestListView(ActionRequiredMixin, ListView):
    """Requests waiting for the SENCO, oldest first, each beside the family's contacts; then those answered
    in the last 30 days."""

    required_action = "responsibility.approve"
    template_name = "pupils/responsibility_requests.html"
    context_object_name = "waiting"

    def get_queryset(self):
        family = Prefetch(
            "link__pupil__parent_links",
            queryset=PupilParent.objects.select_related("parent").order_by("contact_order"),
            to_attr="family",
        )
        return (
            ResponsibilityRequest.objects.pending()
            .select_related("link__pupil", "link__parent", "requested_by")
            .prefetch_related(family, "link__parent__pupil_links__pupil")
        )

    def get_context_data(self, **kwargs):
        since = timezone.now() - timezone.timedelta(days=RECENT_DAYS)
        answered = (
            ResponsibilityRequest.objects.exclude(decision=RequestDecision.PENDING)
            .filter(decided_at__gte=since)
            .select_related("link__pupil", "link__parent", "requested_by", "decided_by")
            .order_by("-decided_at")
        )
        return super().get_context_data(
            answered=answered, recent_days=RECENT_DAYS, refusal_form=RefusalForm(), kinds=RequestKind, **kwargs
        )


class RequestDecisionView(ActionRequiredMixin, View):
    """Approve (which, for an invitation, sends it) or refuse one request."""

    required_action = "responsibility.approve"
    http_method_names = ["post"]
    approve = True

    def post(self, request, pk):
        asked = get_object_or_404(ResponsibilityRequest.objects.select_related("link__pupil", "link__parent"), pk=pk)
        parent, pupil = asked.link.parent, asked.link.pupil
        form = RefusalForm(request.POST)
        if not self.approve and not form.is_valid():
            messages.error(request, f"Nothing was refused: {' '.join(form.errors['reason'])}")
            return redirect("pupils:responsibility_requests")
        try:
            if self.approve:
                responsibility.approve(asked, request.user)
            else:
                responsibility.refuse(asked, request.user, form.cleaned_data["reason"])
        except responsibility.AlreadyDecided as error:
            messages.info(request, str(error))
        except NotInvitable as reason:
            messages.error(request, f"Nothing was approved: {reason}")
        except (smtplib.SMTPException, OSError):
            logger.exception("Portal invitation email to parent %s could not be sent", parent.pk)
            messages.error(
                request, "The invitation email could not be sent, so nothing was approved. Please try again later."
            )
        else:
            messages.success(request, self.outcome(asked, parent.full_name, pupil.full_name))
        return redirect("pupils:responsibility_requests")

    def outcome(self, asked: ResponsibilityRequest, parent: str, pupil: str) -> str:
        if not self.approve:
            return f"Refused: {asked.get_kind_display().lower()} for {parent} ({pupil}). Nothing has changed."
        if asked.kind == RequestKind.RESPONSIBILITY:
            return f"Approved: {parent} has parental responsibility for {pupil}."
        return f"Approved: {parent} has been sent an invitation to the parents' portal."
