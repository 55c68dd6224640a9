"""The team dashboard, cached per reader (issue 20): its ~28 queries and their Python cost once
per reader, team, day and data version instead of on every request.

Scoped: the key names the reader (their user id) and the team — every figure is computed
through the reader's own read scope, so one person's figures are never another's. Current: the
key holds ``apps.core.data_version`` of the team's organisation, which any committed data write
of that organisation — or any write not known to be one organisation's — moves (taken before the
figures are read), and the reader's day (figures count from "today"). Nothing is stored while
the reader's own transaction holds uncommitted writes, nor without a shared cache (the embedded
default: another process's writes would not be seen). Access is checked on every request before
this is asked (``get_dashboard_team_for``); a cached board carries counts only, no text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection

from apps.core import data_version

logger = logging.getLogger(__name__)
TIMEOUT = 10 * 60  # a bound on memory, not on staleness: the version keeps a board current


def key(user: Any, team: Any, today: Any, version: str) -> str:
    return f"dashboard:team:v1:{team.pk}:{user.pk}:{today.isoformat()}:{version}"


def cached_board(user: Any, team: Any, today: Any, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    version = None
    if data_version.shared() and not data_version.uncommitted_writes(connection):
        version = data_version.current(team.organisation_id)  # before the rows are read
    if version is None:
        return compute()
    name = key(user, team, today, version)
    try:
        board = cache.get(name)
    except Exception:  # noqa: BLE001 - the cache away: compute, as without one
        return compute()
    if board is None:
        board = compute()
        if not data_version.uncommitted_writes(connection):
            try:
                cache.set(name, board, TIMEOUT)
            except Exception:  # noqa: BLE001 - not stored: the next read computes again
                logger.warning("dashboard cache: the cache is unreachable; the board was not stored")
    return board
