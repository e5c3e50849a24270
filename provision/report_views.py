"""The provision map (on screen and as a CSV file), the impact report and the office's timetable of groups.

The map and the impact report are figures about groups of pupils, never a named child: the SENCO and the head see
them. For the head, as on the register figures (pupils/figures.py), a count of fewer than 3 pupils is not shown, nor
the figures per pupil that would give it away."""

import csv
import io
from dataclasses import astuple
from datetime import date, timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView, View

from accounts.models import Role
from accounts.permissions import ActionRequiredMixin
from common.downloads import content_disposition
from pupils.figures import SMALLEST_SHOWN
from pupils.models import AreaOfNeed, YearGroup, sees_every_pupil
from pupils.views.register import csv_safe
from school.calendar import is_school_day, why_closed

from . import kept
from .costs import pounds
from .figures import NO_NEED, Cell, Filters, Period, period_for, periods_around, provision_map, tally
from .impact import SORTS, impact_report, span_for, spans_around
from .models import Intervention, InterventionKind, Wave, Weekday
from .sessions import timetable_of
from .tables import impact_rows, impact_waiting, map_tables


def hidden_under(user) -> int:
    """Counts of pupils below this are not shown to the person: none for the SENCO, 3 for the head."""
    return 0 if user.role == Role.SENCO else SMALLEST_SHOWN


def _choice(value: str, choices, cast=str):
    try:
        value = cast(value)
    except (TypeError, ValueError):
        return None
    return value if value in choices else None


def map_filters(request) -> Filters:
    """The filters a `?year=&need=&wave=&kind=` query asks for; anything not offered is ignored."""
    need = request.GET.get("need")
    return Filters(
        year_group=_choice(request.GET.get("year"), YearGroup.values, int),
        need="" if need == "none" else _choice(need, AreaOfNeed.values),
        wave=_choice(request.GET.get("wave"), Wave.values, int),
        kind=_choice(request.GET.get("kind"), InterventionKind.values),
    )


class MapMixin(ActionRequiredMixin):
    required_action = "provision_map.view"

    def period(self) -> Period:
        return period_for(self.request.GET.get("period", ""), timezone.localdate())

    def the_map(self):
        """The map for the period and filters asked for, as this process worked it out before if nothing it is
        worked out from has changed since (kept.py). Shared: nothing may change it."""
        period, filters = self.period(), map_filters(self.request)
        inputs = (period, astuple(filters), timezone.localdate())
        return kept.figures("provision map", inputs, lambda: provision_map(period, filters))


