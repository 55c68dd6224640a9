"""Keyset (cursor) pagination: each page is one query whatever its depth (no COUNT, no OFFSET),
and rows written while someone pages are neither skipped nor repeated. Pages and the API share
it (``apps.core.api.pagination.KeysetPagination``).

A list is ordered by its *keys*: non-null fields ending with ``id`` (unique), each ascending or
``-`` descending, e.g. ``("-created_at", "-id")`` (the default) or a reflection list's
``("-occurred_on", "-created_at", "id")`` — in the order of the index that serves the list, so
that a page is an index range scan (the first key also bounds the scan: ``occurred_on <= x``).

A cursor is opaque to clients: the last row's key values, signed with ``SECRET_KEY`` under a
salt naming the keys. A cursor that was altered, or given out by a list in another order, does
not verify: bad input (a 400 naming ``cursor``), never a 500 or a 404. A cursor carries only a
position: a list read with someone else's cursor still shows only what its reader may read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Field, Model, Q, QuerySet

M = TypeVar("M", bound=Model)

BAD_CURSOR = "Not a cursor this list gave out: follow the list's own next link."
NEWEST_FIRST = ("-created_at", "-id")
OLDEST_FIRST = ("created_at", "id")
MAX_CURSOR_LENGTH = 400  # a few keys, signed; anything longer is not one of ours


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    items: list[M]
    next_cursor: str | None


def _salt(keys: Sequence[str]) -> str:
    return "apps.core.keyset:" + ",".join(keys)


def _names(keys: Sequence[str]) -> list[str]:
    return [key.lstrip("-") for key in keys]


def encode_cursor(row: Any, keys: Sequence[str] = NEWEST_FIRST) -> str:
    values = [getattr(row, name) for name in _names(keys)]
    plain = [v.isoformat() if isinstance(v, date) else str(v) for v in values]  # machine dates: opaque
    return signing.Signer(salt=_salt(keys)).sign_object(plain)


def decode_cursor(cursor: str, model: type[Model], keys: Sequence[str] = NEWEST_FIRST) -> list[Any]:
    """The key values of a cursor, as ``model``'s fields; ``ValidationError`` naming ``cursor``
    for anything this list did not give out."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
            raise ValueError
        plain = signing.Signer(salt=_salt(keys)).unsign_object(cursor)
        names = _names(keys)
        if not isinstance(plain, list) or len(plain) != len(names):
            raise ValueError
        fields = [model._meta.get_field(name) for name in names]
        if not all(isinstance(field, Field) for field in fields):
            raise ValueError
        values = [field.to_python(value) for field, value in zip(fields, plain, strict=True)]  # type: ignore[union-attr]
        if any(isinstance(v, datetime) and v.tzinfo is None for v in values):
            raise ValueError
        return values
    except (signing.BadSignature, ValueError, TypeError, ValidationError, UnicodeDecodeError):
        raise ValidationError({"cursor": BAD_CURSOR}) from None


def after(keys: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after ``values`` in the order of ``keys``: ``k1 > v1 OR (k1 = v1 AND k2 > v2)
    OR …`` (``<`` for descending keys), AND the first key's bound (``k1 >= v1``) that lets the
    database start the index scan at the cursor instead of filtering every row before it."""
    names = _names(keys)
    later = Q()
    for i, key in enumerate(keys):
        equal = {names[j]: values[j] for j in range(i)}
        later |= Q(**equal, **{f"{names[i]}__{'lt' if key.startswith('-') else 'gt'}": values[i]})
    first = f"{names[0]}__{'lte' if keys[0].startswith('-') else 'gte'}"
    return Q(**{first: values[0]}) & later


def keyset_page(
    queryset: QuerySet[M],
    *,
    cursor: str | None,
    size: int,
    newest_first: bool = True,
    keys: Sequence[str] | None = None,
) -> KeysetPage[M]:
    """One page of ``queryset`` after ``cursor``, ordered by ``keys`` (by default ``(created_at,
    id)``, descending when ``newest_first``): one query, reading ``size + 1`` rows to know
    whether more follow."""
    if keys is None:
        keys = NEWEST_FIRST if newest_first else OLDEST_FIRST
    if _names(keys)[-1] != "id":
        raise ValueError("keyset keys end with id, so that every row has its own position")
    ordered = queryset.order_by(*keys)
    if cursor:
        ordered = ordered.filter(after(keys, decode_cursor(cursor, queryset.model, keys)))
    rows = list(ordered[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(rows, encode_cursor(rows[-1], keys) if more and rows else None)
