"""PDF downloads: a meeting record, a one-page profile, and the letters waiting to be printed."""

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import DetailView, View

from accounts.permissions import RoleRequiredMixin
from meetings.views.records import VersionScopedMixin
from notices.views import LETTER_ROLES
from pupils.views.records import PupilScopedMixin

from .letters import letters_pdf
from .models import PreparedDocument, PreparedStatus, SharedRecordPdf
from .records import family_needs_large_print, profile_pdf, record_pdf, store_shared_pdf
from .tasks import prepare_document


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def large_print_asked(request, default: bool) -> bool:
    """?large=1 asks for large print, ?large=0 for standard; otherwise the family's own need decides."""
    asked = request.GET.get("large")
    return default if asked not in ("0", "1") else asked == "1"


class RecordPdfView(VersionScopedMixin, View):
    """A record version as a PDF. Once shared, the copy the parents were given, byte for byte."""

    def get(self, request, pk):
        version = self.get_version()
        pupil = version.record.meeting.pupil
        filename = f"record-{pupil.first_name}-{version.record.meeting.meeting_date:%Y-%m-%d}-v{version.number}.pdf"
        if version.is_shared:
            shared = SharedRecordPdf.objects.filter(version=version).first() or store_shared_pdf(version)
            if large_print_asked(request, shared.large_print) == shared.large_print:
                with shared.pdf.open("rb") as stored:
                    return pdf_response(stored.read(), filename)
        large_print = large_print_asked(request, family_needs_large_print(pupil))
        return pdf_response(record_pdf(version, large_print=large_print, request=request), filename)


class ProfilePdfView(PupilScopedMixin, View):
    def get(self, request, pk):
        pupil = self.get_pupil()
        large_print = large_print_asked(request, family_needs_large_print(pupil))
        return pdf_response(profile_pdf(pupil, large_print=large_print, request=request), f"profile-{pupil.pk}.pdf")


class LettersPdfView(RoleRequiredMixin, View):
    allowed_roles = LETTER_ROLES

    def get(self, request):
        return pdf_response(letters_pdf(request.user, request=request), "letters.pdf")


class LettersBatchView(RoleRequiredMixin, View):
    """Ask the worker to prepare one PDF of every letter waiting to be printed."""

    allowed_roles = LETTER_ROLES

    def post(self, request):
        document = PreparedDocument.objects.create(kind="letters", requested_by=request.user)
        transaction.on_commit(lambda: prepare_document.delay(document.pk))
        return redirect("documents:prepared", document.pk)


class PreparedDocumentView(RoleRequiredMixin, DetailView):
    """Waits (refreshing itself) until the batch is ready, then offers the download."""

    allowed_roles = LETTER_ROLES
    template_name = "documents/prepared.html"
    context_object_name = "document"

    def get_queryset(self):
        return PreparedDocument.objects.filter(requested_by=self.request.user)


class PreparedDocumentDownloadView(PreparedDocumentView):
    def get(self, request, pk):
        document = self.get_object()
        if document.status != PreparedStatus.READY:
            return redirect("documents:prepared", document.pk)
        with document.pdf.open("rb") as stored:
            return pdf_response(stored.read(), f"{document.kind}-{document.created_at:%Y-%m-%d}.pdf")