class ProvisionMapView(MapMixin, TemplateView):
    template_name = "provision/map.html"

    def get_context_data(self, **kwargs):
        the_map = self.the_map()
        hide_under = hidden_under(self.request.user)
        return super().get_context_data(
            map=the_map,
            tables=map_tables(the_map, hide_under=hide_under),
            periods=periods_around(timezone.localdate()),
            year_groups=YearGroup.choices,
            needs=AreaOfNeed.choices,
            waves=Wave.choices,
            kinds=InterventionKind.choices,
            hide_under=hide_under,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


CSV_COLUMNS = [
    "Period",
    "Year group",
    "Area of need",
    "Wave",
    "Intervention",
    "Kind",
    "Pupils",
    "Hours a week (pupils' time in sessions, as timetabled)",
    "Hours in the period (pupils' time in the sessions held)",
    "Cost (£)",
]


class ProvisionMapCsvView(MapMixin, View):
    """The map as rows to sort and total in a spreadsheet: one for each year group, area of need, wave and
    intervention that has pupils, with the pupils, their hours a week and their share of the cost."""

    def get(self, request):
        period = self.period()
        found = tally(period, map_filters(request))
        rows: dict[tuple, tuple[Cell, Intervention]] = {}
        # Interventions of one name are one row (the first one's kind), as the spreadsheet's reader would see them.
        for (year_group, need, pk), cell in sorted(found.cells.items(), key=lambda item: item[0][2]):
            intervention = found.interventions[pk]
            key = (year_group, need, intervention.wave, intervention.name)
            if key not in rows:
                rows[key] = (Cell(), intervention)
            rows[key][0].add(cell)
        hide = hidden_under(request.user)
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel reads the file as UTF-8
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        need_order = {need: n for n, need in enumerate([*AreaOfNeed.values, ""])}
        for key in sorted(rows, key=lambda k: (k[0], need_order[k[1]], k[2], k[3].lower())):
            cell, intervention = rows[key]
            year_group, need, wave, name = key
            count = len(cell.pupils)
            writer.writerow(
                [
                    csv_safe(value)
                    for value in (
                        period.label,
                        YearGroup(year_group).label,
                        AreaOfNeed(need).label if need else NO_NEED,
                        Wave(wave).label,
                        name,
                        intervention.get_kind_display(),
                        f"fewer than {hide}" if 0 < count < hide else str(count),
                        f"{cell.minutes / 60:.1f}",
                        f"{cell.minutes_held / 60:.1f}",
                        f"{pounds(found.unit.amount(cell.shares))}",
                    )
                ]
            )
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition(f"provision-map-{period.key}.csv")
        return response


class ImpactView(ActionRequiredMixin, TemplateView):
    """Each intervention's entry and exit scores compared, with what the progress cost, sortable."""

    required_action = "provision_map.view"
    template_name = "provision/impact.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        span = span_for(self.request.GET.get("span", ""), today)
        sort = self.request.GET.get("sort", "")
        report = kept.figures("impact", (span, today, sort), lambda: impact_report(span, today, sort=sort))
        hide_under = hidden_under(self.request.user)
        return super().get_context_data(
            report=report,
            rows=impact_rows(report, hide_under=hide_under),
            waiting=impact_waiting(report),
            spans=spans_around(today),
            sorts=SORTS,
            hide_under=hide_under,
            **kwargs,
        )


class TimetableView(ActionRequiredMixin, TemplateView):
    """A day's group sessions for the office: when, where, who leads and which pupils go. No need, wave, target or
    score: what the office needs to find a child or a room. One day at a time, with a tab for each day of its week:
    the office looks up today (a few hundred sessions in a large school), and the whole week at once was five times
    the page to load and scroll."""

    required_action = "provision_map.timetable"
    template_name = "provision/timetable.html"

    def day(self) -> date:
        """The day asked for (`?day=`, or the Monday of `?week=`, the address the page had when it showed a whole
        week), else today; a weekend day gives the Monday after. A date that is not one is ignored."""
        today = timezone.localdate()
        day = _a_date(self.request.GET.get("day"))
        if day is None and (week := _a_date(self.request.GET.get("week"))) is not None:
            day = week - timedelta(days=week.weekday())
        day = day or today
        return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day

    def get_context_data(self, **kwargs):
        day, today = self.day(), timezone.localdate()
        monday = day - timedelta(days=day.weekday())
        closed = "" if is_school_day(day) else (why_closed(day) or "the school is closed")
        rows = timetable_of(day) if sees_every_pupil(self.request.user) and not closed else []
        tabs = []
        for offset, (_, label) in enumerate(Weekday.choices):
            tab = monday + timedelta(days=offset)
            tabs.append({"day": tab, "label": label, "today": tab == today, "closed": not is_school_day(tab)})
        return super().get_context_data(
            day=day,
            closed=closed,
            rows=rows,
            tabs=tabs,
            today=today,
            week_before=day - timedelta(days=7),
            week_after=day + timedelta(days=7),
            **kwargs,
        )


# Far enough from the calendar's ends that a week either side is still a date.
EARLIEST, LATEST = date(1900, 1, 1), date(9000, 12, 31)


def _a_date(asked: str | None) -> date | None:
    try:
        day = date.fromisoformat(asked or "")
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None
