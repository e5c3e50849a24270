"""PDF downloads: a meeting record, a one-page profile, a pupil's SEN support plan, the letters waiting to be printed,
and a review day's timetables; batches too slow to wait for are prepared by the worker."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, View

from accounts.permissions import ActionRequiredMixin
from booking.models import ReviewDay
from common import when
from common.downloads import content_disposition, file_name
from meetings.views.records import VersionScopedMixin
from notices.kinds import enclosing_kinds, enclosure_of, kind_of
from notices.views import letters_to_print
from privacy import access_log
from privacy.access_log import AccessAction
from provision.report_views import MapMixin, hidden_under
from pupils.views.records import PupilScopedMixin
from support_plans.models import SupportPlan

from .day_records import has_records
from .letters import letters_pdf
from .models import PreparedDocument, PreparedKind, PreparedStatus, SharedRecordPdf
from .plans import plan_file_name, plan_large_print, plan_pdf
from .provision_map import provision_map_pdf
from .records import family_needs_large_print, minutes_pdf, profile_pdf, record_pdf, store_shared_pdf
from .tasks import prepare_document
from .timetables import timetable_pdf


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser; `filename` should come from common.downloads.file_name."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, inline=True)
    response["Cache-Control"] = "private, no-store"
    return response


def log_download(request, pupil, what: str) -> None:
    access_log.record(request, AccessAction.DOWNLOADED_PDF, pupil=pupil, what=what)


def large_print_asked(request, default: bool) -> bool:
    """?large=1 asks for large print, ?large=0 for standard; otherwise the family's own need decides."""
    asked = request.GET.get("large")
    return default if asked not in ("0", "1") else asked == "1"


class RecordPdfView(VersionScopedMixin, View):
    """A record version as a PDF. Once shared, the copy the parents were given, byte for byte."""

    def get(self, request, pk):
        version = self.get_version()
        pupil = version.record.meeting.pupil
        meeting_date = f"{version.record.meeting.meeting_date:%Y-%m-%d}"
        filename = file_name("record", pupil.first_name, meeting_date, f"v{version.number}", ending=".pdf")
        if request.GET.get("as") == "minutes":
            large_print = large_print_asked(request, False)
            log_download(request, pupil, f"Minutes of the meeting, version {version.number} (PDF)")
            return pdf_response(minutes_pdf(version, large_print=large_print, request=request), f"minutes-{filename}")
        log_download(request, pupil, f"Meeting record, version {version.number} (PDF)")
        if version.is_shared:
            shared = SharedRecordPdf.objects.filter(version=version).first() or store_shared_pdf(version)
            if large_print_asked(request, shared.large_print) == shared.large_print:
                with shared.pdf.open("rb") as stored:
                    return pdf_response(stored.read(), filename)
        large_print = large_print_asked(request, family_needs_large_print(pupil))
        return pdf_response(record_pdf(version, large_print=large_print, request=request), filename)


class PlanPdfView(ActionRequiredMixin, View):
    """A version of a pupil's SEN support plan as the family reads it (a draft says it is one), in large print where
    the family needs it."""

    required_action = "plans.view"

    def get(self, request, pk):
        plan = get_object_or_404(SupportPlan.objects.visible_to(request.user).select_related("pupil"), pk=pk)
        large_print = large_print_asked(request, plan_large_print(plan))
        log_download(request, plan.pupil, f"SEN support plan, version {plan.number} (PDF)")
        return pdf_response(plan_pdf(plan, large_print=large_print, request=request), plan_file_name(plan))


class ProfilePdfView(PupilScopedMixin, View):
    def get(self, request, pk):
        pupil = self.get_pupil()
        large_print = large_print_asked(request, family_needs_large_print(pupil))
        log_download(request, pupil, "One-page profile (PDF)")
        return pdf_response(profile_pdf(pupil, large_print=large_print, request=request), f"profile-{pupil.pk}.pdf")


class LettersPdfView(ActionRequiredMixin, View):
    required_action = "letters.print"

    def get(self, request):
        log_download(request, None, "Letters waiting to be printed, to several families (PDF)")
        return pdf_response(letters_pdf(request.user, request=request), "letters.pdf")


