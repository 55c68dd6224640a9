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
Two versions, both in every key made from them: the **organisation's**, moved by the writes of a
request signed in as a member of that organisation (``ScopeMiddleware``: a write there can only
touch that organisation's rows — another's are 404), and the **global** one, moved by every
other write (tasks, commands, sign-up, public links, operators, before sign-in). So the writes
of one organisation leave the cached figures of the others current (200 organisations would
otherwise empty every cache several times a second), and a write whose organisation is not
known for certain moves them all.
The versions live in the shared cache (Redis), per database name; ``migrate`` moves the global
one (rows restored or copied in outside Django are followed by it). It starts from the clock, so a version lost with
the cache never repeats an earlier one. Without a shared cache (the embedded default, one
process's memory) ``shared`` is false and callers do not cache: another process's writes would
not move this process's counter.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
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


# The organisation the current work writes for, resolved when a write happens (the API signs
# its user in inside the view); ``None``: not known for certain.
_scope: ContextVar[Callable[[], int | None] | None] = ContextVar("data_version_scope", default=None)


def _key(organisation_id: int | None = None) -> str:
    name = KEY + str(connection.settings_dict["NAME"])
    return name if organisation_id is None else f"{name}:org:{organisation_id}"


def _read(key: str) -> int | None:
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return int(version) if version is not None else None


def current(organisation_id: int | None = None) -> str | None:
    """The version of ``organisation_id``'s data now (the global version and the organisation's;
    the global one alone without an organisation), or ``None`` when the cache cannot say (then
    do not cache)."""
    keys = [_key()] if organisation_id is None else [_key(), _key(organisation_id)]
    try:
        found = cache.get_many(keys)
        versions = [int(found[key]) if key in found else _read(key) for key in keys]
    except Exception:  # noqa: BLE001 - an unreachable cache must not fail a read
        logger.warning("data version: the cache is unreachable; figures computed afresh")
        return None
    return None if None in versions else ".".join(map(str, versions))


def bump(organisation_id: int | None = None) -> None:
    """Move ``organisation_id``'s version (the global one without: every organisation's)."""
    key = _key(organisation_id)
    try:
        try:
            cache.incr(key)
        except ValueError:  # not there yet (or evicted): start from the clock, past any earlier one
            cache.add(key, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 - a write must not fail because the cache is away
        logger.warning("data version: the cache is unreachable; a write did not move the version")


def _bump_after_commit(organisation_id: int | None = None) -> None:
    bump(organisation_id)


def writing_for() -> int | None:
    """The organisation the current work writes for, if known for certain."""
    resolve = _scope.get()
    try:
        return resolve() if resolve is not None else None
    except Exception:  # noqa: BLE001 - not known: the global version, which covers everyone
        return None


def _request_scope(request: Any) -> Callable[[], int | None]:
    def organisation_id() -> int | None:
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        # Operators (the Django admin) may write any organisation's rows.
        if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
            return None
        return getattr(user, "organisation_id", None)

    return organisation_id


class ScopeMiddleware:
    """The writes of a request signed in as an organisation's member (not an operator) move
    that organisation's version only; before sign-in, or for anyone else, the global one."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = _scope.set(_request_scope(request))
        try:
            return self.get_response(request)
        finally:
            _scope.reset(token)


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


def _pending_bumps(connection: Any) -> set[int | None]:
    """The versions ``connection``'s open transaction will move when it commits (a rollback,
    also of a savepoint, drops them)."""
    if not connection.in_atomic_block:
        return set()
    return {
        entry[1].args[0]
        for entry in getattr(connection, "run_on_commit", ())
        if isinstance(entry[1], functools.partial) and entry[1].func is _bump_after_commit
    }


def uncommitted_writes(connection: Any) -> bool:
    """Does ``connection``'s open transaction hold data writes not yet committed?"""
    return bool(_pending_bumps(connection))


def _watch(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if writes_data(sql):
        organisation_id = writing_for()
        bump(organisation_id)
        connection = context["connection"]
        # In autocommit the statement is committed already and the bump above came after it.
        if connection.in_atomic_block and organisation_id not in _pending_bumps(connection):
            transaction.on_commit(functools.partial(_bump_after_commit, organisation_id), using=connection.alias)
    return result


def watch_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created``: watch this connection's statements (once per connection object)."""
    if not getattr(connection, "_data_version_watched", False):
        connection.execute_wrappers.append(_watch)
        connection._data_version_watched = True
