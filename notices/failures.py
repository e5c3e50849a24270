"""Why a message did not go, in words the SENCO or whoever runs the school's email can act on: the failed messages
page shows this beside the "Try again" button. The mail server's own reply is kept in brackets, for its admin."""

import smtplib
from email.utils import parseaddr

from .channels import ChannelError


def server_reply(code: int, text: bytes | str) -> str:
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(text.split())}".strip()


def reason(error: Exception) -> str:
    if isinstance(error, ChannelError):
        return str(error)  # already says what to put right
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        recipient, (code, text) = next(iter(error.recipients.items()))
        address = parseaddr(recipient)[1] or recipient
        return (
            f"The mail server refused the address {address} ({server_reply(code, text)}): "
            "check the email address, then try again."
        )
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return (
            f"The mail server refused the site's sign-in ({server_reply(error.smtp_code, error.smtp_error)}): "
            "ask whoever runs the school's email to check EMAIL_HOST_USER and EMAIL_HOST_PASSWORD."
        )
    if isinstance(error, smtplib.SMTPResponseException):
        reply = server_reply(error.smtp_code, error.smtp_error)
        if 400 <= error.smtp_code < 500:
            return f"The mail server refused it for now ({reply})."
        return f"The mail server refused it ({reply}): ask whoever runs the school's email why."
    if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
        return (
            f"The mail server could not be reached ({type(error).__name__}: {error}): check that it is running "
            "(see /health/), and EMAIL_HOST and EMAIL_PORT."
        )
    return f"{type(error).__name__}: {error}"
