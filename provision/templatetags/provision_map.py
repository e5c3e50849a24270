"""Figures as the provision map writes them: pounds with commas, hours to a tenth, counts too small to show."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()
PENNY, POUND = Decimal("0.01"), Decimal(1)


@register.filter
def pounds(amount) -> str:
    """£1,234.50 (a Python format, not the locale's: quicker on a page of hundreds, and the school's money is
    pounds); a dash for no figure (nobody to share a cost between)."""
    if amount is None:
        return "–"
    return f"£{Decimal(amount).quantize(PENNY, ROUND_HALF_UP):,.2f}"


@register.filter
def whole_pounds(amount) -> str:
    if amount is None:
        return "–"
    return f"£{Decimal(amount).quantize(POUND, ROUND_HALF_UP):,.0f}"


@register.filter
def count_shown(count: int, hidden_under: int) -> str:
    """A count of pupils as this person may see it: 'fewer than 3' for the head when it is 1 or 2."""
    return f"fewer than {hidden_under}" if 0 < count < hidden_under else str(count)


@register.filter
def shows_per_pupil(line, hidden_under: int) -> bool:
    """Whether figures per pupil may be shown beside the count (not when the count itself is hidden)."""
    return not 0 < line.pupil_count < hidden_under


@register.filter
def signed(value) -> str:
    """A change of score: '+6', '−2.5', '0' (no trailing zeros)."""
    if value is None:
        return "–"
    value = Decimal(value)
    text = f"{abs(value).normalize():f}"
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else "0"


@register.filter
def hours(minutes: int) -> str:
    """Minutes as hours to a tenth: 90 -> '1.5'."""
    return f"{Decimal(minutes) / 60:.1f}"
