"""The page an invitation link opens (signed out): choose a password, and you are in."""

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import MinimumLengthValidator, get_default_password_validators
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from pupils import invitations
from pupils.invitations import InvitationRefused


def minimum_password_length() -> int | None:
    for validator in get_default_password_validators():
        if isinstance(validator, MinimumLengthValidator):
            return validator.min_length
    return None


def link_not_working(request, reason: str, status: int):
    """One plain page for every link that cannot be used: expired, used, cancelled or unknown."""
    return render(request, "accounts/welcome_link_not_working.html", {"reason": reason}, status=status)


@login_not_required
@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def welcome(request, token: str):
    invitation = invitations.find(token)
    if invitation is None:
        return link_not_working(request, "unknown", status=404)
    if reason := invitation.why_unusable():
        return link_not_working(request, reason, status=410)
    try:
        user = invitations.account_for(invitation)
    except InvitationRefused as refused:
        return render(request, "accounts/welcome_refused.html", {"message": str(refused)}, status=409)

    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        password = form.cleaned_data["new_password1"]
        try:
            user = invitations.accept(invitation, user, password)
        except InvitationRefused as refused:
            return render(request, "accounts/welcome_refused.html", {"message": str(refused)}, status=409)
        # Through the authentication backends, as the sign-in page does, so any checks they make still apply.
        signed_in = authenticate(request, username=user.email, password=password)
        if signed_in is None:
            messages.success(request, "Your password is set. Please sign in with your email address and password.")
            return redirect("login")
        login(request, signed_in)
        messages.success(request, "Your password is set and you are signed in. Welcome!")
        return redirect("accounts:home")
    context = {
        "form": form,
        "invitation": invitation,
        "person": invitation.person,
        "email": invitation.email,
        "min_length": minimum_password_length(),
    }
    return render(request, "accounts/welcome.html", context)
