"""Wrong current passwords given while signed in (changing the password, turning off two-step sign-in) count like
wrong sign-ins; and one address failing against many accounts is paused as well, at a higher limit."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD, UserFactory
from security.tests.helpers import give_authenticator_app
from security.two_step import is_on

from .test_lockout import try_password

HERE = "203.0.113.7"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def change_password(client, old="wrong-password"):
    data = {"old_password": old, "new_password1": "Kettle-Moorland-48", "new_password2": "Kettle-Moorland-48"}
    return client.post(reverse("password_change"), data, REMOTE_ADDR=HERE)


def turn_off_two_step(client, password="wrong-password"):
    return client.post(reverse("security:turn_off"), {"password": password}, REMOTE_ADDR=HERE)


@pytest.fixture
def parent_with_two_step(parent_a):
    give_authenticator_app(parent_a)
    return parent_a


def test_the_tenth_wrong_current_password_signs_out_and_pauses_signing_in(client, teacher):
    client.force_login(teacher)
    for _ in range(9):
        response = change_password(client)
        assert response.status_code == 200
        assert "Your old password was entered incorrectly" in text(response)

    tenth = change_password(client)

    assert tenth.status_code == 429
    assert "Signing in is paused" in text(tenth)
    assert SESSION_KEY not in client.session
    assert try_password(client, teacher.email, TEST_PASSWORD, ip=HERE).status_code == 429
    teacher.refresh_from_db()
    assert teacher.check_password(TEST_PASSWORD)


def test_new_passwords_that_do_not_match_are_not_counted(client, teacher):
    client.force_login(teacher)
    mismatched = {"old_password": TEST_PASSWORD, "new_password1": "Kettle-Moorland-48", "new_password2": "other"}
    for _ in range(12):
        assert client.post(reverse("password_change"), mismatched, REMOTE_ADDR=HERE).status_code == 200

    assert change_password(client, old=TEST_PASSWORD).status_code == 302


def test_wrong_sign_ins_and_wrong_current_passwords_add_up(plain_client, client, teacher):
    for _ in range(5):
        try_password(plain_client, teacher.email, ip=HERE)
    client.force_login(teacher)
    for _ in range(4):
        assert change_password(client).status_code == 200

    assert change_password(client).status_code == 429


def test_turning_off_two_step_sign_in_counts_wrong_passwords_too(client, parent_with_two_step):
    client.force_login(parent_with_two_step)
    for _ in range(9):
        response = turn_off_two_step(client)
        assert response.status_code == 200
        assert "That is not your password." in text(response)

    tenth = turn_off_two_step(client)

    assert tenth.status_code == 429
    assert SESSION_KEY not in client.session
    assert is_on(parent_with_two_step)
    assert try_password(client, parent_with_two_step.email, TEST_PASSWORD, ip=HERE).status_code == 429


def test_a_locked_out_person_cannot_turn_off_two_step_sign_in_with_the_right_password(
    plain_client, client, parent_with_two_step
):
    for _ in range(10):
        try_password(plain_client, parent_with_two_step.email, ip=HERE)
    client.force_login(parent_with_two_step)  # a session from before the pause

    response = turn_off_two_step(client, password=TEST_PASSWORD)

    assert response.status_code == 429
    assert is_on(parent_with_two_step)


def test_a_locked_out_person_cannot_change_their_password_even_with_the_right_one(plain_client, client, teacher):
    for _ in range(10):
        try_password(plain_client, teacher.email, ip=HERE)
    client.force_login(teacher)  # a session from before the pause
    assert client.get(reverse("password_change"), REMOTE_ADDR=HERE).status_code == 200  # the form guesses nothing

    response = change_password(client, old=TEST_PASSWORD)

    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    teacher.refresh_from_db()
    assert teacher.check_password(TEST_PASSWORD)


def test_the_right_password_turns_it_off_after_nine_wrong_ones(client, parent_with_two_step):
    client.force_login(parent_with_two_step)
    for _ in range(9):
        turn_off_two_step(client)

    assert turn_off_two_step(client, password=TEST_PASSWORD).status_code == 302
    assert not is_on(parent_with_two_step)


# One address, many accounts


def test_an_address_failing_against_many_accounts_is_paused_at_its_own_limit(plain_client, teacher, settings):
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 50
    for n in range(49):  # never more than nine for one account, so no account is locked on its own
        response = try_password(plain_client, f"someone{n % 7}@home.example", ip=HERE)
        assert response.status_code == 200

    assert try_password(plain_client, teacher.email, TEST_PASSWORD, ip=HERE).status_code == 302  # 49: still open
    plain_client.post(reverse("logout"))
    fiftieth = try_password(plain_client, "someone-else@home.example", ip=HERE)

    assert fiftieth.status_code == 429
    page = text(fiftieth)
    assert "There were 50 wrong tries to sign in from this network, to several accounts." in page
    assert "To keep everyone's accounts safe" in page
    assert try_password(plain_client, teacher.email, TEST_PASSWORD, ip=HERE).status_code == 429
    assert try_password(plain_client, teacher.email, TEST_PASSWORD, ip="198.51.100.20").status_code == 302


def test_the_address_limit_is_configurable(db, plain_client, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 3
    parent = UserFactory(email="parent.c@home.example", role="parent")
    try_password(plain_client, "a@home.example", ip=HERE)
    try_password(plain_client, "b@home.example", ip=HERE)
    assert try_password(plain_client, parent.email, TEST_PASSWORD, ip=HERE).status_code == 302
    plain_client.post(reverse("logout"))

    assert try_password(plain_client, "c@home.example", ip=HERE).status_code == 429
