"""How long a sign-in lasts: everyone's ends SESSION_COOKIE_AGE after it began (12 hours); school staff are also
signed out after STAFF_IDLE_MINUTES without a request. Times are kept in the session as Unix seconds."""

import time

from django.conf import settings

from .two_step import must_use

SIGNED_IN_AT = "security_signed_in_at"
LAST_SEEN_AT = "security_last_seen_at"


def stamp_sign_in(request) -> None:
    """On every sign-in: the clock starts again."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def why_ended(session, user, now: float | None = None) -> str:
    """Why this sign-in is over, in words for the person; empty while it still holds."""
    now = time.time() if now is None else now
    signed_in_at = session.get(SIGNED_IN_AT, now)
    last_seen_at = session.get(LAST_SEEN_AT, now)
    if now - signed_in_at > settings.SESSION_COOKIE_AGE:
        hours = settings.SESSION_COOKIE_AGE // 3600
        return f"You were signed out because you signed in more than {hours} hours ago. Please sign in again."
    if must_use(user) and now - last_seen_at > settings.STAFF_IDLE_MINUTES * 60:
        return f"You were signed out after {settings.STAFF_IDLE_MINUTES} minutes without activity."
    return ""


# Writing the session on every request would cost a database write per page: a minute's precision is plenty.
ACTIVITY_PRECISION_SECONDS = 60


def note_activity(session, now: float | None = None) -> None:
    now = time.time() if now is None else now
    session.setdefault(SIGNED_IN_AT, now)
    if now - session.get(LAST_SEEN_AT, 0) >= ACTIVITY_PRECISION_SECONDS:
        session[LAST_SEEN_AT] = now
