"""Failed sign-ins, with django-axes: wrong passwords and wrong codes count together, per email address and IP
address; settings.AXES_FAILURE_LIMIT of them lock that pair out for AXES_COOLOFF_TIME."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit, get_lockout_response
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render


def username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the email address as typed, so 'Senco@…' and 'senco@…' count as one person."""
    value = credentials.get("username") if credentials else request.POST.get("username")
    return value.strip().lower() if value else value


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: behind a proxy, the address it passes on in CLIENT_IP_HEADER (the last one, which
    the proxy wrote; earlier ones came from the visitor and could be anything); otherwise REMOTE_ADDR."""
    header = settings.CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def _credentials(user) -> dict:
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def is_locked_out(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, _credentials(user))


def count_wrong_code(request, user) -> bool:
    """A wrong code counts as a failed sign-in; True if it was the one that locks the person out."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def forget_failures(request, user) -> None:
    """The whole sign-in succeeded (with the code, when one is needed): earlier wrong tries from here stop counting.
    Not after the password alone when a code is due, or someone who has the password could keep guessing codes."""
    ip = client_ip(request)
    if ip:
        reset(ip=ip, username=username(request, _credentials(user)))


def locked_out_response(request, user):
    """Sign the person out (the password step was passed, but no more tries) and show the lock-out page."""
    credentials = _credentials(user)
    logout(request)
    return get_lockout_response(request, None, credentials)


def lockout_page(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: what happened, for how long, and who to phone."""
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "minutes": int(get_cool_off(request).total_seconds() // 60),
    }
    return render(request, "security/locked_out.html", context, status=429)
