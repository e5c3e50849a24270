"""Reports and documents: the handover for a new SENCO, the governors' anonymous figures, and the audit tool sheets
(blank to photocopy, or completed with the agreed positions). The SENCO and the head teacher see them all."""

from django.utils import timezone
from django.views.generic import TemplateView, View

from accounts.permissions import ActionRequiredMixin
from documents.views import pdf_response

from .. import reports, sheets
from .running import AuditMixin


class HandoverView(ActionRequiredMixin, TemplateView):
    required_action = "audit.view"
    template_name = "audits/handover.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(handover=reports.handover(timezone.localdate()), **kwargs)


class HandoverPdfView(ActionRequiredMixin, View):
    required_action = "audit.view"

    def get(self, request):
        summary = reports.handover(timezone.localdate())
        return pdf_response(sheets.handover_pdf(summary, request=request), "audit-handover.pdf")


class GovernorsMixin(ActionRequiredMixin):
    required_action = "audit.view"

    def figures(self) -> reports.GovernorsFigures:
        by = reports.BY_YEAR if self.request.GET.get("by") == reports.BY_YEAR else reports.BY_PHASE
        return reports.governors_figures(timezone.localdate(), by=by)


class GovernorsReportView(GovernorsMixin, TemplateView):
    template_name = "audits/governors.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(figures=self.figures(), **kwargs)


class GovernorsReportPdfView(GovernorsMixin, View):
    def get(self, request):
        figures = self.figures()
        return pdf_response(
            sheets.governors_pdf(figures, request=request), f"sen-figures-{figures.year.label.replace('/', '-')}.pdf"
        )


class BlankSheetsPdfView(ActionRequiredMixin, View):
    """Every question in use, with room to write."""

    required_action = "audit.view"

    def get(self, request):
        return pdf_response(sheets.blank_sheets_pdf(request=request), "audit-sheets-blank.pdf")


class AuditBlankSheetsPdfView(AuditMixin, View):
    """The questions of one audit's scope, with room to write: for the groups it asks."""

    def get(self, request, pk):
        audit = self.get_audit()
        return pdf_response(sheets.blank_sheets_pdf(audit, request=request), f"audit-{audit.pk}-sheets-blank.pdf")


class AuditCompletedSheetsPdfView(AuditMixin, View):
    def get(self, request, pk):
        audit = self.get_audit()
        return pdf_response(sheets.completed_sheets_pdf(audit, request=request), f"audit-{audit.pk}-sheets.pdf")
