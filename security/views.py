"""The code step of signing in, setting up an authenticator app, recovery codes, the 'Two-step sign-in' page, and
changing one's password."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from .forms import CodeForm, PasswordCheckForm
from .lockout import count_failure, forget_failures, is_locked_out, locked_out_response
from .two_step import (
    RECOVERY_CODE_COUNT,
    finish_set_up,
    is_on,
    key_text,
    must_use,
    new_recovery_codes,
    qr_svg,
    recovery_codes_left,
    start_set_up,
    turn_off,
)

# New recovery codes wait in the session for the one page that shows them, which removes them.
NEW_CODES = "security_new_recovery_codes"
AFTER_CODES = "security_after_recovery_codes"


def next_url(request) -> str:
    """Where the person was going, if it is on this site; otherwise their home page."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return url if url and safe else reverse("accounts:home")


def verified(request, device) -> None:
    """The person has given a code: the session says so, under a new session key."""
    otp_login(request, device)
    request.session.cycle_key()


class CountsWrongPasswordsMixin:
    """For pages that ask a signed-in person for their password again. A wrong one counts towards the lock-out like
    a wrong sign-in (or a stolen session could guess at the password here without limit); at the limit, or when
    already locked out, the person is signed out and shown the lock-out page."""

    password_field = "password"
    wrong_password_code = "wrong_password"

    def dispatch(self, request, *args, **kwargs):
        # Only a form sent tries a password: showing the form guesses nothing, and every other page a locked-out
        # session opens is open to it anyway, so a GET costs no lock-out queries (the floor of every page, issue 24).
        trying = request.method not in ("GET", "HEAD", "OPTIONS")
        if trying and request.user.is_authenticated and is_locked_out(request, request.user):
            return locked_out_response(request, request.user)
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form):
        wrong = form.has_error(self.password_field, self.wrong_password_code)
        if wrong and count_failure(self.request, self.request.user):
            return locked_out_response(self.request, self.request.user)
        return super().form_invalid(form)


class PasswordChangeView(CountsWrongPasswordsMixin, auth_views.PasswordChangeView):
    """Django's own page; its form calls a wrong current password 'password_incorrect'."""

    password_field = "old_password"
    wrong_password_code = "password_incorrect"


@method_decorator(never_cache, name="dispatch")
class CodeView(FormView):
    """The second step of signing in: a code from the app, or a recovery code. Wrong codes count towards the
    lock-out with wrong passwords, on top of django-otp's own wait between tries."""

    template_name = "security/code.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_verified() or not is_on(user):
            return redirect(next_url(request))  # nothing to check here (staff with no app are sent to set one up)
        if is_locked_out(request, user):
            return locked_out_response(request, user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=next_url(self.request), **kwargs)

    def form_valid(self, form):
        device = form.accepted_by
        verified(self.request, device)
        forget_failures(self.request, self.request.user)
        if isinstance(device, StaticDevice):
            left = recovery_codes_left(self.request.user)
            messages.warning(
                self.request,
                f"You used a recovery code: it will not work again. You have {left} left. If you have lost your "
                "phone, set up two-step sign-in on your new one from 'Two-step sign-in'.",
            )
        return redirect(next_url(self.request))

    def form_invalid(self, form):
        if count_failure(self.request, self.request.user):
            return locked_out_response(self.request, self.request.user)
        return super().form_invalid(form)


@method_decorator(never_cache, name="dispatch")
class SetUpView(FormView):
    """Link an authenticator app: its key as a QR code and as text, then a code from the app to confirm it."""

    template_name = "security/set_up.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if is_on(request.user) and not request.user.is_verified():
            # Replacing an app needs a code from the old one (or a recovery code) first.
            return redirect(f"{reverse('security:code')}?{request.GET.urlencode()}")
        self.device = start_set_up(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "device": self.device}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            key=key_text(self.device),
            qr_svg=qr_svg(self.device),
            app_link=self.device.config_url,
            must_use=must_use(self.request.user),
            replacing=is_on(self.request.user),
            next=next_url(self.request),
            **kwargs,
        )

    def form_valid(self, form):
        codes = finish_set_up(self.device)
        verified(self.request, self.device)
        self.request.session[NEW_CODES] = codes
        self.request.session[AFTER_CODES] = next_url(self.request)
        messages.success(self.request, "Two-step sign-in is set up. Next time you sign in, we will ask for a code.")
        return redirect("security:recovery_codes")


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(TemplateView):
    """New recovery codes, shown once."""

    template_name = "security/recovery_codes.html"

    def get_context_data(self, **kwargs):
        session = self.request.session
        return super().get_context_data(
            codes=session.pop(NEW_CODES, None),
            next=session.pop(AFTER_CODES, None) or reverse("security:account"),
            count=RECOVERY_CODE_COUNT,
            **kwargs,
        )


class NewRecoveryCodesView(View):
    def post(self, request):
        if not is_on(request.user):
            return redirect("security:account")
        request.session[NEW_CODES] = new_recovery_codes(request.user)
        return redirect("security:recovery_codes")


@method_decorator(never_cache, name="dispatch")
class AccountView(TemplateView):
    """'Two-step sign-in': whether it is on, recovery codes left, a new phone; families can turn it on or off."""

    template_name = "security/account.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            is_on=is_on(user),
            must_use=must_use(user),
            codes_left=recovery_codes_left(user),
            **kwargs,
        )


class TurnOffView(CountsWrongPasswordsMixin, FormView):
    """Families only, after giving their password again. Staff cannot: the SENCO resets a lost app in the admin."""

    template_name = "security/turn_off.html"
    form_class = PasswordCheckForm

    def dispatch(self, request, *args, **kwargs):
        if must_use(request.user):
            messages.error(request, "School staff must use two-step sign-in: it cannot be turned off.")
            return redirect("security:account")
        if not is_on(request.user):
            return redirect("security:account")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        turn_off(self.request.user)
        messages.success(self.request, "Two-step sign-in is off. You will sign in with your password only.")
        return redirect("security:account")
