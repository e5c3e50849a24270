"""Signing in with two-step sign-in, for tests: an authenticator app for a person, its current code, and signing
in through the real forms in a browser."""

import time
from urllib.parse import urlsplit

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from security.two_step import must_use


def give_authenticator_app(user) -> TOTPDevice:
    """The person's confirmed authenticator app, set up now if they had none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now, or the next one if now's was used already (each code works once)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step  # within the one step of tolerance the device allows
    return f"{totp.token():0{device.digits}d}"


def sign_in(page, email: str, password: str) -> None:
    """Sign in through the sign-in page and, when asked, the code page with the code from the person's app (staff
    get an app first if they have none, as if they had set it up before)."""
    user = User.objects.get(email__iexact=email)
    if must_use(user):
        give_authenticator_app(user)
    page.goto("/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: urlsplit(url).path != "/login/")
    if urlsplit(page.url).path == reverse("security:code"):
        page.get_by_label("Code").fill(current_code(TOTPDevice.objects.get(user=user, confirmed=True)))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url: urlsplit(url).path != reverse("security:code"))
