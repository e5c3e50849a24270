"""The school's published documents in the portal's help pages."""

import pytest
from django.urls import reverse

from school.models import School

pytestmark = pytest.mark.django_db

REPORT = "https://oakfield.example/send/information-report"
LOCAL_OFFER = "https://council.example/local-offer"


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_help_pages_link_the_documents_the_school_gave(client, parent_a):
    school = School.load()
    school.sen_information_report_url, school.local_offer_url = REPORT, LOCAL_OFFER
    school.save()
    client.force_login(parent_a)

    services = page_text(client.get(reverse("portal:services")))
    contacts = page_text(client.get(reverse("portal:contacts")))

    assert f'<a href="{REPORT}" rel="noopener">SEN Information Report</a>: how the school supports children' in services
    assert f'<a href="{LOCAL_OFFER}" rel="noopener">The Local Offer</a>: the local council' in services
    assert f'<a href="{REPORT}" rel="noopener">SEN Information Report</a>' in contacts
    assert "Complaints procedure" not in services  # not given: not listed


def test_no_documents_given_no_heading(client, parent_a):
    client.force_login(parent_a)

    assert "data-school-documents" not in client.get(reverse("portal:services")).content.decode()
