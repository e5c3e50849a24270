"""What a person sees, with DEBUG off, when a page fails: the site's own plain pages, never the fault's detail."""

import re

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import include, path
from django.views.decorators.csrf import csrf_protect

FAULT = "the database said no to table pupils_pupil"


def fails(request):
    raise RuntimeError(FAULT)


def bad_request(request):
    raise BadRequest(FAULT)


def forbidden(request):
    raise PermissionDenied(FAULT)


def not_found(request):
    raise Http404(FAULT)


@csrf_protect
def takes_a_form(request):
    raise AssertionError("a post without its CSRF token never reaches the view")


urlpatterns = [
    path("fails/", fails),
    path("bad/", bad_request),
    path("forbidden/", forbidden),
    path("missing/", not_found),
    path("form/", takes_a_form),
    path("", include("senco_portal.urls")),
]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def signed_in(client, senco):
    client.force_login(senco)
    client.raise_request_exception = False
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_failing_page_shows_the_plain_error_page_in_the_sites_style(signed_in, settings):
    assert settings.DEBUG is False
    response = signed_in.get("/fails/")

    assert response.status_code == 500
    page = text(response)
    assert "Something went wrong on our side" in page
    assert "If you were saving something, it may not have been saved" in page
    assert "css/site.css" in page and 'class="navbar navbar-dark bg-primary-dark"' in page
    assert FAULT not in page and "Traceback" not in page and "RuntimeError" not in page


def test_the_error_page_needs_no_database_and_no_request():
    # Django renders 500.html with an empty context when the fault may be the database itself.
    from django.template import loader

    page = loader.get_template("500.html").render()  # no `db` fixture: any query would fail the test

    assert "Something went wrong on our side" in page


@pytest.mark.parametrize(
    "url, status, heading",
    [
        ("/bad/", 400, "We could not accept that"),
        ("/forbidden/", 403, "This page is not available to you"),
        ("/missing/", 404, "We could not find that page"),
    ],
)
def test_refused_and_missing_pages_are_the_sites_own(signed_in, url, status, heading):
    response = signed_in.get(url)

    assert response.status_code == status
    page = text(response)
    assert heading in page and "Go to your start page" in page
    assert FAULT not in page


def test_a_form_sent_without_its_security_check_says_what_to_do(db):
    response = Client(enforce_csrf_checks=True).post("/form/", {"anything": "1"})

    assert response.status_code == 403
    page = text(response)
    assert "That form could not be sent" in page and "Nothing was saved." in page
    assert "load the page again" in page
