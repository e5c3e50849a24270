"""Acting on the audit: points for action become actions, the action plan across audits, and its exports (CSV
for the school improvement plan's spreadsheet, PDF to print). The SENCO changes; the head teacher looks."""

import csv
import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import CreateView, ListView, TemplateView, UpdateView, View

from accounts.permissions import ActionRequiredMixin
from common import when
from common.downloads import content_disposition
from documents.views import pdf_response
from pupils.views.register import csv_safe

from .. import actions
from ..forms_actions import ActionForm, ActionPlanFilter, ActionUpdateForm
from ..models import AuditAction, AuditQuestion
from ..sheets import action_plan_pdf
from .running import AuditMixin


class AuditPointsView(AuditMixin, TemplateView):
    """One audit's agreed points for action, each with the actions made from it, and a way to make more."""

    template_name = "audits/action_points.html"

    def get_context_data(self, **kwargs):
        audit = self.get_audit()
        points = actions.points_for_action(audit)
        return super().get_context_data(
            audit=audit,
            points=points,
            other_actions=actions.other_actions(audit, points),
            can_change=self.can_change,
            **kwargs,
        )


class ActionCreateView(AuditMixin, CreateView):
    """A new action, from a point for action (?question=&point=) or typed afresh."""

    required_action = "audit.run"
    form_class = ActionForm
    template_name = "audits/action_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"audit": self.get_audit()}

    def get_initial(self):
        audit = self.get_audit()
        question = self.chosen_question()
        point = self.request.GET.get("point", "")
        return {
            "question": question,
            "description": actions.suggested_description(audit, question, int(point) if point.isdigit() else None),
            "owner": self.request.user,
        }

    def chosen_question(self) -> AuditQuestion | None:
        pk = self.request.GET.get("question", "")
        if not pk.isdigit():
            return None
        return self.get_audit().questions_in_scope().filter(pk=pk).first()

    def form_valid(self, form):
        form.instance.audit = self.get_audit()
        form.instance.created_by = self.request.user
        action = actions.save_action(form.save(commit=False))
        owner, due = action.owner.get_full_name(), when.date(action.due_on)
        messages.success(self.request, f"Action added for {owner}, due {due}: {action.description[:80]}")
        return redirect("audits:action_points", action.audit_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(audit=self.get_audit(), question=self.chosen_question(), **kwargs)


class ActionUpdateView(ActionRequiredMixin, UpdateView):
    """Where an action stands: its status, progress notes, and anything else that changed (reminders follow)."""

    required_action = "audit.run"
    form_class = ActionUpdateForm
    template_name = "audits/action_form.html"
    queryset = AuditAction.objects.select_related("audit", "question__section", "owner")
    context_object_name = "action"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"audit": self.object.audit}

    def form_valid(self, form):
        action = actions.save_action(form.save(commit=False))
        messages.success(self.request, f"Saved: {action.description[:80]} ({action.get_status_display().lower()}).")
        if self.came_from_points():
            return redirect("audits:action_points", action.audit_id)
        return redirect("audits:action_plan")

    def came_from_points(self) -> bool:
        return (self.request.POST.get("from") or self.request.GET.get("from")) == "points"

    def get_context_data(self, **kwargs):
        return super().get_context_data(audit=self.object.audit, from_points=self.came_from_points(), **kwargs)


class ActionPlanMixin(ActionRequiredMixin):
    """The plan as filtered in the query string: the page, the CSV and the PDF list the same actions."""

    required_action = "audit.view"

    def plan(self):
        self.today = timezone.localdate()
        self.form = ActionPlanFilter(self.request.GET or None)
        self.filters = self.form.filters()
        return actions.action_plan(today=self.today, **self.filters)

    def heading(self) -> str:
        show = dict(actions.SHOW_CHOICES)[self.filters["show"]]
        parts = [show.lower()]
        if self.filters["audit"]:
            parts.append(f"from {self.filters['audit']}")
        if self.filters["owner"]:
            parts.append(f"for {self.filters['owner'].get_full_name()}")
        return " ".join(parts).capitalize()


class ActionPlanView(ActionPlanMixin, ListView):
    """Open actions across audits by default, soonest due first, overdue ones marked; filters in the query string."""

    template_name = "audits/action_plan.html"
    context_object_name = "actions"
    paginate_by = 50

    def get_queryset(self):
        return self.plan()

    def query_string(self) -> str:
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            heading=self.heading(),
            query_string=self.query_string(),
            can_change=self.request.user.can("audit.run"),
            **kwargs,
        )


class ActionPlanCsvView(ActionPlanMixin, View):
    def get(self, request):
        buffer = io.StringIO()
        # The byte-order mark tells Excel the file is UTF-8, so "Parents' evening – café" survives opening.
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(actions.CSV_COLUMNS)
        for action in self.plan():
            writer.writerow([csv_safe(value) for value in actions.plan_row(action)])
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        filename = f"audit-action-plan-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = content_disposition(filename)
        return response


class ActionPlanPdfView(ActionPlanMixin, View):
    def get(self, request):
        actions_listed = list(self.plan())
        pdf = action_plan_pdf(actions_listed, heading=self.heading(), today=self.today, request=request)
        return pdf_response(pdf, f"audit-action-plan-{self.today:%Y-%m-%d}.pdf")
