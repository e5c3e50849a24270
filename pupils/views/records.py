"""One pupil's record: details, one-page profile and professionals (targets and provision are written in the
pupil's SEN support plan: support_plans/)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, UpdateView, View

from accounts.permissions import ActionRequiredMixin
from common.json_rows import Rows
from privacy.access_log import LogsRecordViewMixin

from ..forms import (
    OnePageProfileForm,
    ProfessionalForm,
    PupilForm,
    PupilRemovalForm,
)
from ..history import pupil_history
from ..models import (
    OnePageProfile,
    ProfessionalInvolvement,
    Pupil,
    SenStatus,
)
from ..sen_changes import report_by_hand, standing


class PupilScopedMixin(ActionRequiredMixin):
    """Fetch the pupil named in the URL from the pupils this person may see: anything else is a 404."""

    required_action = "register.view"

    def visible_pupils(self):
        return Pupil.objects.visible_to(self.request.user)

    def get_pupil(self) -> Pupil:
        if not hasattr(self, "_pupil"):
            self._pupil = get_object_or_404(self.visible_pupils(), pk=self.kwargs["pk"])
        return self._pupil

    def get_success_url(self):
        return reverse("pupils:pupil_detail", args=[self.get_pupil().pk])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("pupil", self.get_pupil())
        return super().get_context_data(**kwargs)


class PupilFormMixin(PupilScopedMixin):
    """Add or change a record that belongs to the pupil in the URL."""

    template_name = "pupils/form.html"
    heading = ""

    def form_valid(self, form):
        if not form.instance.pk:
            form.instance.pupil = self.get_pupil()
        response = super().form_valid(form)
        messages.success(self.request, f"Saved: {self.heading.lower()} for {self.get_pupil().full_name}.")
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


class ChildRecordMixin(PupilFormMixin):
    """Change a record (target, provision...) found by its own id, within the visible pupils."""

    def get_queryset(self):
        return self.model.objects.filter(pupil__in=self.visible_pupils()).select_related("pupil")

    def get_pupil(self) -> Pupil:
        return self.get_object().pupil

    def get_object(self, queryset=None):
        if not hasattr(self, "object") or self.object is None:
            self.object = super().get_object(queryset)
        return self.object


# The record's short lists, read with the pupil in one query rather than a query each (the page's query count).
RECORD_LISTS = (
    Rows("teaching_assistants"),
    Rows("outcomes", within=(Rows("progress_notes", select=("recorded_by",)),)),
    Rows("provisions", select=("staff",)),
    Rows("professionals"),
    Rows("parent_links", select=("parent",)),
)


class PupilDetailView(LogsRecordViewMixin, PupilScopedMixin, DetailView):
    template_name = "pupils/pupil_detail.html"
    context_object_name = "pupil"
    access_log_what = "The pupil's record"

    def get_object(self, queryset=None):
        pupils = self.visible_pupils().select_related("key_worker", "class_teacher", "profile")
        pupils = pupils.annotate(**Rows.columns(Pupil, RECORD_LISTS))
        self._pupil = get_object_or_404(pupils, pk=self.kwargs["pk"])
        Rows.attach_all(self._pupil, RECORD_LISTS)
        return self._pupil

    def get_context_data(self, **kwargs):
        try:
            profile = self.object.profile
        except OnePageProfile.DoesNotExist:
            profile = None
        return super().get_context_data(
            pupil=self.object,
            profile=profile,
            meetings=self.object.meetings.select_related("led_by").order_by("-starts_at"),
            **kwargs,
        )


class PupilCreateView(ActionRequiredMixin, CreateView):
    required_action = "register.edit"
    model = Pupil
    form_class = PupilForm
    template_name = "pupils/form.html"
    extra_context = {"heading": "Add a pupil to the SEND register"}

    def form_valid(self, form):
        response = super().form_valid(form)
        report_by_hand(self.object, SenStatus.NO_SEN, self.request.user)
        messages.success(self.request, f"{self.object.full_name} is on the SEND register.")
        return response

    def get_success_url(self):
        return reverse("pupils:pupil_detail", args=[self.object.pk])


class SenChangeReportedMixin:
    """A change to the pupil's SEN status made on this page is reported (pupils/sen_changes.py) once saved."""

    def form_valid(self, form):
        # Where the pupil stood as the page was opened: the form has already put the new values on the instance.
        before = standing(Pupil.objects.get(pk=self.object.pk))
        response = super().form_valid(form)
        report_by_hand(self.object, before, self.request.user)
        return response


class PupilUpdateView(SenChangeReportedMixin, PupilFormMixin, UpdateView):
    required_action = "register.edit"
    form_class = PupilForm
    heading = "Pupil details"

    def get_object(self, queryset=None):
        return self.get_pupil()


class PupilRemoveView(SenChangeReportedMixin, PupilFormMixin, UpdateView):
    """Take a pupil off the register: the pupil and their history stay, shown under 'past pupils'."""

    required_action = "register.edit"
    form_class = PupilRemovalForm
    heading = "Removal from the register"
    template_name = "pupils/pupil_remove.html"

    def get_object(self, queryset=None):
        return self.get_pupil()

    def get_initial(self):
        return {"removed_from_register_on": timezone.localdate()}


class PupilReturnView(PupilScopedMixin, View):
    """Put a past pupil back on the register; the earlier removal stays in the history."""

    required_action = "register.edit"

    def post(self, request, pk):
        pupil = self.get_pupil()
        if pupil.removed_from_register_on:
            before = standing(pupil)
            pupil.removed_from_register_on = None
            pupil.removal_reason = ""
            pupil.added_to_register_on = timezone.localdate()
            pupil.save()
            report_by_hand(pupil, before, request.user)
            messages.success(request, f"{pupil.full_name} is back on the SEND register.")
        return redirect(self.get_success_url())


class PupilHistoryView(LogsRecordViewMixin, PupilScopedMixin, DetailView):
    required_action = "register.edit"
    template_name = "pupils/pupil_history.html"
    context_object_name = "pupil"
    access_log_what = "The history of changes to the record"

    def get_object(self, queryset=None):
        return self.get_pupil()

    def get_context_data(self, **kwargs):
        return super().get_context_data(entries=pupil_history(self.object), **kwargs)


class ProfileUpdateView(PupilFormMixin, UpdateView):
    form_class = OnePageProfileForm
    heading = "One-page profile"

    def get_object(self, queryset=None):
        return OnePageProfile.objects.filter(pupil=self.get_pupil()).first() or OnePageProfile(pupil=self.get_pupil())


class ProfilePrintView(LogsRecordViewMixin, PupilScopedMixin, DetailView):
    """The one-page profile as a clean printable page."""

    template_name = "pupils/profile_print.html"
    context_object_name = "pupil"
    access_log_what = "One-page profile (printable page)"

    def get_object(self, queryset=None):
        return self.get_pupil()

    def get_context_data(self, **kwargs):
        profile = OnePageProfile.objects.filter(pupil=self.object).first() or OnePageProfile(pupil=self.object)
        return super().get_context_data(profile=profile, **kwargs)


class ProfessionalCreateView(PupilFormMixin, CreateView):
    required_action = "provision.manage"
    form_class = ProfessionalForm
    heading = "Professional involved"


class ProfessionalUpdateView(ChildRecordMixin, UpdateView):
    required_action = "provision.manage"
    model = ProfessionalInvolvement
    form_class = ProfessionalForm
    heading = "Professional involved"
