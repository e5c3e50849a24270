"""Records as plain data for a subject access export: every stored field, coded values with their words beside
them, people named rather than numbered, and the change history kept by django-simple-history."""

from django.db import models

from accounts.models import User

CHANGE_TYPES = {"+": "Added", "~": "Changed", "-": "Deleted"}


class People:
    """Names of the people (staff, parents with an account) that records point to, looked up once each."""

    def __init__(self):
        self._names: dict[int, str] = {}

    def name(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id not in self._names:
            user = User.objects.filter(pk=user_id).first()
            self._names[user_id] = (user.get_full_name() or user.email) if user else "(an account since removed)"
        return self._names[user_id]


def _fields(model) -> list[models.Field]:
    # A historical copy has the fields of the model it copies (plus its own history_* fields).
    model = getattr(model, "instance_type", model)
    return list(model._meta.concrete_fields)


def plain(obj: models.Model, people: People, *, exclude: tuple[str, ...] = ()) -> dict:
    """One record (or one historical copy of it) as a dict ready for JSON."""
    data = {}
    for field in _fields(type(obj)):
        if field.name in exclude:
            continue
        value = getattr(obj, field.attname)
        if field.is_relation:
            if field.related_model is User:
                data[field.name] = people.name(value)
            else:
                data[field.attname] = value
            continue
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        data[field.name] = value
        if field.choices and value not in (None, ""):
            data[f"{field.name}_label"] = str(dict(field.flatchoices).get(value, value))
    return data


def history(label: str, records, people: People) -> list[dict]:
    """Each saved state of the records in `records` (a simple-history queryset), oldest first."""
    return [
        {
            "record": label,
            "when": copy.history_date,
            "change": CHANGE_TYPES.get(copy.history_type, copy.history_type),
            "by": people.name(copy.history_user_id) or "System or import",
            "values": plain(copy, people),
        }
        for copy in records.order_by("history_date", "history_id")
    ]
