"""Middlewares after AuthenticationMiddleware: pages for signed-in people kept out of caches; then, after
MessageMiddleware and django-otp's OTPMiddleware, session time limits and the code step of signing in."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from .sessions import note_activity, why_ended
from .two_step import is_on, must_use

# The only pages open to someone who has given their password but still owes a code.
OPEN_BEFORE_CODE = frozenset({"security:code", "security:set_up", "logout", "login"})


class SignedInPagesNotStoredMiddleware:
    """Every response to a signed-in person may hold SEN detail or a family's contact details: `private, no-store`,
    so neither the browser (a shared computer at home or in school) nor a cache on the way keeps a copy. A view that
    already says no-store keeps its own header; static files are served before this runs and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response


class SessionTimeoutMiddleware:
    """Signs out a session that is too old (everyone) or idle too long (staff), and says why on the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = why_ended(request.session, request.user)
            if reason:
                path = request.get_full_path()
                logout(request)
                messages.info(request, reason)
                return redirect_to_login(path)
            note_activity(request.session)
        return self.get_response(request)


class TwoStepRequiredMiddleware:
    """Every page, the admin site included, needs `request.user.is_verified()` from anyone who must give a code:
    school staff always, families who turned two-step sign-in on. Staff with no app yet are sent to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or request.resolver_match.view_name in OPEN_BEFORE_CODE:
            return None
        if is_on(user):
            step = "security:code"
        elif must_use(user):
            step = "security:set_up"
        else:
            return None
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
