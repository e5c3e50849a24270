"""The DfE unique pupil number (UPN): 13 characters, a check letter then 12 characters.

Characters 2-13 are the LA number (3), the school's DfE number (4), the year of allocation (2)
and a serial (3). A temporary UPN ends in a letter instead of the last digit. The check letter
catches most mistyped UPNs, which is what matters when the register is imported from an MIS.
"""

import re

from django.core.exceptions import ValidationError

# The DfE's check-letter alphabet leaves out I, O and S.
CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_SHAPE = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")


def check_letter(body: str) -> str:
    """The check letter for the 12 characters after it."""
    total = 0
    for weight, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else CHECK_LETTERS.index(char)
        total += value * weight
    return CHECK_LETTERS[total % 23]


def validate_upn(value: str) -> None:
    upn = value.upper()
    if len(upn) != 13:
        raise ValidationError("A UPN has exactly 13 characters; this one has %(n)s.", params={"n": len(upn)})
    if not UPN_SHAPE.match(upn) or (upn[12].isalpha() and upn[12] not in CHECK_LETTERS):
        raise ValidationError("A UPN is a letter followed by 12 digits (a temporary UPN ends in a letter).")
    if check_letter(upn[1:]) != upn[0]:
        raise ValidationError("This UPN's check letter does not match: please check it for a typing mistake.")
