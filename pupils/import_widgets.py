"""The register import's cells: one cell to one value, as the SENCO would write it (a year group as "Year 7", "R" or
"7", an SEN status as "K" or "SEN support"); a ValueError carries the message the SENCO reads."""

from datetime import date, datetime

from import_export import widgets

from .models import AreaOfNeed, SenStatus, YearGroup


class UpnWidget(widgets.CharWidget):
    """Upper-cased and trimmed. Never raises: the instance loader cleans the UPN too, and a problem
    there would be reported as a crash rather than as a row problem. The resource checks it."""

    def clean(self, value, row=None, **kwargs):
        return (value or "").strip().upper()


class TextWidget(widgets.CharWidget):
    def __init__(self, required_message: str = ""):
        super().__init__(allow_blank=True)
        self.required_message = required_message

    def clean(self, value, row=None, **kwargs):
        text = " ".join((value or "").split())
        if not text and self.required_message:
            raise ValueError(self.required_message)
        return text


class UkDateWidget(widgets.DateWidget):
    FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")

    def __init__(self, required_message: str = ""):
        super().__init__()
        self.required_message = required_message

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            if self.required_message:
                raise ValueError(self.required_message)
            return None
        # Excel sometimes adds a midnight time to a date ("14/03/2015 00:00").
        text = text.split(" ")[0]
        for fmt in self.FORMATS:
            try:
                parsed = datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            if parsed > date.today():
                raise ValueError(f"{parsed:%d/%m/%Y} is in the future.")
            return parsed
        raise ValueError(f"'{value.strip()}' is not a date we can read. Use dd/mm/yyyy, for example 14/03/2015.")


def _key(value) -> str:
    return " ".join((value or "").replace(".", " ").split()).casefold()


class YearWidget(widgets.IntegerWidget):
    WORDS = {
        "n1": YearGroup.NURSERY_1,
        "nursery 1": YearGroup.NURSERY_1,
        "n2": YearGroup.NURSERY_2,
        "nursery 2": YearGroup.NURSERY_2,
        "r": YearGroup.RECEPTION,
        "rec": YearGroup.RECEPTION,
        "reception": YearGroup.RECEPTION,
    }

    def clean(self, value, row=None, **kwargs):
        key = _key(value)
        if not key:
            raise ValueError("Enter the pupil's year group.")
        if key in self.WORDS:
            return int(self.WORDS[key])
        number = key.removeprefix("year").removeprefix("yr").removeprefix("y").strip()
        if number.isdigit() and 1 <= int(number) <= 14:
            return int(number)
        raise ValueError(
            f"'{value.strip()}' is not a year group. Use N1, N2, R, a number from 1 to 14, or for example 'Year 7'."
        )


class SenStatusWidget(widgets.CharWidget):
    WORDS = {
        "k": SenStatus.SEN_SUPPORT,
        "sen support": SenStatus.SEN_SUPPORT,
        "e": SenStatus.EHC_PLAN,
        "ehc plan": SenStatus.EHC_PLAN,
        "ehcp": SenStatus.EHC_PLAN,
        "education, health and care plan": SenStatus.EHC_PLAN,
        "m": SenStatus.MONITORING,
        "monitoring": SenStatus.MONITORING,
    }

    def clean(self, value, row=None, **kwargs):
        key = _key(value)
        if not key:
            raise ValueError("Enter the SEN status: K, E or M.")
        if key in self.WORDS:
            return str(self.WORDS[key])
        if key in ("n", "no special educational need"):
            raise ValueError("'N' means no special educational need: take this pupil out of the file.")
        raise ValueError(
            f"'{value.strip()}' is not an SEN status. Use K (SEN support), E (EHC plan) or M (monitoring)."
        )


class NeedWidget(widgets.CharWidget):
    WORDS = {code.casefold(): code for code in AreaOfNeed.values} | {
        label.casefold(): code for code, label in AreaOfNeed.choices
    }

    def clean(self, value, row=None, **kwargs):
        key = " ".join((value or "").split()).casefold()
        if not key:
            return ""
        if key in self.WORDS:
            return self.WORDS[key]
        raise ValueError(f"'{value.strip()}' is not a need code. Use one of: {', '.join(AreaOfNeed.values)}.")
