"""A review day's timetables as a PDF: one page (or more) for each member of staff holding appointments, with each
slot's time, pupil, room and the parents coming, and boxes to tick attended or did not attend on the day."""

from booking.models import ReviewDay, ReviewDayStaff
from booking.timetables import staff_timetables

from .rendering import render_bundle, render_html


def timetable_pdf(day: ReviewDay, lines: list[ReviewDayStaff], request=None) -> bytes:
    """Each member of staff's timetable starts on a new page and numbers its own pages, to hand out separately."""
    htmls = [
        render_html(
            "documents/timetable.html",
            {"day": day, **timetable},
            title=f"{timetable['line'].staff.get_full_name()}: {day}",
            request=request,
            glossary=False,  # for staff, who know the words
        )
        for timetable in staff_timetables(day, lines)
    ]
    return render_bundle(htmls, title=f"Timetables: {day}")
