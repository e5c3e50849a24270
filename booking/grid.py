"""The review day's grid, as the office books it: a column for each member of staff, a row for each time, and in each
cell the appointment's pupil and what can be done with it.

A review day has a few hundred appointments and the office needs them all on one page. Each booked cell is built
here once, from two queries of plain values, with one reverse() for each kind of link, and written as its few lines
of HTML (the pupil's name escaped; the rest is this module's own): the template only puts each in its place. In the
template, the ifs, variables and {% url %}s of 300 cells took most of the page's time (issue 24). The buttons to
mark attendance stay in the template, which holds the form's CSRF token.
"""

from datetime import datetime
from html import escape

from django.utils.safestring import SafeString

from common import when
from common.links import link_to
from meetings.models import BOOKED_STATUSES, MeetingStatus

from .models import Booking, ReviewDay

BOOKED = '{}{}{}<div class="mt-1"><span class="badge {}">{}</span></div>'
PROFILE = ' <a class="small ms-1" href="{}">One-page profile</a>'
CHANGE = ' <a class="small ms-1" href="{}">Move</a> <a class="small ms-1" href="{}">Cancel</a>'
BADGES = {MeetingStatus.HELD: "text-bg-success", MeetingStatus.DID_NOT_ATTEND: "text-bg-warning"}
OTHER_BADGE = "text-bg-light border"
# Each status's badge and label, escaped once.
STATUS_LABELS = {status: (BADGES.get(status, OTHER_BADGE), escape(status.label)) for status in MeetingStatus}


def day_grid(day: ReviewDay, now: datetime, show_profiles: bool) -> tuple[list[dict], list[tuple[str, list]]]:
    """The staff columns (name, room, their timetable's address) and the rows: (time in words, a cell for each
    column). A cell is None where that member of staff has no appointment at that time, {} where it is free, or the
    booking's `html`: the pupil's name, the links to their one-page profile (`show_profiles`: SEN detail, for the
    SENCO and staff, never the office) and to move or cancel it (while it is booked), and its status; with the
    address to mark it attended or not, once it has started (`rules.mark_attendance` refuses it before)."""
    lines = list(
        day.staff_lines.order_by("pk").values_list("staff_id", "staff__first_name", "staff__last_name", "room")
    )
    timetable = link_to("booking:timetable", day.pk)
    columns = [
        {"staff_id": staff_id, "name": f"{first} {last}".strip(), "room": room, "timetable": timetable(staff_id)}
        for staff_id, first, last, room in lines
    ]
    move, cancel = link_to("booking:move"), link_to("booking:cancel")
    attendance, profile = link_to("booking:attendance", day.pk), link_to("pupils:profile_print")
    booked: dict[int, dict] = {}
    bookings = Booking.objects.live().filter(review_day=day).order_by()  # a cell each: no order, no join to the slot
    for pk, slot_id, pupil_id, last, preferred, first, status, starts_at in bookings.values_list(
        "pk",
        "slot_id",
        "pupil_id",
        "pupil__legal_last_name",
        "pupil__preferred_name",
        "pupil__legal_first_name",
        "meeting__status",
        "meeting__starts_at",
    ):
        is_booked = status in BOOKED_STATUSES
        profile_link = PROFILE.format(profile(pupil_id)) if show_profiles else ""
        change = CHANGE.format(move(pk), cancel(pk)) if is_booked else ""
        # Only the name is anyone's words; the rest is this module's HTML, addresses of ids and the choices' labels.
        html = BOOKED.format(escape(f"{last}, {preferred or first}"), profile_link, change, *STATUS_LABELS[status])
        booked[slot_id] = {
            "html": SafeString(html),  # not mark_safe: its check for a lazy string, 300 times
            "attendance": attendance(pk) if is_booked and starts_at <= now else "",
        }
    cells: dict[tuple[int, datetime], dict] = {}
    for pk, staff_id, starts_at in day.slots.order_by().values_list("pk", "staff_id", "starts_at"):
        cells[staff_id, starts_at] = booked.get(pk, {})
    times = sorted({starts_at for _, starts_at in cells})
    return columns, [(when.clock(time), [cells.get((staff_id, time)) for staff_id, *_ in lines]) for time in times]
