"""Two-step sign-in as people meet it: the password, then a code from an app (or setting one up first). These use
`plain_client`, which signs in only as a person does, never the shortcut the other tests' `client` takes."""

import datetime
import re
from base64 import b32decode

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import TEST_PASSWORD
from security.tests.helpers import current_code, give_authenticator_app
from security.two_step import new_recovery_codes

SET_UP = reverse("security:set_up")
CODE = reverse("security:code")


def password_step(client, user, next_url=None):
    """The sign-in form, as typed; returns where the person lands."""
    data = {"username": user.email, "password": TEST_PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("login"), data)
    assert response.status_code == 302, "the password was refused"
    return client.get(response["Location"])


def code_step(client, code, next_url="/"):
    return client.post(CODE, {"code": code, "next": next_url})


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def shown_codes(response) -> list[str]:
    return re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# Staff with no app yet


def test_staff_without_an_app_are_sent_to_set_one_up_after_the_password(plain_client, teacher):
    landing = password_step(plain_client, teacher)

    assert landing.status_code == 302
    assert landing["Location"].startswith(SET_UP)
    page = plain_client.get(landing["Location"])
    assert page.status_code == 200
    assert "Set up two-step sign-in" in text(page)


@pytest.mark.parametrize(
    "url",
    [
        reverse("accounts:home"),
        reverse("pupils:register"),
        reverse("meetings:mine"),
        reverse("password_change"),
        reverse("security:account"),
        reverse("security:recovery_codes"),
        reverse("admin:index"),
        "/admin/otp_totp/totpdevice/",
    ],
)
def test_staff_without_an_app_reach_no_other_page(plain_client, senco, url):
    senco.is_staff = senco.is_superuser = True
    senco.save()
    password_step(plain_client, senco)

    response = plain_client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(SET_UP)


def test_set_up_shows_the_key_as_text_and_a_qr_code_drawn_here(plain_client, teacher):
    password_step(plain_client, teacher)

    page = text(plain_client.get(SET_UP))

    device = TOTPDevice.objects.get(user=teacher, confirmed=False)
    key = re.search(r'id="secret-key">([A-Z2-7 ]+)<', page).group(1)
    assert b32decode(key.replace(" ", "")) == device.bin_key
    assert re.search(r"<svg[^>]*>.*<path", page)  # inline SVG, no image fetched from elsewhere
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert '<label class="form-label" for="id_code">' in page
    # Reloading keeps the same key, so a QR code already scanned still works.
    assert key in text(plain_client.get(SET_UP))


def test_a_wrong_code_at_set_up_is_refused_and_nothing_opens(plain_client, teacher):
    password_step(plain_client, teacher)
    plain_client.get(SET_UP)

    response = plain_client.post(SET_UP, {"code": "000000"})

    assert response.status_code == 200
    assert "That code is not right." in text(response)
    assert not TOTPDevice.objects.get(user=teacher).confirmed
    assert plain_client.get(reverse("meetings:mine"))["Location"].startswith(SET_UP)


def test_the_code_from_the_app_turns_it_on_and_ten_recovery_codes_are_shown_once(plain_client, teacher):
    password_step(plain_client, teacher, next_url=reverse("pupils:register"))
    set_up_page = plain_client.get(f"{SET_UP}?next={reverse('pupils:register')}")
    key = re.search(r'id="secret-key">([A-Z2-7 ]+)<', text(set_up_page)).group(1)
    code = f"{TOTP(b32decode(key.replace(' ', ''))).token():06d}"  # what any authenticator app shows

    response = plain_client.post(SET_UP, {"code": code, "next": reverse("pupils:register")})

    assert response["Location"] == reverse("security:recovery_codes")
    shown = plain_client.get(reverse("security:recovery_codes"))
    codes = shown_codes(shown)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=teacher).values_list("token", flat=True))
    assert "This is the only time we show them." in text(shown)
    assert f'href="{reverse("pupils:register")}"' in shown.content.decode()  # then on to where they were going
    again = text(plain_client.get(reverse("security:recovery_codes")))
    assert not any(code in again for code in codes)
    assert "shown only once" in again
    assert TOTPDevice.objects.get(user=teacher).confirmed
    assert plain_client.get(reverse("pupils:register")).status_code == 200


