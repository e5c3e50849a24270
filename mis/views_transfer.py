"""A leaver's record for their next school: the CTF (for the next school's MIS) and the SEN file (a PDF for its
SENCO). The SENCO only; each download is written in the access log."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import View

from common.downloads import content_disposition, file_name
from documents.views import pdf_response
from privacy import access_log
from privacy.access_log import AccessAction
from pupils.views.records import PupilScopedMixin

from .ctf_writer import write_ctf
from .sen_file import sen_file_pdf
from .transfer import ctf_file_name, transfer_file


class PupilCtfView(PupilScopedMixin, View):
    """The pupil's Common Transfer File, to upload to the next school (or to the DfE's School to School service)."""

    required_action = "register.transfer"

    def get(self, request, pk):
        pupil = self.get_pupil()
        if not pupil.upn:
            # The next school's MIS refuses a CTF pupil without a UPN: say so here, not after the upload.
            messages.error(
                request,
                f"{pupil.full_name} has no UPN (unique pupil number), and a CTF cannot be read without one. "
                "Add the UPN from the school's MIS under Edit details, then make the CTF again.",
            )
            return redirect("pupils:pupil_detail", pupil.pk)
        ctf = transfer_file([pupil])
        access_log.record(
            request, AccessAction.EXPORTED, pupil=pupil, what="Common Transfer File (CTF) for the next school"
        )
        response = HttpResponse(write_ctf(ctf), content_type="application/xml; charset=utf-8")
        name = ctf_file_name(ctf.header, label=(pupil.legal_last_name, pupil.pk))
        response["Content-Disposition"] = content_disposition(name)
        response["Cache-Control"] = "private, no-store"
        return response


class PupilSenFileView(PupilScopedMixin, View):
    """The pupil's SEN file as one PDF, for the next school's SENCO."""

    required_action = "register.transfer"

    def get(self, request, pk):
        pupil = self.get_pupil()
        access_log.record(request, AccessAction.DOWNLOADED_PDF, pupil=pupil, what="SEN file for the next school (PDF)")
        name = file_name("SEN-file", pupil.legal_first_name, pupil.legal_last_name, pupil.pk, ending=".pdf")
        return pdf_response(sen_file_pdf(pupil, request=request), name)
