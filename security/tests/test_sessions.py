"""How long a sign-in lasts: staff are signed out after 30 minutes without activity, everyone after 12 hours."""

import datetime
import re

import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD
from security.tests.helpers import current_code, give_authenticator_app

START = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)
ACCOUNT = reverse("security:account")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_staff_session_ends_after_30_minutes_without_activity(client, teacher):
    page = reverse("meetings:mine")
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(teacher)
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(page).status_code == 200
        clock.shift(datetime.timedelta(minutes=29))  # activity 29 minutes ago: still signed in
        assert client.get(page).status_code == 200

        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(page)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={page}"
    assert SESSION_KEY not in client.session
    sign_in_page = text(client.get(response["Location"]))
    assert "You were signed out after 30 minutes without activity." in sign_in_page


def test_a_parent_session_survives_a_long_pause(client, parent_a):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(parent_a)
        clock.shift(datetime.timedelta(hours=3))
        assert client.get(ACCOUNT).status_code == 200


def test_everyone_is_signed_out_12_hours_after_signing_in(client, parent_a):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(parent_a)
        clock.shift(datetime.timedelta(hours=11, minutes=59))
        assert client.get(ACCOUNT).status_code == 200

        clock.shift(datetime.timedelta(minutes=2))
        response = client.get(ACCOUNT)

    assert response["Location"].startswith(reverse("login"))
    assert "You were signed out because you signed in more than 12 hours ago." in text(client.get(reverse("login")))


def test_busy_staff_are_signed_out_12_hours_after_signing_in_too(client, teacher):
    page = reverse("meetings:mine")
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(teacher)
        for _ in range(11 * 3):  # a request every 20 minutes for 11 hours
            clock.shift(datetime.timedelta(minutes=20))
            assert client.get(page).status_code == 200
        clock.shift(datetime.timedelta(minutes=61))
        assert client.get(page).status_code == 302
        assert SESSION_KEY not in client.session


def test_the_clock_starts_at_the_password_and_the_cookie_lasts_12_hours(plain_client, teacher):
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    device = give_authenticator_app(teacher)
    with time_machine.travel(START, tick=False) as clock:
        signed_in = plain_client.post(reverse("login"), {"username": teacher.email, "password": TEST_PASSWORD})
        assert signed_in.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 12 * 60 * 60
        clock.shift(datetime.timedelta(minutes=31))  # left at the code page

        response = plain_client.post(reverse("security:code"), {"code": current_code(device)})

    assert response["Location"].startswith(reverse("login"))
    assert SESSION_KEY not in plain_client.session


def test_activity_is_noted_at_most_once_a_minute_so_pages_do_not_write_the_session_each_time():
    from security.sessions import LAST_SEEN_AT, note_activity

    session = {LAST_SEEN_AT: 1000.0}
    note_activity(session, now=1059.0)
    assert session[LAST_SEEN_AT] == 1000.0
    note_activity(session, now=1060.0)
    assert session[LAST_SEEN_AT] == 1060.0