# Staff with an app


def test_staff_with_an_app_are_asked_for_a_code_and_reach_nothing_before_it(plain_client, senco):
    give_authenticator_app(senco)
    senco.is_staff = senco.is_superuser = True
    senco.save()

    landing = password_step(plain_client, senco)

    assert landing["Location"].startswith(CODE)
    page = text(plain_client.get(landing["Location"]))
    assert "Enter your code" in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    for url in (reverse("meetings:dashboard"), reverse("pupils:register"), reverse("admin:index"), SET_UP):
        assert plain_client.get(url)["Location"].startswith(CODE), url


def test_a_wrong_code_is_refused_with_a_message_and_the_right_code_admits(plain_client, teacher):
    device = give_authenticator_app(teacher)
    password_step(plain_client, teacher)

    wrong = code_step(plain_client, "123456" if current_code(device) != "123456" else "654321")

    assert wrong.status_code == 200
    assert "That code is not right." in text(wrong)
    assert plain_client.get(reverse("meetings:mine"))["Location"].startswith(CODE)

    with time_machine.travel(datetime.timedelta(seconds=2)):  # django-otp asks for a second's wait after a miss
        right = code_step(plain_client, current_code(device), next_url=reverse("meetings:mine"))
        assert right["Location"] == reverse("meetings:mine")
        assert plain_client.get(reverse("meetings:mine")).status_code == 200


def test_wrong_codes_make_the_next_try_wait(plain_client, teacher):
    device = give_authenticator_app(teacher)
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        password_step(plain_client, teacher)
        for _ in range(3):
            code_step(plain_client, "000001")
            clock.shift(datetime.timedelta(seconds=5))
        code_step(plain_client, "000002")  # the fourth miss in a row: 8 seconds' wait

        too_soon = code_step(plain_client, current_code(device))
        assert "Too many wrong codes in a row. Please wait" in text(too_soon)
        assert plain_client.get(reverse("meetings:mine"))["Location"].startswith(CODE)

        clock.shift(datetime.timedelta(seconds=9))
        assert code_step(plain_client, current_code(device))["Location"] == "/"


def test_the_code_step_keeps_where_the_person_was_going(plain_client, teacher, pupil_a):
    device = give_authenticator_app(teacher)
    wanted = reverse("pupils:pupil_detail", args=[pupil_a.pk])
    to_sign_in = plain_client.get(wanted)
    assert to_sign_in["Location"].startswith(reverse("login"))

    landing = password_step(plain_client, teacher, next_url=wanted)

    assert landing["Location"] == f"{CODE}?next={wanted.replace('/', '%2F')}"
    page = plain_client.get(landing["Location"]).content.decode()
    assert f'name="next" value="{wanted}"' in page
    assert code_step(plain_client, current_code(device), next_url=wanted)["Location"] == wanted


def test_the_code_step_never_sends_anyone_to_another_site(plain_client, teacher):
    device = give_authenticator_app(teacher)
    password_step(plain_client, teacher)

    response = code_step(plain_client, current_code(device), next_url="https://elsewhere.example/")

    assert response["Location"] == "/"


def test_a_recovery_code_works_once_only(plain_client, teacher):
    give_authenticator_app(teacher)
    codes = new_recovery_codes(teacher)
    password_step(plain_client, teacher)

    first = code_step(plain_client, codes[0].upper())  # however it is typed

    assert first["Location"] == "/"
    assert "You used a recovery code: it will not work again. You have 9 left." in text(
        plain_client.get(reverse("meetings:mine"))
    )
    plain_client.post(reverse("logout"))

    password_step(plain_client, teacher)
    with time_machine.travel(datetime.timedelta(seconds=2)):
        again = code_step(plain_client, codes[0])
        assert "That code is not right." in text(again)
        assert plain_client.get(reverse("meetings:mine"))["Location"].startswith(CODE)


