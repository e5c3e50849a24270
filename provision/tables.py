"""The provision map's and the impact report's tables as rows of text, each figure written once in Python.

A template looks a dict's key up at its first try, an object's attribute only after failed tries, and a name the
context lacks only after an exception: the map's tables (a hundred rows, a thousand figures) took longer to draw
than to work out. Here each row is a dict (or a tuple of cells) of text as the page shows it, for people who may
not see small counts (`hide_under`, report_views.hidden_under) as the filters in templatetags/provision_map.py write
them; the page and the PDF draw the same rows.
"""

from common.links import link_to

from .figures import Line, ProvisionMap, Row
from .impact import ImpactReport
from .templatetags.provision_map import count_shown, hours, pounds, shows_per_pupil, signed, whole_pounds

FIGURE, EMPTY = "text-end", "text-end empty"
DASH = "–"


def _wave_cells(line: Line, *, is_year: bool, with_hours: bool, hide_under: int, mark_empty: bool) -> list:
    if mark_empty and not line.pupil_count:
        return [(DASH, EMPTY, False)] * (3 if with_hours else 2)
    cells = [(count_shown(line.pupil_count, hide_under), FIGURE, False)]
    if with_hours:
        cells.append((str(line.hours_held if is_year else line.hours_a_week), FIGURE, False))
    cells.append((whole_pounds(line.total), FIGURE, False))
    return cells


def _row(row: Row, *, is_year: bool, with_hours: bool, hide_under: int, mark_empty: bool = True) -> dict:
    """A row's cells: (text, class, bold) for each wave's pupils, hours (not in the PDF) and cost, then all waves'."""
    cells = []
    for line in row.by_wave:
        cells += _wave_cells(line, is_year=is_year, with_hours=with_hours, hide_under=hide_under, mark_empty=mark_empty)
    total = row.total
    per_pupil = whole_pounds(total.cost_per_pupil) if shows_per_pupil(total, hide_under) else DASH
    cells += [
        (count_shown(total.pupil_count, hide_under), FIGURE, True),
        (str(total.hours_held if is_year else total.hours_a_week), FIGURE, False),
        (whole_pounds(total.total), FIGURE, True),
        (per_pupil, FIGURE, False),
    ]
    return {"label": row.label, "cells": cells}


def wave_table(the_map: ProvisionMap, rows: list[Row], *, hide_under: int, pdf: bool = False) -> dict:
    """Year groups (or areas of need) across the waves, with the whole map's total as the last row."""
    options = {"is_year": the_map.period.is_year, "with_hours": not pdf, "hide_under": hide_under}
    return {
        "rows": [_row(row, **options) for row in rows],
        "total": _row(the_map.total, **options, mark_empty=False),
    }


def intervention_rows(the_map: ProvisionMap, *, hide_under: int, pdf: bool = False) -> list[dict]:
    """A row for each intervention: its groups, pupils, staff and pupils' hours, cost and cost a pupil."""
    link = None if pdf else link_to("provision:intervention")
    is_year = the_map.period.is_year
    rows = []
    for line in the_map.interventions:
        intervention, figures = line.intervention, line.line
        per_pupil = whole_pounds(figures.cost_per_pupil) if shows_per_pupil(figures, hide_under) else DASH
        rows.append(
            {
                "link": link(intervention.pk) if link else "",
                "name": intervention.name,
                "wave": intervention.wave,
                "groups": line.groups,
                "pupils": count_shown(figures.pupil_count, hide_under),
                "staff_hours": hours(line.staff_minutes_held if is_year else line.staff_minutes),
                "hours": str(figures.hours_held if is_year else figures.hours_a_week),
                "cost": whole_pounds(figures.total),
                "per_pupil": per_pupil,
            }
        )
    return rows


def map_tables(the_map: ProvisionMap, *, hide_under: int, pdf: bool = False) -> dict:
    return {
        "by_year": wave_table(the_map, the_map.by_year, hide_under=hide_under, pdf=pdf),
        "by_need": wave_table(the_map, the_map.by_need, hide_under=hide_under, pdf=pdf),
        "interventions": intervention_rows(the_map, hide_under=hide_under, pdf=pdf),
    }


def impact_waiting(report: ImpactReport) -> list[dict]:
    """The interventions with places still to be scored, and how many."""
    link = link_to("provision:intervention")
    return [{"link": link(each.pk), "name": each.name, "count": count} for each, count in report.waiting]


def impact_rows(report: ImpactReport, *, hide_under: int) -> list[dict]:
    """A row for each intervention and unit of the impact report, its figures as the page writes them."""
    link = link_to("provision:intervention")
    rows = []
    for line in report.lines:
        shows_share = line.met_share is not None and line.with_target >= hide_under
        rows.append(
            {
                "pk": line.intervention.pk,
                "link": link(line.intervention.pk),
                "name": line.intervention.name,
                "wave": line.intervention.wave,
                "unit": line.unit,
                "pupils": count_shown(line.pupils, hide_under),
                "change": signed(line.average_change),
                "gained": count_shown(line.gained, hide_under),
                "with_target": count_shown(line.with_target, hide_under) if line.with_target else "",
                "met_target": count_shown(line.met_target, hide_under),
                "met_share": line.met_share if shows_share else None,
                "cost_per_pupil": pounds(line.cost_per_pupil) if line.pupils >= hide_under else DASH,
                "cost_per_point": pounds(line.cost_per_point) if line.cost_per_point is not None else "",
            }
        )
    return rows
