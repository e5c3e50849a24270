"""Who changed what on a pupil's record, and when, read from django-simple-history's tables."""

from dataclasses import dataclass, field
from datetime import datetime

from accounts.models import User

from .models import OnePageProfile, Outcome, ProfessionalInvolvement, ProgressNote, Provision, Pupil, PupilParent

CHANGE_TYPES = {"+": "Added", "~": "Changed", "-": "Deleted"}
IGNORED_FIELDS = {"id", "updated_at", "created_at"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    record: str
    action: str
    summary: str
    changes: list[Change] = field(default_factory=list)


def pupil_history(pupil: Pupil, limit: int = 300) -> list[HistoryEntry]:
    """Every change to the pupil and the records hanging off it, newest first."""
    outcome_ids = Outcome.history.filter(pupil_id=pupil.pk).values("id")
    sources = [
        ("Pupil details", Pupil.history.filter(id=pupil.pk), lambda r: f"{r.legal_first_name} {r.legal_last_name}"),
        ("One-page profile", OnePageProfile.history.filter(pupil_id=pupil.pk), lambda r: ""),
        ("Target", Outcome.history.filter(pupil_id=pupil.pk), lambda r: r.description),
        ("Progress note", ProgressNote.history.filter(outcome_id__in=outcome_ids), lambda r: r.note),
        ("Provision", Provision.history.filter(pupil_id=pupil.pk), lambda r: r.intervention),
        ("Professional", ProfessionalInvolvement.history.filter(pupil_id=pupil.pk), lambda r: r.name),
        (
            "Parent or carer",
            PupilParent.history.filter(pupil_id=pupil.pk).select_related("parent"),
            lambda r: f"{r.parent.full_name if r.parent else ''} ({r.get_relationship_display()})",
        ),
    ]
    entries: list[HistoryEntry] = []
    for label, records, summary in sources:
        fields = [f for f in records.model.instance_type._meta.concrete_fields if f.name not in IGNORED_FIELDS]
        previous = None
        for record in records.select_related("history_user").order_by("id", "history_date", "history_id"):
            same_object = previous is not None and previous.id == record.id
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user.get_full_name() if record.history_user else "System or import",
                    record=label,
                    action=CHANGE_TYPES.get(record.history_type, record.history_type),
                    summary=summary(record)[:100],
                    changes=_changes(fields, previous, record) if same_object and record.history_type == "~" else [],
                )
            )
            previous = record
    _name_users(entries)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def _changes(fields, previous, record) -> list[Change]:
    changes = []
    for f in fields:
        old, new = getattr(previous, f.attname), getattr(record, f.attname)
        if old == new:
            continue
        label = str(f.verbose_name).capitalize()
        if f.is_relation and f.related_model is User:
            changes.append(_UserChange(label, old, new))
        elif f.choices:
            lookup = dict(f.flatchoices)
            changes.append(Change(label, _show(lookup.get(old, old)), _show(lookup.get(new, new))))
        else:
            changes.append(Change(label, _show(old), _show(new)))
    return changes


class _UserChange(Change):
    """A change of key worker, teacher...: holds user ids until _name_users puts names in."""

    def __init__(self, label, old_id, new_id):
        super().__init__(label, "", "")
        self.old_id, self.new_id = old_id, new_id


def _name_users(entries: list[HistoryEntry]) -> None:
    user_changes = [c for e in entries for c in e.changes if isinstance(c, _UserChange)]
    ids = {i for c in user_changes for i in (c.old_id, c.new_id) if i}
    names = {u.pk: u.get_full_name() for u in User.objects.filter(pk__in=ids)} if ids else {}
    for change in user_changes:
        change.old = names.get(change.old_id, "(nobody)")
        change.new = names.get(change.new_id, "(nobody)")


def _show(value) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)
