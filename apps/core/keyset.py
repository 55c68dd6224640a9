"""Keyset (cursor) pagination over ``(created_at, id)``: each page is one query whatever its
depth (no COUNT, no OFFSET), and rows written while someone pages are neither skipped nor
repeated. Pages and the API share it (``apps.core.api.pagination.KeysetPagination``).

A cursor is opaque to clients: the last row's ``created_at`` and ``id``, base64-encoded. A
cursor that does not decode is bad input (a 400 naming ``cursor``), never a 500 or a 404.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)

BAD_CURSOR = "Not a cursor this list gave out: follow the list's own next link."


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    items: list[M]
    next_cursor: str | None


def encode_cursor(row: Any) -> str:
    raw = f"{row.created_at.isoformat()}|{row.pk}".encode()  # machine date: an opaque cursor
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """``(created_at, id)`` of a cursor; ``ValidationError`` naming ``cursor`` otherwise."""
    try:
        if len(cursor) > 200 or not cursor.isascii():
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, _, key = raw.partition("|")
        at = datetime.fromisoformat(when)
        if at.tzinfo is None:
            raise ValueError
        return at, uuid.UUID(key)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": BAD_CURSOR}) from None


def keyset_page(queryset: QuerySet[M], *, cursor: str | None, size: int, newest_first: bool) -> KeysetPage[M]:
    """One page of ``queryset`` after ``cursor``, ordered by ``(created_at, id)`` (descending
    when ``newest_first``): one query, reading ``size + 1`` rows to know whether more follow."""
    if newest_first:
        ordered = queryset.order_by("-created_at", "-id")
    else:
        ordered = queryset.order_by("created_at", "id")
    if cursor:
        at, key = decode_cursor(cursor)
        if newest_first:
            ordered = ordered.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=key))
        else:
            ordered = ordered.filter(Q(created_at__gt=at) | Q(created_at=at, id__gt=key))
    rows = list(ordered[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(rows, encode_cursor(rows[-1]) if more and rows else None)
