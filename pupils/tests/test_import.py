"""The register's import is the import from the MIS now (mis/tests/test_register_template.py has the register's own
columns there): the old address leads to it, and the example file of the register's columns is still here."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from pupils.upn import check_letter
from pupils.views.importing import RegisterImportTemplateView

pytestmark = pytest.mark.django_db

HEADER = (
    "UPN,Legal Surname,Legal Forename,Preferred Forename,DOB,Year,Reg Group,"
    "SEN Status,Primary Need,Secondary Need,Date Added"
)


def test_the_old_import_address_leads_to_the_import_from_the_mis(client, senco):
    client.force_login(senco)

    response = client.get(reverse("pupils:import"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mis:upload")


def test_the_example_file_has_the_headings_and_one_made_up_pupil(senco):
    request = RequestFactory().get("/pupils/import/example.csv")
    request.user = senco
    response = RegisterImportTemplateView.as_view()(request)

    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # so Excel opens it as UTF-8
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 2
    upn = lines[1].split(",")[0]
    assert check_letter(upn[1:]) == upn[0]


def test_the_example_file_is_for_the_senco_only(office):
    request = RequestFactory().get("/pupils/import/example.csv")
    request.user = office
    with pytest.raises(PermissionDenied):
        RegisterImportTemplateView.as_view()(request)
