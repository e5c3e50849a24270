"""When a pupil's SEN status changes: the one signal that says so, whoever made the change.

A pupil stands at one SEN status at a time (`standing`): their status while on the register, no SEN once removed
from it. A change is reported when the SENCO adds a pupil, edits their status, removes them from the register or
puts them back (pupils/views/records.py), and when the MIS import changes the statuses of pupils already here, in
bulk (mis/apply.py). Apps above pupils decide what follows: `sen_letters` drafts a letter to the parents. A pupil
new to the portal from the MIS is not a change: they arrive with the status the MIS has long held for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.dispatch import Signal
from django.utils import timezone

from .models import Pupil, SenStatus

# Sent with `changes`: a list of `SenChange`, inside the transaction that made them (so what follows is made with
# them, or not at all).
sen_status_changed = Signal()


@dataclass(frozen=True)
class SenChange:
    pupil: Pupil
    before: str  # a SenStatus value: where the pupil stood before
    after: str
    on: date
    by: object | None = None  # the user who made it; None for the MIS import
    source: str = ""  # where it came from when not by hand, e.g. "From the MIS (school.xml)"


def standing(pupil: Pupil) -> str:
    """The SEN status a pupil stands at now: their status on the register, or no SEN once removed from it."""
    return SenStatus.NO_SEN if pupil.removed_from_register_on else pupil.sen_status


def report(changes: list[SenChange]) -> None:
    """Tell the apps that listen of these changes (those whose status really changed), all at once."""
    changes = [change for change in changes if change.before != change.after]
    if changes:
        sen_status_changed.send(sender=Pupil, changes=changes)


def report_by_hand(pupil: Pupil, before: str, by) -> None:
    """After the SENCO saved `pupil`, who stood at `before` (NO_SEN for a pupil just added)."""
    report([SenChange(pupil=pupil, before=before, after=standing(pupil), on=timezone.localdate(), by=by)])
