"""The example file for importing the register in this portal's own columns.

The import itself is the SENCO's import from the MIS (mis/views.py, at mis:upload): it reads this portal's register
template as one of the CSV formats it knows (mis/csv_formats.py), so the example here still imports as it is.
"""

import csv

from django.http import HttpResponse
from django.views.generic import View

from accounts.permissions import ActionRequiredMixin
from privacy import access_log
from privacy.access_log import AccessAction

from ..importing import COLUMNS


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
