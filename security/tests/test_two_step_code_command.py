"""`manage.py two_step_code EMAIL`: the demo school's staff can sign in without a phone, on a developer's machine
only."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD
from security.tests.helpers import give_authenticator_app


def code_for(email) -> str:
    out = io.StringIO()
    call_command("two_step_code", email, stdout=out)
    return out.getvalue().strip()


def test_it_refuses_unless_debug_is_on(teacher):
    give_authenticator_app(teacher)

    with pytest.raises(CommandError, match="only runs with DJANGO_DEBUG=true"):
        code_for(teacher.email)


def test_with_debug_on_it_prints_the_code_the_set_up_page_accepts(settings, plain_client, teacher):
    settings.DEBUG = True
    plain_client.post(reverse("login"), {"username": teacher.email, "password": TEST_PASSWORD})
    plain_client.get(reverse("security:set_up"))

    code = code_for(teacher.email.upper())

    assert len(code) == 6 and code.isdigit()
    response = plain_client.post(reverse("security:set_up"), {"code": code})
    assert response["Location"] == reverse("security:recovery_codes")


def test_it_says_when_there_is_no_app_yet(settings, teacher):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="has no authenticator app yet"):
        code_for(teacher.email)
