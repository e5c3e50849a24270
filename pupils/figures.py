"""Anonymous figures about the register for the head teacher and governors: no child identifiable."""

from django.db.models import Count

from .models import AreaOfNeed, Pupil, SenStatus, YearGroup

# Counts this small could identify a child to someone who knows the school, so they are not shown.
SMALLEST_SHOWN = 3


def shown(count: int) -> str:
    if 0 < count < SMALLEST_SHOWN:
        return f"fewer than {SMALLEST_SHOWN}"
    return str(count)


def register_figures() -> dict:
    pupils = Pupil.objects.on_register()
    by_status = dict(pupils.values_list("sen_status").annotate(n=Count("pk")))
    by_need = dict(pupils.exclude(primary_need="").values_list("primary_need").annotate(n=Count("pk")))
    by_year = dict(pupils.values_list("year_group").annotate(n=Count("pk")))
    return {
        "total": shown(sum(by_status.values())),
        "by_status": [(label, shown(by_status.get(code, 0))) for code, label in SenStatus.choices],
        "by_need": [
            (f"{label} ({code})", shown(by_need[code])) for code, label in AreaOfNeed.choices if by_need.get(code)
        ],
        "by_year": [(label, shown(by_year[year])) for year, label in YearGroup.choices if by_year.get(year)],
    }
