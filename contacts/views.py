"""The contact log and concerns. Every query starts from `Pupil.objects.visible_to(user)` via the querysets."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, ListView, TemplateView

from accounts.models import Role
from accounts.permissions import ActionRequiredMixin
from privacy.access_log import LogsRecordViewMixin
from pupils.models import Pupil
from school.years import AcademicYear, academic_year_of

from . import concerns as rules
from . import positive_news
from .figures import figures_for_year
from .forms import ContactForm, ResponseForm
from .models import Concern, Contact

CONCERN_ROWS = ("contact__pupil", "contact__parent", "contact__recorded_by", "assigned_to")


class PupilContactsMixin(ActionRequiredMixin):
    def get_pupil(self) -> Pupil:
        if not hasattr(self, "_pupil"):
            self._pupil = get_object_or_404(Pupil.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return self._pupil


class ContactAddView(PupilContactsMixin, FormView):
    """Log a contact. The office logs contacts for any family (their page shows no SEN detail)."""

    required_action = "contacts.log"
    form_class = ContactForm
    template_name = "contacts/contact_form.html"

    def get_form_kwargs(self):
        pupil = self.get_pupil()
        return super().get_form_kwargs() | {"pupil": pupil, "default_assignee": rules.default_assignee(pupil)}

    def get_initial(self):
        # From "Positive news": a call to the family with good news, ticked as such.
        if self.request.GET.get("positive"):
            return {"is_positive_news": True, "direction": "out"}
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(pupil=self.get_pupil(), **kwargs)

    def form_valid(self, form):
        contact = form.save(commit=False)
        contact.pupil = self.get_pupil()
        contact.recorded_by = self.request.user
        rules.log_contact(contact, assigned_to=form.cleaned_data.get("assigned_to"))
        if contact.raises_concern:
            concern = contact.concern
            messages.success(
                self.request,
                f"Contact logged. {concern.assigned_to.get_full_name()} will respond {concern.due_in_words}.",
            )
        else:
            messages.success(self.request, "Contact logged.")
        if not self.request.user.can("register.view"):  # the office: back to the family's contact details
            return redirect("pupils:family_detail", contact.pupil.pk)
        return redirect("contacts:pupil_contacts", contact.pupil.pk)


class PupilContactsView(LogsRecordViewMixin, PupilContactsMixin, ListView):
    required_action = "register.view"
    access_log_what = "contacts with the family"
    template_name = "contacts/pupil_contacts.html"
    context_object_name = "contacts"

    def get_queryset(self):
        return (
            Contact.objects.visible_to(self.request.user)
            .filter(pupil=self.get_pupil())
            .select_related("parent", "recorded_by", "concern__assigned_to", "concern__responded_by")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(pupil=self.get_pupil(), now=timezone.now(), **kwargs)


class ConcernListView(ActionRequiredMixin, ListView):
    """'My concerns to answer': the signed-in person's open concerns, soonest due first."""

    required_action = "concerns.respond"
    template_name = "contacts/concern_list.html"
    context_object_name = "concerns"
    heading = "My concerns to answer"

    def get_queryset(self):
        return (
            Concern.objects.visible_to(self.request.user)
            .open()
            .filter(assigned_to=self.request.user)
            .select_related(*CONCERN_ROWS)
            .order_by("due_at", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, now=timezone.now(), **kwargs)


class OverdueConcernsView(ConcernListView):
    """Every concern past its deadline with no response: the SENCO's view from the dashboard."""

    required_action = "concerns.oversee"
    heading = "Concerns overdue"

    def get_queryset(self):
        return (
            Concern.objects.visible_to(self.request.user)
            .overdue()
            .select_related(*CONCERN_ROWS)
            .order_by("due_at", "pk")
        )


class RespondView(ActionRequiredMixin, FormView):
    """Record the response: this closes the concern and cancels its reminder."""

    required_action = "concerns.respond"
    form_class = ResponseForm
    template_name = "contacts/respond.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.may_take_action(request):
            return super().dispatch(request, *args, **kwargs)
        self.concern = get_object_or_404(
            Concern.objects.visible_to(request.user).select_related(*CONCERN_ROWS, "responded_by"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.concern.is_open:
            messages.info(request, "This concern already has a response.")
            return redirect("contacts:pupil_contacts", self.concern.contact.pupil_id)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            concern=self.concern, pupil=self.concern.contact.pupil, now=timezone.now(), **kwargs
        )

    def form_valid(self, form):
        if not self.concern.is_open:
            messages.info(self.request, "This concern already has a response.")
        else:
            rules.record_response(self.concern, form.cleaned_data["response_summary"], by=self.request.user)
            messages.success(self.request, "Response recorded. The concern is closed.")
        return redirect(reverse("contacts:mine"))


class ResponseFiguresView(ActionRequiredMixin, TemplateView):
    """Responses to concerns, per term of an academic year (?year=2025 for 2025/26)."""

    required_action = "concerns.oversee"
    template_name = "contacts/figures.html"

    def get_context_data(self, **kwargs):
        current = academic_year_of(timezone.localdate())
        try:
            year = AcademicYear(int(self.request.GET.get("year", current.start_year)))
        except ValueError:
            year = current
        rows = figures_for_year(year, Concern.objects.visible_to(self.request.user))
        return super().get_context_data(
            year=year, rows=rows, previous=year.previous(), next=year.next() if year != current else None, **kwargs
        )


class PositiveNewsView(ActionRequiredMixin, TemplateView):
    """Good news shared with families: my count this week, the families I work with who have not heard any for a
    while, and for the SENCO the school's figure week by week."""

    required_action = "concerns.respond"
    template_name = "contacts/positive_news.html"

    def get_context_data(self, **kwargs):
        user, now = self.request.user, timezone.now()
        context = {
            "my_count": positive_news.my_count_this_week(user, now),
            "quiet": positive_news.quiet_families(user, now),
            "quiet_days": positive_news.QUIET_AFTER.days,
        }
        if user.role == Role.SENCO:
            context["weeks"] = positive_news.school_weeks(now)
            context["staff_expected"] = positive_news.staff_expected_to_share()
            context["staff_this_week"] = positive_news.staff_this_week(now)
        return super().get_context_data(**context, **kwargs)