def test_staff_cannot_turn_two_step_sign_in_off(client, teacher):
    client.force_login(teacher)

    response = client.post(reverse("security:turn_off"), {"password": TEST_PASSWORD}, follow=True)

    assert "School staff must use two-step sign-in: it cannot be turned off." in text(response)
    assert TOTPDevice.objects.filter(user=teacher, confirmed=True).exists()
    assert "Turn off two-step sign-in" not in text(client.get(reverse("security:account")))


def test_a_staff_member_cannot_set_up_a_new_phone_without_a_code_from_the_old_one(plain_client, teacher):
    give_authenticator_app(teacher)
    password_step(plain_client, teacher)

    response = plain_client.get(SET_UP)

    assert response["Location"].startswith(CODE)
    assert TOTPDevice.objects.filter(user=teacher).count() == 1


def test_a_reset_in_the_admin_sends_the_staff_member_to_set_up_again(client, plain_client, senco, teacher):
    senco.is_staff = senco.is_superuser = True
    senco.save()
    device = give_authenticator_app(teacher)
    password_step(plain_client, teacher)
    code_step(plain_client, current_code(device))
    assert plain_client.get(reverse("meetings:mine")).status_code == 200
    client.force_login(senco)

    deleted = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})

    assert deleted.status_code == 302
    assert not TOTPDevice.objects.filter(user=teacher).exists()
    assert plain_client.get(reverse("meetings:mine"))["Location"].startswith(SET_UP)


# Parents and young people


def test_a_parent_without_two_step_sign_in_needs_only_the_password(plain_client, parent_a):
    landing = password_step(plain_client, parent_a)

    assert landing.status_code == 302 and not landing["Location"].startswith((CODE, SET_UP))
    assert plain_client.get(reverse("security:account")).status_code == 200
    assert not TOTPDevice.objects.filter(user=parent_a).exists()


def test_a_parent_who_turned_it_on_must_give_a_code(plain_client, parent_a):
    device = give_authenticator_app(parent_a)

    landing = password_step(plain_client, parent_a)

    assert landing["Location"].startswith(CODE)
    assert plain_client.get(reverse("security:account"))["Location"].startswith(CODE)
    code_step(plain_client, current_code(device))
    assert plain_client.get(reverse("security:account")).status_code == 200


def test_a_parent_turns_two_step_sign_in_on_then_off(plain_client, parent_a):
    password_step(plain_client, parent_a)
    account = text(plain_client.get(reverse("security:account")))
    assert "Off" in account and "Turn on two-step sign-in" in account

    plain_client.get(SET_UP)
    device = TOTPDevice.objects.get(user=parent_a)
    plain_client.post(SET_UP, {"code": current_code(device)})
    assert len(shown_codes(plain_client.get(reverse("security:recovery_codes")))) == 10
    account = text(plain_client.get(reverse("security:account")))
    assert "On" in account and "You have 10 recovery codes left." in account

    wrong = plain_client.post(reverse("security:turn_off"), {"password": "not-my-password"})
    assert "That is not your password." in text(wrong)
    assert TOTPDevice.objects.filter(user=parent_a).exists()

    off = plain_client.post(reverse("security:turn_off"), {"password": TEST_PASSWORD}, follow=True)
    assert "Two-step sign-in is off. You will sign in with your password only." in text(off)
    assert not TOTPDevice.objects.filter(user=parent_a).exists()
    assert not StaticToken.objects.filter(device__user=parent_a).exists()

    plain_client.post(reverse("logout"))
    assert not password_step(plain_client, parent_a)["Location"].startswith(CODE)


def test_new_recovery_codes_replace_the_old_ones(client, teacher):
    client.force_login(teacher)
    old = new_recovery_codes(teacher)

    client.post(reverse("security:new_recovery_codes"))

    shown = shown_codes(client.get(reverse("security:recovery_codes")))
    assert len(shown) == 10
    assert not set(old) & set(StaticToken.objects.filter(device__user=teacher).values_list("token", flat=True))


def test_signing_out_from_the_code_page_ends_the_sign_in(plain_client, teacher):
    give_authenticator_app(teacher)
    password_step(plain_client, teacher)
    assert 'action="/logout/"' in plain_client.get(CODE).content.decode()

    plain_client.post(reverse("logout"))

    assert not signed_in(plain_client)
