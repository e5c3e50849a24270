"""A phone number as people write it ("07700 900442", "+44 (0)115 496 0500 ext. 23") made into a link a phone can
dial: a `tel:` address holds no spaces or brackets (RFC 3966; the W3C checker refuses them), and the "(0)" of a
number written the international way is not dialled."""

import re

_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x)\s*(\d+)\s*$", re.IGNORECASE)


def tel_href(number: str) -> str:
    """`tel:` and the digits to dial, with a leading + and an extension kept; "" for a number with no digits."""
    number = (number or "").strip()
    extension = _EXTENSION.search(number)
    if extension:
        number = number[: extension.start()]
    if number.startswith("+"):
        number = number.replace("(0)", "")
    digits = re.sub(r"\D", "", number)
    if not digits:
        return ""
    plus = "+" if number.startswith("+") else ""
    return f"tel:{plus}{digits}" + (f";ext={extension.group(1)}" if extension else "")
