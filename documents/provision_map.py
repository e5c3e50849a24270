"""The school's provision map as a PDF, A4 landscape, for the SENCO, the head and governors: the same tables as the
page (provision/figures.py), in the print style of every document."""

from provision.figures import ProvisionMap
from provision.tables import map_tables

from .rendering import render_pdf


def provision_map_pdf(the_map: ProvisionMap, *, hide_under: int, large_print: bool = False, request=None) -> bytes:
    return render_pdf(
        "documents/provision_map.html",
        {"map": the_map, "tables": map_tables(the_map, hide_under=hide_under, pdf=True), "hide_under": hide_under},
        title=f"Provision map: {the_map.period.label}",
        large_print=large_print,
        request=request,
    )
