"""Two-step sign-in: who must use it, and a person's authenticator app and recovery codes (django-otp's TOTP and
static devices). School staff, and anyone who may open the admin site, always sign in with a code; parents and
young people may turn it on."""

import math
from base64 import b32encode

import segno
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
WRONG_CODE = "That code is not right. Check the code in your authenticator app, or your recovery code, and try again."


def must_use(user) -> bool:
    """School staff and admin-site users cannot sign in without a code, nor turn it off."""
    return bool(user.works_for_school or user.is_staff or user.is_superuser)


def app_device(user, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def is_on(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_code(user) -> bool:
    """Whether this signed-in person must give a code before any page opens."""
    return must_use(user) or is_on(user)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def start_set_up(user) -> TOTPDevice:
    """The app being set up: the same key until it is confirmed, so reloading the page keeps the QR code scanned."""
    return app_device(user, confirmed=False) or TOTPDevice.objects.create(
        user=user, name=APP_DEVICE_NAME, confirmed=False
    )


def key_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base 32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code: drawn here, never fetched from elsewhere."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code to scan with your app")


@transaction.atomic
def finish_set_up(device: TOTPDevice) -> list[str]:
    """The app is confirmed; any app used before stops working; returns a fresh set of recovery codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Ten new one-time codes; the old ones stop working."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def turn_off(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def check_code(user, code: str, device: Device | None = None) -> tuple[Device | None, str]:
    """The device that accepts this code, or None and what to tell the person.

    Six digits are checked against the authenticator app, anything else against the recovery codes (each works
    once). Each device keeps django-otp's throttle: after a wrong code the next try must wait 1, 2, 4... seconds.
    """
    code = "".join(code.split()).replace("-", "").lower()
    if device is None:
        if code.isdigit() and len(code) == 6:
            device = app_device(user)
        else:
            device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not code:
        return None, WRONG_CODE
    allowed, why = device.verify_is_allowed()
    if not allowed:
        wait = math.ceil((why["locked_until"] - timezone.now()).total_seconds()) if why.get("locked_until") else 60
        return None, f"Too many wrong codes in a row. Please wait {max(wait, 1)} seconds, then try again."
    accepted = verify_token(user, device.persistent_id, code)
    if accepted is None:
        return None, WRONG_CODE
    return accepted, ""
