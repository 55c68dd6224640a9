"""A list of UUIDs in one column: ``uuid[]`` on PostgreSQL, a JSON list on the embedded SQLite.

One read row names every record a list page showed (``AuditEvent.target_ids``) and whose each
one is (``subject_ids``), instead of one row per record. On PostgreSQL a GIN index (created by
migration 0004, PostgreSQL only) answers ``<column> @> ARRAY[id]``; on SQLite the same lookup
is a ``json_each`` scan, which is fine at the embedded default's size. Django's ``ArrayField``
is PostgreSQL-only, hence this small field.
"""

import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Lookup
from django.db.models.sql.compiler import SQLCompiler


def _uuid(value: Any) -> uuid.UUID | None:
    """An element: a UUID, or None (a record whose author is gone)."""
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(str(value))


class UUIDListField(models.Field):
    description = "A list of UUIDs"

    def db_type(self, connection: BaseDatabaseWrapper) -> str:
        return "uuid[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False) -> Any:
        if value is None:
            return None
        ids = [_uuid(v) for v in value]
        return ids if connection.vendor == "postgresql" else json.dumps([v and str(v) for v in ids])

    def from_db_value(
        self, value: Any, expression: Any, connection: BaseDatabaseWrapper
    ) -> list[uuid.UUID | None] | None:
        if value is None:
            return None
        items: Iterable[Any] = json.loads(value) if isinstance(value, str) else value
        return [_uuid(v) for v in items]

    def to_python(self, value: Any) -> list[uuid.UUID | None] | None:
        if value is None or isinstance(value, list):
            return value
        return self.from_db_value(value, None, None)  # type: ignore[arg-type]


@UUIDListField.register_lookup
class HasId(Lookup):
    """``target_ids__has=<uuid>``: the list names this id (GIN-indexed on PostgreSQL)."""

    lookup_name = "has"

    def get_db_prep_lookup(self, value: Any, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        one = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
        return "%s", [one if connection.vendor == "postgresql" else str(one)]

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} @> ARRAY[{rhs}]::uuid[]", [*lhs_params, *rhs_params]
        # lhs is a column, rhs a placeholder: no value is interpolated.
        sql = f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = {rhs})"  # noqa: S608
        return sql, [*lhs_params, *rhs_params]
