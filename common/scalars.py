"""Several one-value questions to the database (how many, the oldest) asked in one round trip: a page with many small
counts, each from another app, pays for one query, not one each.

    figures = ask_together({"waiting": count(requests), "oldest": first_value(requests, "requested_at")})

Each is a sub-query of `SELECT (...), (...), ...`, converted as Django converts a column of that kind.
"""

from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet


@dataclass(frozen=True)
class Scalar:
    queryset: QuerySet
    counted: bool  # the number of rows, not a value of the first


def count(queryset: QuerySet) -> Scalar:
    """How many rows `queryset` has (as `.count()`)."""
    return Scalar(queryset.order_by(), counted=True)


def first_value(queryset: QuerySet, field: str) -> Scalar:
    """`field` of the first row in its order (the least: `Min` without an aggregate), None with no rows."""
    return Scalar(queryset.order_by(field).values_list(field)[:1], counted=False)


def ask_together(scalars: dict[str, Scalar], using: str = "default") -> dict[str, Any]:
    if not scalars:
        return {}
    connection = connections[using]
    parts, params, converters = [], [], []
    for scalar in scalars.values():
        compiler = scalar.queryset.query.get_compiler(using)
        sql, more = compiler.as_sql()
        if scalar.counted:
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")
            converters.append(([], None))
        else:
            parts.append(f"({sql})")
            expression = compiler.select[0][0]
            found = [*connection.ops.get_db_converters(expression), *expression.get_db_converters(connection)]
            converters.append((found, expression))
        params.extend(more)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    values = {}
    for name, value, (converting, expression) in zip(scalars, row, converters, strict=True):
        for convert in converting:
            value = convert(value, expression, connection)
        values[name] = value
    return values
