"""Database timeouts beyond the per-connection defaults (``DB_*_TIMEOUT`` in settings), and the
planner's page cost for a job that reads few rows of big tables."""

from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection


def _set_statement_timeout(seconds: float | None) -> None:
    with connection.cursor() as cursor:
        if seconds is None:
            cursor.execute("RESET statement_timeout")  # back to the connection's default (settings)
        else:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{int(seconds * 1000)}ms"])


@contextmanager
def long_statements(seconds: float | None = None):
    """Lift the statement timeout for a long job (the reminder scan, retention) on this
    connection, for the duration of the block: ``DB_LONG_STATEMENT_TIMEOUT`` unless given.
    The lock timeout stays: a long job still never queues behind a held lock for long."""
    if connection.vendor != "postgresql":
        yield
        return
    _set_statement_timeout(settings.DB_LONG_STATEMENT_TIMEOUT if seconds is None else seconds)
    try:
        yield
    finally:
        try:
            _set_statement_timeout(None)
        except DatabaseError:
            # The job failed with the connection (or inside a broken transaction): a new
            # connection starts from the defaults anyway.
            connection.close_if_unusable_or_obsolete()


def migrations_start(sender, using="default", **kwargs) -> None:
    """``pre_migrate``: migrations may run longer than a request (an index on a big table):
    ``DB_MIGRATE_STATEMENT_TIMEOUT`` (0 = none). The lock timeout stays, so a migration that
    cannot get its lock fails quickly instead of queueing every request behind it; run it again."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, false)",
                [f"{int(settings.DB_MIGRATE_STATEMENT_TIMEOUT * 1000)}ms"],
            )


def migrations_end(sender, using="default", **kwargs) -> None:
    """``post_migrate``: back to the connection's default statement timeout."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("RESET statement_timeout")


@contextmanager
def random_page_cost(cost: float):
    """The planner's ``random_page_cost`` for this connection, for the duration of the block.

    For the reminder scan's ``INSERT … SELECT`` statements (issue 20): an ``INSERT`` never runs
    its ``SELECT`` with parallel workers, and with the default cost of a random page (4, a
    spinning disk) the planner then prefers reading a whole table of a million people and
    hash-joining it to 10,000 index look-ups: 2.3 s instead of 1.0 s for the three statements of
    1 % due at a million agreements. Rows read here are in memory or on SSD, where 1.1 is usual.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('random_page_cost', %s, false)", [str(cost)])
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET random_page_cost")  # the connection's default
        except DatabaseError:
            connection.close_if_unusable_or_obsolete()
