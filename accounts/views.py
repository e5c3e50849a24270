from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import UpdateView

from school.forms import SchoolSettingsForm
from school.models import School

from .models import Role
from .permissions import ActionRequiredMixin

HOME_BY_ROLE = {
    Role.SENCO: "meetings:dashboard",
    Role.STAFF: "meetings:mine",
    Role.OFFICE: "pupils:families",
    Role.HEAD: "pupils:figures",
    Role.PARENT: "portal:home",
    Role.YOUNG_PERSON: "portal:home",
}


def home(request):
    """Send each person to the page their role starts from."""
    return redirect(HOME_BY_ROLE[request.user.role])


class PasswordResetView(auth_views.PasswordResetView):
    """Django's forgotten-password form, but the emailed link starts with SITE_URL, as invitations do: the request's
    Host header is the sender's to choose, and a forged one would mail our users a link to someone else's site."""

    def form_valid(self, form):
        # Read per request, not at import, so the setting can change (and tests can change it).
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


class SchoolSettingsView(ActionRequiredMixin, UpdateView):
    """The school's settings for the SENCO and the head: here rather than in school/, which sits below the table of
    who may do what (accounts/permissions.py) and so cannot check it."""

    required_action = "school.settings"
    form_class = SchoolSettingsForm
    template_name = "school/settings.html"

    def get_object(self, queryset=None):
        return School.objects.get_or_create(pk=1)[0]

    def form_valid(self, form):
        messages.success(self.request, "The school's settings are saved.")
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("accounts:school_settings")