class LetterEnclosureView(ActionRequiredMixin, View):
    """What a letter on the print list encloses (a shared record, a pupil's plan), to print and put in the envelope
    with it (in large print where its reader needs it). Only while the letter waits to be printed: the office needs
    it for that alone."""

    required_action = "letters.print"

    def get(self, request, pk):
        letter = get_object_or_404(letters_to_print(request.user).filter(kind__in=enclosing_kinds()), pk=pk)
        enclosure = enclosure_of(letter)
        if enclosure is None:
            raise Http404("This letter encloses nothing.")
        what = kind_of(letter).encloses.capitalize()
        log_download(request, enclosure.pupil, f"{what}, to post to {letter.recipient_name} (PDF)")
        return pdf_response(enclosure.pdf(), enclosure.file_name)


class TimetablePdfView(ActionRequiredMixin, View):
    """Everyone's timetable for the day (the SENCO and the office), or one member of staff's (?staff=<id>).
    A member of staff gets their own only, as on screen."""

    required_action = "booking.timetable"

    def get(self, request, day):
        day = get_object_or_404(ReviewDay, pk=day)
        lines = day.staff_lines.select_related("staff")
        staff = request.GET.get("staff", "")
        if not request.user.can("booking.book"):  # who books prints anyone's timetable; staff their own
            if staff and staff != str(request.user.pk):
                raise PermissionDenied("You can print your own timetable for the day.")
            staff = str(request.user.pk)
        if staff:
            lines = lines.filter(staff=staff) if staff.isdigit() else lines.none()
        lines = list(lines)
        if not lines:
            raise Http404("Nobody by that name holds appointments on this day.")
        filename = file_name(
            "timetable", f"{day.date:%Y-%m-%d}", lines[0].staff.last_name if staff else None, ending=".pdf"
        )
        whose = f"{lines[0].staff.get_full_name()}'s timetable" if staff else "everyone's timetables"
        log_download(request, None, f"{day}: {whose} (PDF)")
        return pdf_response(timetable_pdf(day, lines, request=request), filename)


class ProvisionMapPdfView(MapMixin, View):
    """The provision map as on screen (the same period and filters), A4 landscape; `?large=1` in large print."""

    def get(self, request):
        the_map = self.the_map()
        pdf = provision_map_pdf(
            the_map,
            hide_under=hidden_under(request.user),
            large_print=large_print_asked(request, default=False),
            request=request,
        )
        return pdf_response(pdf, file_name("provision-map", the_map.period.key, ending=".pdf"))


class LettersBatchView(ActionRequiredMixin, View):
    """Ask the worker to prepare one PDF of every letter waiting to be printed."""

    required_action = "letters.print"

    def post(self, request):
        document = PreparedDocument.objects.create(kind=PreparedKind.LETTERS, requested_by=request.user)
        transaction.on_commit(lambda: prepare_document.delay(document.pk))
        return redirect("documents:prepared", document.pk)


class DayRecordsBatchView(ActionRequiredMixin, View):
    """Ask the worker for every finalised record of a review day as one PDF (the SENCO: records are SEN detail)."""

    required_action = "booking.print_records"

    def post(self, request, day):
        day = get_object_or_404(ReviewDay, pk=day)
        if not has_records(day, request.user):
            messages.error(request, "No record from this day has been finalised yet, so there is nothing to print.")
            return redirect("booking:day", day.pk)
        document = PreparedDocument.objects.create(
            kind=PreparedKind.DAY_RECORDS, review_day=day, requested_by=request.user
        )
        transaction.on_commit(lambda: prepare_document.delay(document.pk))
        return redirect("documents:prepared", document.pk)


class PreparedDocumentView(ActionRequiredMixin, DetailView):
    """Waits (refreshing itself) until the batch is ready, then offers the download."""

    required_action = "letters.print"
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
            on = document.review_day.date if document.review_day else timezone.localtime(document.created_at)
            log_download(request, None, f"{document.get_kind_display()}, {when.date(on)} (PDF)")
            return pdf_response(stored.read(), f"{document.kind.replace('_', '-')}-{on:%Y-%m-%d}.pdf")
