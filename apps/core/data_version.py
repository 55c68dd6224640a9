"""A version of the data: a shared counter that every write statement moves on, for caches of
figures computed from many tables (the team dashboard, issue 20), which a key with the version
in it keeps current without knowing which writes matter to them.

Every ``INSERT``/``UPDATE``/``DELETE`` that goes through Django's connection (ORM saves, bulk
updates, raw SQL, in requests, tasks and commands alike) moves the version twice: at once, so
that the writing transaction itself no longer reads what was cached before, and again after its
commit, so that nothing another reader computed from the old rows while the write was in flight
stays current. A reader takes the version *before* reading the rows it caches (``current``) and
does not store anything while its own transaction holds writes not yet committed
(``uncommitted_writes``): they might be rolled back.

Writes a read itself makes (its audit rows, the session, the token, the sign-in guard, the
idempotency record, notifications' read state, the scheduler's heartbeat) do not move it: no
cached figure is made from those tables, and they would otherwise change it on every request.
The version lives in the shared cache (Redis), one per database name; ``migrate`` moves it too
(rows restored or copied in outside Django are followed by it). It starts from the clock, so a version lost with
the cache never repeats an earlier one. Without a shared cache (the embedded default, one
process's memory) ``shared`` is false and callers do not cache: another process's writes would
not move this process's counter.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

logger = logging.getLogger(__name__)

KEY = "core:data-version:"  # + the database's name: another database (a restore) is other data
WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "MERGE", "WITH")
NOT_DATA = (
    "audit_",
    "django_session",
    "knox_",
    "axes_",
    "core_idempotencykey",
    "core_schedulerheartbeat",
    "notifications_",
)


def shared() -> bool:
    return "LocMemCache" not in settings.CACHES["default"]["BACKEND"]


def _key() -> str:
    return KEY + str(connection.settings_dict["NAME"])


def current() -> int | None:
    """The version now, or ``None`` when the cache cannot say (then do not cache)."""
    try:
        version = cache.get(_key())
        if version is None:
            cache.add(_key(), time.time_ns(), timeout=None)
            version = cache.get(_key())
        return int(version) if version is not None else None
    except Exception:  # noqa: BLE001 - an unreachable cache must not fail a read
        logger.warning("data version: the cache is unreachable; figures computed afresh")
        return None


def bump() -> None:
    try:
        try:
            cache.incr(_key())
        except ValueError:  # not there yet (or evicted): start from the clock, past any earlier one
            cache.add(_key(), time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 - a write must not fail because the cache is away
        logger.warning("data version: the cache is unreachable; a write did not move the version")


def _bump_after_commit() -> None:
    bump()


def after_migrate(**kwargs: Any) -> None:
    """``post_migrate``: rows loaded outside Django (a restore, then ``migrate`` as
    scripts/restore.sh says; the benchmark's COPY) are new data too."""
    bump()


def writes_data(sql: str) -> bool:
    head = sql.lstrip()[:80].upper()
    if not head.startswith(WRITES):
        return False
    if head.startswith("WITH") and not any(verb in sql.upper() for verb in WRITES[:4]):
        return False
    table = head.split('"', 2)[1].lower() if '"' in head else ""
    return not table.startswith(NOT_DATA)


def uncommitted_writes(connection: Any) -> bool:
    """Does ``connection``'s open transaction hold data writes not yet committed? (Its pending
    on-commit bump is there exactly then: a rollback, also of a savepoint, drops it.)"""
    return connection.in_atomic_block and any(
        entry[1] is _bump_after_commit for entry in getattr(connection, "run_on_commit", ())
    )


def _watch(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if writes_data(sql):
        bump()
        connection = context["connection"]
        # In autocommit the statement is committed already and the bump above came after it.
        if connection.in_atomic_block and not uncommitted_writes(connection):
            transaction.on_commit(_bump_after_commit, using=connection.alias)
    return result


def watch_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created``: watch this connection's statements (once per connection object)."""
    if not getattr(connection, "_data_version_watched", False):
        connection.execute_wrappers.append(_watch)
        connection._data_version_watched = True
