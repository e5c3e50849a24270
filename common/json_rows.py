"""Short related lists read inside their owner's own query, as JSON, and put back as model rows.

A record page shows several short lists of one row (a pupil's teaching assistants, parents, professionals, ...).
`prefetch_related` costs a query for each list, and for each foreign key read with the list. `Rows` reads a list
as a JSON array in a column of the owner's own query instead, with the foreign keys it names inside each item and
lists of each item's own inside that; `Rows.attach` builds model instances from it (`Model.from_db`, as a query
would) and puts them where `prefetch_related` would have, so templates and model methods read them unchanged.

    rows = (Rows("provisions", select=("staff",)), Rows("outcomes", within=(Rows("progress_notes"),)))
    pupil = Pupil.objects.annotate(**Rows.columns(Pupil, rows)).get(pk=pk)
    Rows.attach_all(pupil, rows)

Meant for lists of a few rows: every concrete field of each row is read. The order is the related model's own
(`Meta.ordering`) or the one given, applied in Python: SQLite (3.40 here) cannot order inside an aggregate.
"""

import json
from dataclasses import dataclass
from datetime import date

from django.db import connection, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, JSONObject

from common import when


class _JSONList(models.Aggregate):
    """The rows' values as one JSON array (PostgreSQL's jsonb_agg, SQLite's json_group_array)."""

    function = "JSONB_AGG"
    output_field = models.JSONField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


_written_sql: dict[tuple, dict[str, tuple[str, tuple]]] = {}


@dataclass(frozen=True)
class Rows:
    relation: str  # a reverse foreign key or a many-to-many field of the owner
    select: tuple[str, ...] = ()  # foreign keys of each row, read with it
    within: tuple["Rows", ...] = ()  # each row's own lists
    ordering: tuple[str, ...] = ()  # fields of the row, "-" for descending; the model's own ordering if none

    @staticmethod
    def columns(owner: type[models.Model], lists: tuple["Rows", ...]) -> dict:
        """The annotations that read these lists with the owner's query. Their SQL is written once in a process
        (building it from the fields took longer than the queries it saves) and refers to the owner's table by
        name, as the owner's own query does."""
        key = (owner, lists, connection.vendor)
        if key not in _written_sql:
            query = owner._base_manager.annotate(**{list_.column_name: list_.column(owner) for list_ in lists}).query
            compiler = query.get_compiler(connection=connection)
            _written_sql[key] = {name: compiler.compile(query.annotations[name]) for name in query.annotations}
        return {name: RawSQL(sql, params, models.JSONField()) for name, (sql, params) in _written_sql[key].items()}

    @staticmethod
    def attach_all(instance: models.Model, lists: tuple["Rows", ...]) -> None:
        for list_ in lists:
            list_.attach(instance, getattr(instance, list_.column_name))

    @property
    def column_name(self) -> str:
        return f"_rows_{self.relation}"

    def column(self, owner: type[models.Model]) -> Coalesce:
        """A correlated subquery giving this list of the owner's row as a JSON array."""
        model, link = self._related(owner)
        item = self._fields(model, "")
        for name in self.select:
            item[name] = JSONObject(**self._fields(model._meta.get_field(name).related_model, f"{name}__"))
        for inner in self.within:
            item[inner.relation] = inner.column(model)
        rows = model._base_manager.filter(**{link: OuterRef("pk")}).order_by().values(link)
        return Coalesce(
            Subquery(rows.annotate(json_rows=_JSONList(JSONObject(**item))).values("json_rows")),
            models.Value([], models.JSONField()),
        )

    def attach(self, instance: models.Model, value) -> None:
        """Put this list, read as `column` gives it, where prefetch_related would have."""
        model, _ = self._related(type(instance))
        items = _decoded(value) or []
        selected = [model._meta.get_field(name) for name in self.select]
        back = self._back_field(type(instance))
        rows = []
        for item in items:
            row = _instance(model, item, instance._state.db)
            for field in selected:
                related = _decoded(item.get(field.name))
                found = bool(related) and related.get(field.target_field.attname) is not None
                field.set_cached_value(row, _instance(field.related_model, related, row._state.db) if found else None)
            if back is not None:
                back.set_cached_value(row, instance)
            for inner in self.within:
                inner.attach(row, item.get(inner.relation))
            rows.append(row)
        rows.sort(key=_order_key(self.ordering or tuple(model._meta.ordering)))
        manager = getattr(instance, self.relation)
        queryset = manager.get_queryset()
        queryset._result_cache = rows
        queryset._prefetch_done = True
        if not hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache = {}
        cache_name = getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
        instance._prefetched_objects_cache[cache_name] = queryset

    def _related(self, owner: type[models.Model]) -> tuple[type[models.Model], str]:
        """The related model, and the lookup from it back to the owner."""
        field = owner._meta.get_field(self.relation)
        if field.many_to_many and not field.auto_created:  # a many-to-many field of the owner's own
            return field.related_model, field.related_query_name()
        if field.one_to_many:  # a reverse foreign key
            return field.related_model, field.field.name
        raise ValueError(f"{owner.__name__}.{self.relation} is not a list of rows")

    def _back_field(self, owner: type[models.Model]):
        field = owner._meta.get_field(self.relation)
        return field.field if field.one_to_many else None

    @staticmethod
    def _fields(model: type[models.Model], prefix: str) -> dict:
        return {field.attname: F(f"{prefix}{field.attname}") for field in model._meta.concrete_fields}


def _decoded(value):
    # SQLite hands a JSON value on from a subquery as text.
    return json.loads(value) if isinstance(value, str) else value


def _instance(model: type[models.Model], item: dict, database: str | None) -> models.Model:
    fields = model._meta.concrete_fields
    values = [_value(field, item.get(field.attname)) for field in fields]
    return model.from_db(database, [field.attname for field in fields], values)


def _value(field: models.Field, value):
    """A field's value from JSON, as the database would have given it to the model."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return when.from_database(value)
    if isinstance(field, models.DateField):
        return date.fromisoformat(value[:10])
    if isinstance(field, models.JSONField):
        return _decoded(value)
    return field.to_python(value)


def _order_key(ordering: tuple[str, ...]):
    """A sort key for rows in this order: text without regard to case, as a reader expects it, and nothing after
    everything ascending (before it descending), as PostgreSQL puts NULL."""

    class Key:
        def __init__(self, row):
            self.values = [_comparable(_path(row, name.lstrip("-"))) for name in ordering]

        def __lt__(self, other):
            for name, mine, theirs in zip(ordering, self.values, other.values, strict=True):
                if mine == theirs:
                    continue
                descending = name.startswith("-")
                if mine is None or theirs is None:
                    return (mine is None) == descending
                return (mine > theirs) if descending else (mine < theirs)
            return False

    return Key


def _path(row, name: str):
    """`parent__last_name` of a row: through the rows read with it."""
    value = row
    for part in name.split("__"):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def _comparable(value):
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, models.Model):
        return value.pk
    return value
