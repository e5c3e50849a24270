"""Local development only: print the code a person's authenticator app would show now, so a demo staff account can
be signed in to without a phone. Refused unless DEBUG is on."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


class Command(BaseCommand):
    help = "Print the current two-step sign-in code for an account (DEBUG only, for the demo school)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="for example senco@demo.school.example")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("Refused: this prints sign-in codes, so it only runs with DJANGO_DEBUG=true.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the email address {email}.")
        # The confirmed app, or else the one being set up (the set-up page asks for its code).
        device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-pk").first()
        if device is None:
            raise CommandError(f"{email} has no authenticator app yet: sign in first and open the set-up page.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
