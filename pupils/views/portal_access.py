"""Portal access from the family page: invite parents and carers (SENCO and office) and a young person past
compulsory school age (SENCO), revoke access, and record the young person's agreement that their parents may
keep seeing their record. The rules are in `pupils/invitations.py`; these views only ask and report.
"""

import logging
import smtplib

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.generic import View

from accounts.models import PortalInvitation
from common import when
from pupils import invitations
from pupils.invitations import NotInvitable

from .. import responsibility
from .families import FamilyScopedMixin

logger = logging.getLogger(__name__)


def send_invitation(request, person) -> bool:
    """Invite and report the outcome as a message; True if the email went."""
    try:
        invitation = invitations.invite(person, request.user)
    except NotInvitable as reason:
        messages.error(request, str(reason))
        return False
    except (smtplib.SMTPException, OSError):
        logger.exception("Portal invitation email to %s could not be sent", person.pk)
        messages.error(request, "The email could not be sent, so nothing has changed. Please try again later.")
        return False
    messages.success(
        request,
        f"Invitation sent to {invitation.email}. The link works once, until {when.date(invitation.expires_at)}.",
    )
    return True


class ParentPortalMixin(FamilyScopedMixin):
    """A parent or carer of the pupil on the family page (a parent of another family is 'not found')."""

    def get_parent(self):
        for link in self.get_pupil().parent_links.all():  # prefetched with the parents
            if link.parent.pk == self.kwargs["parent_pk"]:
                return link.parent
        raise Http404("No such parent or carer for this pupil.")


class ParentInviteView(ParentPortalMixin, View):
    """Invite now; or, where the SENCO has not checked the parent's responsibility or email address and someone
    else asks, ask the SENCO (pupils/responsibility.py): the SENCO's approval sends the invitation."""

    http_method_names = ["post"]

    def post(self, request, pk, parent_pk):
        parent = self.get_parent()
        if not responsibility.invitation_needs_approval(parent, request.user):
            send_invitation(request, parent)
        elif reason := invitations.why_not_invitable(parent):
            messages.error(request, reason)
        else:
            link = next(link for link in self.get_pupil().parent_links.all() if link.parent_id == parent.pk)
            responsibility.ask_to_invite(link, request.user)
            messages.info(
                request,
                f"The SENCO has been asked to approve the first invitation of {parent.full_name} to the parents' "
                f"portal. The invitation goes to {parent.email} once the SENCO approves it.",
            )
        return redirect(self.family_url())


class RevokeView(View):
    """Asks first, then revokes: the account is kept (inactive) and can be invited again."""

    template_name = "pupils/portal_revoke.html"

    def get(self, request, *args, **kwargs):
        person = self.get_person()
        status = invitations.portal_status(person)
        return render(request, self.template_name, {"pupil": self.get_pupil(), "person": person, "status": status})

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        invitations.revoke_access(person, request.user)
        messages.success(request, f"{person.full_name} can no longer sign in to the portal. Nothing was deleted.")
        return redirect(self.family_url())


class ParentRevokeView(ParentPortalMixin, RevokeView):
    def get_person(self):
        return self.get_parent()


class YoungPersonMixin(FamilyScopedMixin):
    """The pupil as a young person past compulsory school age: their decisions are the SENCO's to record."""

    required_action = "young_person.manage"

    def get_person(self):
        return self.get_pupil()


class YoungPersonRevokeView(YoungPersonMixin, RevokeView):
    pass


class OwnEmailForm(forms.Form):
    own_email = forms.EmailField(
        label="Their own email address", widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )


class YoungPersonInviteView(YoungPersonMixin, View):
    """The young person's own email address, then the invitation to see their own record."""

    template_name = "pupils/young_person_invite.html"

    def get(self, request, pk):
        return self.show(OwnEmailForm(initial={"own_email": self.get_pupil().own_email}))

    def post(self, request, pk):
        pupil = self.get_pupil()
        form = OwnEmailForm(request.POST)
        if not form.is_valid():
            return self.show(form)
        pupil.own_email = form.cleaned_data["own_email"].strip().lower()
        if reason := invitations.why_not_invitable(pupil):
            form.add_error(None, reason)
            return self.show(form)
        pupil.save(update_fields=["own_email"])
        if send_invitation(request, pupil):
            return redirect(self.family_url())
        return self.show(form)

    def show(self, form):
        pupil = self.get_pupil()
        context = {
            "pupil": pupil,
            "form": form,
            "status": invitations.portal_status(pupil),
            "link_days": PortalInvitation.VALID_FOR.days,
        }
        return render(self.request, self.template_name, context)


class ParentsAgreementView(YoungPersonMixin, View):
    """Record, or withdraw, the young person's agreement that their parents may keep seeing their record."""

    template_name = "pupils/parents_agreement.html"

    def get(self, request, pk):
        return render(request, self.template_name, {"pupil": self.get_pupil()})

    def post(self, request, pk):
        pupil = self.get_pupil()
        if not pupil.is_past_compulsory_school_age():
            messages.error(
                request, f"{pupil.first_name} is not past compulsory school age: there is nothing to record."
            )
            return redirect(self.family_url())
        if request.POST.get("agreed") == "yes":
            pupil.parents_may_see_record_agreed_at = timezone.now()
            pupil.parents_may_see_record_recorded_by = request.user
            messages.success(request, f"Recorded: {pupil.first_name} agrees that their parents may see their record.")
        else:  # withdrawn: the pupil's history keeps who recorded it, when, and who withdrew it
            pupil.parents_may_see_record_agreed_at = None
            pupil.parents_may_see_record_recorded_by = None
            messages.success(
                request, f"Recorded: {pupil.first_name}'s parents no longer see their record in the portal."
            )
        pupil.save(update_fields=["parents_may_see_record_agreed_at", "parents_may_see_record_recorded_by"])
        return redirect(self.family_url())
