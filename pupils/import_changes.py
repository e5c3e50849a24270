"""The changes a checked register file makes, kept until the SENCO confirms them, and saved without checking again.

The check (pupils/importing.py) turns each new or changed row into a `CheckedChange`: the values to write and, for
a pupil already on the register, a fingerprint of that pupil as the check saw them. Confirm saves exactly those
values, all or nothing, if every pupil is still as the check saw them and no new pupil's UPN has been taken since;
otherwise nothing is saved and the SENCO is asked to check the file again. So the check runs once, and what is
saved is what was checked.
"""

import hashlib
from dataclasses import asdict, dataclass
from datetime import date

from django.apps import apps
from django.db import transaction

from .models import Pupil

CHANGE_REASON = "Imported from a CSV file"


class RegisterChanged(Exception):
    """A pupil in the file was changed, added or deleted after the check: nothing was saved."""

    def __init__(self, row: int):
        super().__init__(
            f"The register changed after the check (the pupil on row {row} was added or edited since). "
            "Nothing has been imported: please check the file again."
        )
        self.row = row


@dataclass(frozen=True)
class CheckedChange:
    """One row to save: `pupil_id` None for a new pupil. `values` are JSON-safe (dates as yyyy-mm-dd), so that the
    change can wait in the session between the check and the confirmation."""

    row: int
    pupil_id: int | None
    fingerprint: str
    values: dict

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "CheckedChange":
        return cls(row=data["row"], pupil_id=data["pupil_id"], fingerprint=data["fingerprint"], values=data["values"])


def fingerprint(pupil: Pupil) -> str:
    """A short digest of everything stored in the pupil's row: any change to it since the check changes this."""
    stored = repr([field.value_from_object(pupil) for field in Pupil._meta.concrete_fields])
    return hashlib.sha256(stored.encode()).hexdigest()[:20]


def change_for(row: int, pupil: Pupil, attributes: list[str], checked_as: str) -> CheckedChange:
    """The change that saves `attributes` of `pupil`, as the check left them."""
    values = {}
    for name in attributes:
        value = getattr(pupil, name)
        values[name] = value.isoformat() if isinstance(value, date) else value
    return CheckedChange(row=row, pupil_id=pupil.pk, fingerprint=checked_as, values=values)


def _decoded(values: dict) -> dict:
    return {name: Pupil._meta.get_field(name).to_python(value) for name, value in values.items()}


def save_checked(changes: list[CheckedChange]) -> tuple[int, int]:
    """Save the checked changes: all of them, or none (RegisterChanged) if the register changed since the check.
    Returns how many pupils were added and how many updated. The history names the signed-in person (the history
    middleware) and says the change came from a file."""
    with transaction.atomic():
        current = Pupil.objects.select_for_update().in_bulk([c.pupil_id for c in changes if c.pupil_id])
        new_upns = [c.values["upn"] for c in changes if c.pupil_id is None]
        taken = set(Pupil.objects.filter(upn__in=new_upns).values_list("upn", flat=True))
        added, updated = [], []
        for change in changes:
            if change.pupil_id is None:
                if change.values["upn"] in taken:
                    raise RegisterChanged(change.row)
                added.append(Pupil(**_decoded(change.values)))
                continue
            pupil = current.get(change.pupil_id)
            if pupil is None or fingerprint(pupil) != change.fingerprint:
                raise RegisterChanged(change.row)
            changed = {}
            for name, value in _decoded(change.values).items():
                if getattr(pupil, name) != value:
                    changed[name] = value
                    setattr(pupil, name, value)
            updated.append((pupil, changed))
        # In bulk, with one history entry each: 3,000 pupils one save at a time would take most of a minute.
        Pupil.history.bulk_history_create(Pupil.objects.bulk_create(added), default_change_reason=CHANGE_REASON)
        # Only what changed, pupil by pupil: bulk_update's CASE expressions over every column cost more (1.5 ms a
        # pupil against 0.5).
        for pupil, changed in updated:
            Pupil.objects.filter(pk=pupil.pk).update(**changed)
        records = Pupil.history.bulk_history_create(
            [pupil for pupil, _ in updated], update=True, default_change_reason=CHANGE_REASON
        )
        _record_teaching_assistants(records)
    return len(added), len(updated)


def _record_teaching_assistants(records: list) -> None:
    """The teaching assistants of each updated pupil, in the history entry just written for them, as save() would
    have recorded them (bulk history leaves them out). A new pupil has none yet."""
    links: dict[int, list] = {}
    for link in Pupil.teaching_assistants.through.objects.filter(pupil__in=[record.id for record in records]):
        links.setdefault(link.pupil_id, []).append(link)
    snapshot = apps.get_model("pupils", "HistoricalPupil_teaching_assistants")
    snapshot.objects.bulk_create(
        snapshot(history=record, id=link.id, pupil_id=link.pupil_id, user_id=link.user_id)
        for record in records
        for link in links.get(record.id, [])
    )
