from django.apps import AppConfig


def on_sign_in(sender, request, user, **kwargs):
    """Every sign-in (user_logged_in) starts the session clocks; one that needs no code is complete, so the wrong
    tries before it stop counting."""
    from .lockout import forget_failures
    from .sessions import stamp_sign_in
    from .two_step import needs_code

    stamp_sign_in(request)
    if not needs_code(user):
        forget_failures(request, user)


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Signing in safely"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(on_sign_in, dispatch_uid="security.on_sign_in")
