"""The directory of support services outside school, kept by the SENCO and the office.

Families read it in the portal (`portal:services`); staff read it here and signpost services in meeting records.
"""

from django.contrib import messages
from django.urls import reverse_lazy
from django.views.generic import CreateView, ListView, UpdateView

from accounts.permissions import ActionRequiredMixin
from pupils.models import AreaOfNeed

from .forms import SupportServiceForm
from .models import SupportService, grouped_by_kind


class ServiceListView(ActionRequiredMixin, ListView):
    """Every service, grouped by kind; `?need=ASD` keeps those that help with that need (and with any need)."""

    required_action = "services.view"
    template_name = "services/service_list.html"
    context_object_name = "services"

    @property
    def can_manage(self) -> bool:
        return self.request.user.can("services.manage")

    @property
    def need(self) -> str:
        need = self.request.GET.get("need", "")
        return need if need in AreaOfNeed.values else ""

    def get_queryset(self):
        services = SupportService.objects.all() if self.can_manage else SupportService.objects.active()
        return [service for service in services if not self.need or service.serves(self.need)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=grouped_by_kind(self.object_list),
            needs=AreaOfNeed.choices,
            need=self.need,
            need_label=AreaOfNeed(self.need).label if self.need else "",
            can_manage=self.can_manage,
            **kwargs,
        )


class ServiceFormMixin(ActionRequiredMixin):
    required_action = "services.manage"
    model = SupportService
    form_class = SupportServiceForm
    template_name = "services/service_form.html"
    success_url = reverse_lazy("services:list")
    saved_message = ""

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.saved_message.format(name=self.object.name))
        return response


class ServiceAddView(ServiceFormMixin, CreateView):
    saved_message = "{name} is in the directory."


class ServiceEditView(ServiceFormMixin, UpdateView):
    saved_message = "{name} is saved. Records already shared keep the details they gave."
