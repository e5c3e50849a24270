"""Failed sign-ins: ten wrong passwords or codes for one email address from one place pause signing in for 30
minutes, and the page says what happened and who to phone."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD
from school.models import School
from security.tests.helpers import current_code, give_authenticator_app

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def school(db):
    school = School.load()
    school.phone = "01234 567890"
    school.save()
    return school


def try_password(client, email, password="wrong-password", ip="203.0.113.7"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_tenth_wrong_password_pauses_signing_in_even_with_the_right_one(plain_client, teacher, school):
    for _ in range(9):
        response = try_password(plain_client, teacher.email)
        assert response.status_code == 200
        assert "That email address and password do not match." in text(response)

    tenth = try_password(plain_client, teacher.email)
    eleventh = try_password(plain_client, teacher.email, TEST_PASSWORD)

    assert tenth.status_code == 429
    assert eleventh.status_code == 429
    assert SESSION_KEY not in plain_client.session
    page = text(eleventh)
    assert "Signing in is paused" in page
    assert "There were 10 wrong tries to sign in as <strong>teacher@school.example</strong>" in page
    assert "paused for 30 minutes" in page
    assert "phone the school office on <strong>01234 567890</strong>" in page


def test_the_pause_is_for_that_email_address_from_that_place_only(plain_client, teacher, office):
    for _ in range(10):
        try_password(plain_client, teacher.email)

    assert try_password(plain_client, office.email, TEST_PASSWORD).status_code == 302
    plain_client.post(reverse("logout"))
    assert try_password(plain_client, teacher.email, TEST_PASSWORD, ip="198.51.100.20").status_code == 302


def test_the_email_address_counts_however_it_is_typed(plain_client, teacher):
    for n in range(10):
        try_password(plain_client, teacher.email.upper() if n % 2 else f"  {teacher.email}")

    assert try_password(plain_client, teacher.email, TEST_PASSWORD).status_code == 429


def test_signing_in_works_again_after_30_minutes(plain_client, teacher):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(10):
            try_password(plain_client, teacher.email)

        clock.shift(datetime.timedelta(minutes=29))
        assert try_password(plain_client, teacher.email, TEST_PASSWORD).status_code == 429

        clock.shift(datetime.timedelta(minutes=31))  # each try while paused starts the 30 minutes again
        assert try_password(plain_client, teacher.email, TEST_PASSWORD).status_code == 302


def test_wrong_codes_count_too_and_the_tenth_signs_the_person_out(plain_client, teacher):
    device = give_authenticator_app(teacher)
    with time_machine.travel(START, tick=False) as clock:
        assert try_password(plain_client, teacher.email, TEST_PASSWORD).status_code == 302
        for _ in range(9):
            wrong = plain_client.post(reverse("security:code"), {"code": "000000"}, REMOTE_ADDR="203.0.113.7")
            assert wrong.status_code == 200
            clock.shift(datetime.timedelta(minutes=2))  # past django-otp's wait after each miss

        tenth = plain_client.post(reverse("security:code"), {"code": "000000"}, REMOTE_ADDR="203.0.113.7")

        assert tenth.status_code == 429
        assert "Signing in is paused" in text(tenth)
        assert SESSION_KEY not in plain_client.session
        assert try_password(plain_client, teacher.email, TEST_PASSWORD).status_code == 429
        assert current_code(device)  # the app still works, once the pause is over


def test_wrong_passwords_and_wrong_codes_add_up(plain_client, teacher):
    give_authenticator_app(teacher)
    for _ in range(8):
        try_password(plain_client, teacher.email)
    try_password(plain_client, teacher.email, TEST_PASSWORD)

    plain_client.post(reverse("security:code"), {"code": "000000"}, REMOTE_ADDR="203.0.113.7")
    tenth = plain_client.post(reverse("security:code"), {"code": "000000"}, REMOTE_ADDR="203.0.113.7")

    assert tenth.status_code == 429


def test_a_whole_sign_in_forgets_the_wrong_tries_before_it(plain_client, teacher):
    device = give_authenticator_app(teacher)
    for _ in range(9):
        try_password(plain_client, teacher.email)
    try_password(plain_client, teacher.email, TEST_PASSWORD)
    plain_client.post(reverse("security:code"), {"code": current_code(device)}, REMOTE_ADDR="203.0.113.7")
    plain_client.post(reverse("logout"))

    assert try_password(plain_client, teacher.email).status_code == 200  # the first wrong try again, not the tenth


def test_the_password_alone_forgets_nothing_while_a_code_is_due(plain_client, teacher):
    give_authenticator_app(teacher)
    for _ in range(9):
        try_password(plain_client, teacher.email)
    try_password(plain_client, teacher.email, TEST_PASSWORD)
    plain_client.post(reverse("logout"))

    assert try_password(plain_client, teacher.email).status_code == 429


def test_a_parent_signing_in_with_the_password_forgets_earlier_wrong_tries(plain_client, parent_a):
    for _ in range(9):
        try_password(plain_client, parent_a.email)
    try_password(plain_client, parent_a.email, TEST_PASSWORD)
    plain_client.post(reverse("logout"))

    assert try_password(plain_client, parent_a.email).status_code == 200
