"""Larger text, chosen on the device: a cookie, so it holds before sign-in and needs no account change."""

COOKIE = "text_size"
LARGE = "large"
ONE_YEAR = 60 * 60 * 24 * 365


def remember(response, *, large: bool) -> None:
    if large:
        response.set_cookie(COOKIE, LARGE, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")


def wants_large_text(request) -> bool:
    """The device's choice; with none made, large print for a parent whose record says they need it."""
    if COOKIE in request.COOKIES:
        return request.COOKIES[COOKIE] == LARGE
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.works_for_school:
        return False
    parent = getattr(user, "parent_record", None)
    return bool(parent and parent.needs_large_print)
