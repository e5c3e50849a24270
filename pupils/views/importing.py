"""Import the SEND register from the MIS: upload, check (a preview that changes nothing), confirm.

The check's changes (pupils/import_changes.py) wait in the session between the preview and the confirmation, under
a random token shown only on that preview, and are removed once used (or when the page is opened again). Confirm
saves them without checking the file again: the whole check runs once per upload.
"""

import csv
import secrets

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils.crypto import constant_time_compare
from django.views.generic import View

from accounts.permissions import ActionRequiredMixin
from privacy import access_log
from privacy.access_log import AccessAction

from ..forms_import import RegisterImportForm
from ..import_changes import CheckedChange
from ..importing import COLUMNS, ImportReport, check_register, save_report
from ..models import AreaOfNeed

SESSION_KEY = "pupils_register_import"


class RegisterImportView(ActionRequiredMixin, View):
    required_action = "register.import"
    template_name = "pupils/register_import.html"

    def get(self, request):
        request.session.pop(SESSION_KEY, None)
        return self.show(RegisterImportForm())

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm()
        request.session.pop(SESSION_KEY, None)
        form = RegisterImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form)
        upload = form.cleaned_data["file"]
        data = upload.read()
        report = check_register(data)
        token = ""
        if report.ok and report.changes:
            token = secrets.token_urlsafe(24)
            request.session[SESSION_KEY] = {
                "token": token,
                "filename": upload.name,
                "changes": [change.as_dict() for change in report.changes],
                "created": report.created,
                "updated": report.updated,
            }
        return self.show(RegisterImportForm(), report=report, token=token, filename=upload.name)

    def confirm(self):
        request = self.request
        pending = request.session.pop(SESSION_KEY, None)
        # A check made before this version kept the file, not its changes: it has to be made again.
        if (
            not pending
            or "changes" not in pending
            or not constant_time_compare(request.POST.get("token", ""), pending["token"])
        ):
            messages.error(
                request, "That check has expired or was replaced by another one. Please upload the file again."
            )
            return redirect("pupils:import")
        problems = save_report([CheckedChange.from_dict(change) for change in pending["changes"]])
        if problems:
            # The register changed since the check; nothing was imported. Show why.
            return self.show(RegisterImportForm(), report=ImportReport(errors=problems), filename=pending["filename"])
        created, updated = pending["created"], pending["updated"]
        messages.success(request, f"Imported: {created} new pupil{pluralize(created)}, {updated} updated.")
        return redirect("pupils:register")

    def show(self, form, *, report: ImportReport | None = None, token: str = "", filename: str = ""):
        context = {
            "form": form,
            "report": report,
            "token": token,
            "filename": filename,
            "columns": COLUMNS,
            "needs": AreaOfNeed.choices,
        }
        return render(self.request, self.template_name, context)


class RegisterImportTemplateView(ActionRequiredMixin, View):
    """An example file: the column headings and one made-up pupil."""

    required_action = "register.import"

    def get(self, request):
        what = "Example file for the register import (CSV; one made-up pupil)"
        access_log.record(request, AccessAction.EXPORTED, what=what)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="send-register-import-example.csv"'
        response.write("\ufeff")  # so Excel opens it as UTF-8
        writer = csv.writer(response)
        writer.writerow([column.header for column in COLUMNS])
        writer.writerow([column.example for column in COLUMNS])
        return response
