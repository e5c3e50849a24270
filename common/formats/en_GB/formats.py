"""Django's date formats for the site's language (en-GB), the same as common/when.py writes them: `|date` and the
admin site read these (settings.FORMAT_MODULE_PATH). Times have no Django format letter for '3:45pm': templates write
them with `|clock`."""

from common.when import DATE_FORMAT, SHORT_DATE_FORMAT

MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"

__all__ = ["DATE_FORMAT", "MONTH_DAY_FORMAT", "SHORT_DATE_FORMAT", "YEAR_MONTH_FORMAT"]
