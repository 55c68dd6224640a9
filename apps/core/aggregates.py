"""An ordered list of ids aggregated in SQL, on both databases pspteam runs on.

PostgreSQL (production, the tests) has ``ARRAY_AGG(... ORDER BY ...)``. SQLite (the embedded
default of ``make run``) has no ordered aggregate before 3.44 and no arrays at all, so on SQLite
the list is built by a small Python aggregate registered on every new connection
(:func:`register_sqlite_functions`) and travels as JSON. Either way the column reads back as a
``list[UUID]`` in the order asked for, with ``[]`` when there is nothing to aggregate.
"""

import json
from typing import Any
from uuid import UUID

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db.models import Aggregate, Expression, Field, Q, TextField, UUIDField, Value
from django.db.models.functions import Cast, Concat, LPad

SQLITE_SORTED_JSON = "PSPTEAM_SORTED_JSON"


class _SortedJSON:
    """SQLite aggregate ``PSPTEAM_SORTED_JSON(value, sort_key)``: the values as a JSON array, sorted
    by ``sort_key`` (rows with a NULL value are skipped)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str]] = []

    def step(self, value: str | None, sort_key: str | None) -> None:
        if value is not None:
            self.rows.append((sort_key or "", value))

    def finalize(self) -> str:
        return json.dumps([value for _, value in sorted(self.rows)])


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created``: give every new SQLite connection the aggregate above."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_SORTED_JSON, 2, _SortedJSON)


class UUIDListField(Field):
    """Read-only output type of the SQLite branch: a JSON array of hex ids → ``list[UUID]``."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[UUID]:
        return [UUID(item) for item in json.loads(value or "[]")]


class _SQLiteSortedIds(Aggregate):
    function = SQLITE_SORTED_JSON
    output_field = TextField()


def _sort_key(*order_by: str) -> Expression:
    """One text key that sorts like ``order_by`` (text fields as they are, integers zero-padded);
    a field named with a ``#`` suffix is an integer."""
    parts: list[Any] = []
    for name in order_by:
        if name.endswith("#"):
            parts.append(LPad(Cast(name[:-1], TextField()), 12, Value("0")))
        else:
            parts.append(name)
        parts.append(Value("\x1f"))
    return Concat(*parts, output_field=TextField())


def ordered_ids(vendor: str, field: str, *, order_by: tuple[str, ...], filter: Q | None = None) -> Aggregate:
    """The aggregate of ``field`` (a UUID column) in ``order_by`` order for the ``vendor``'s database.
    Integer fields in ``order_by`` carry a ``#`` suffix (e.g. ``"competencies__position#"``)."""
    if vendor == "postgresql":
        return ArrayAgg(field, filter=filter, order_by=tuple(name.rstrip("#") for name in order_by), default=Value([]))
    return _SQLiteSortedIds(field, _sort_key(*order_by), filter=filter)


def ordered_ids_output(vendor: str) -> Field:
    """The output field for a subquery over :func:`ordered_ids`."""
    return ArrayField(UUIDField()) if vendor == "postgresql" else UUIDListField()


def empty_ids(vendor: str) -> Value:
    """The empty list, as :func:`ordered_ids_output` reads it (for ``Coalesce``)."""
    return Value([] if vendor == "postgresql" else "[]", output_field=ordered_ids_output(vendor))
