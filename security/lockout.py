"""Failed sign-ins, with django-axes: wrong passwords and wrong codes count together, per email address and IP
address; settings.AXES_FAILURE_LIMIT of them lock that pair out for AXES_COOLOFF_TIME. A wrong password given again
while signed in (changing it, turning off two-step sign-in) counts the same. AXES_ADDRESS_FAILURE_LIMIT failures
from one IP address, whatever the accounts, pause signing in from that address too (LockOutHandler)."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit, get_lockout_response
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.shortcuts import render

# Set on the request when it is the address, not the account, that is paused: the lock-out page says so.
ADDRESS_PAUSED = "senco_address_paused"


class LockOutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: django-axes' own, plus a second, higher limit for one address failing against many accounts
    (someone working down a list of email addresses). django-axes has one limit for all its lock-out parameters,
    so the address's failures are weighed against AXES_ADDRESS_FAILURE_LIMIT here."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        for_account = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if for_account < limit and failures_from_address(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            setattr(request, ADDRESS_PAUSED, True)
            return limit
        return for_account


def failures_from_address(request) -> int:
    """Failures from the request's address within the cool-off, for every account tried from it."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    recent = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=get_cool_off_threshold(request))
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


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


def count_failure(request, user) -> bool:
    """A wrong code, or a wrong password given again while signed in, counts as a failed sign-in; True if it was the
    one that locks the person out."""
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
        "address_paused": getattr(request, ADDRESS_PAUSED, False),
        "address_limit": settings.AXES_ADDRESS_FAILURE_LIMIT,
        "username": get_client_username(request, credentials) or "",
        "minutes": int(get_cool_off(request).total_seconds() // 60),
    }
    return render(request, "security/locked_out.html", context, status=429)
