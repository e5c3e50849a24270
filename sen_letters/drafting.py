"""Drafting the letters: each change of SEN status reported by pupils (pupils/sen_changes.py) that parents should hear
about becomes a draft for the SENCO to check, in bulk for the MIS import (a few queries whatever the number).

A pupil has one draft waiting at most. A change to a pupil whose draft is still waiting overtakes it: the old draft
is set aside, saying why, and the new one is measured from where the parents last stood. So a mistake put right
before the letter went (no SEN to SEN support and back) leaves nothing to send, and SEN support then an EHC plan in
one week makes one letter about the plan.

No draft for a pupil who has left the school, nor for a young person past compulsory school age who decides without
their parents (the school tells them, not their parents: as for meetings, meetings/notice_planning.py).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common import when
from pupils.models import SenStatus
from pupils.sen_changes import SenChange

from .models import SenStatusLetter, change_between

OVERTAKEN = "Overtaken on {date}: the SEN status changed again ({before} to {after}) before this was sent."


def draft_letters(changes: list[SenChange]) -> list[SenStatusLetter]:
    """Drafts for these changes, setting aside the drafts they overtake. Returns the new drafts."""
    latest: dict[int, SenChange] = {}
    first_before: dict[int, str] = {}
    for change in changes:  # one pupil changed twice in one go: from the first status to the last
        first_before.setdefault(change.pupil.pk, change.before)
        latest[change.pupil.pk] = change
    now = timezone.now()
    with transaction.atomic():
        overtaken = list(
            SenStatusLetter.objects.waiting().select_for_update().filter(pupil__in=latest).order_by("created_at")
        )
        for letter in overtaken:
            change = latest[letter.pupil_id]
            first_before[letter.pupil_id] = letter.from_status  # where the parents last stood
            letter.discarded_at = now
            letter.discard_reason = OVERTAKEN.format(
                date=when.date(change.on),
                before=SenStatus(change.before).label,
                after=SenStatus(change.after).label,
            )
        if overtaken:
            bulk_update_with_history(
                overtaken,
                SenStatusLetter,
                ["discarded_at", "discard_reason"],
                default_user=_first_user(changes),
                default_change_reason="Overtaken by a later change",
            )
        drafts = []
        for pk, change in latest.items():
            before, pupil = first_before[pk], change.pupil
            kind = change_between(before, change.after)
            if kind is None or pupil.has_left_school or pupil.decides_without_parents(change.on):
                continue
            drafts.append(
                SenStatusLetter(
                    pupil=pupil,
                    change=kind,
                    from_status=before,
                    to_status=change.after,
                    changed_on=change.on,
                    changed_by=change.by,
                    source=change.source,
                    created_at=now,
                )
            )
        return bulk_create_with_history(drafts, SenStatusLetter, default_user=_first_user(changes))


def _first_user(changes: list[SenChange]):
    return next((change.by for change in changes if change.by is not None), None)


def on_sen_status_changed(sender, changes: list[SenChange], **kwargs) -> None:
    """The receiver of pupils.sen_changes.sen_status_changed (connected in SenLettersConfig.ready())."""
    draft_letters(changes)
