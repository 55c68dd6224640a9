"""The scan's clock: the database's, so every worker agrees on "now" whatever its own clock says.

Tests that travel in time (time_machine) replace :func:`now` with ``django.utils.timezone.now``
(see ``tests/reminders/conftest.py``); nothing else in the app reads a clock for due dates.
"""

from datetime import UTC, datetime

from django.db import connection


def now() -> datetime:
    """The database server's current time, as an aware UTC datetime (one query)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT statement_timestamp()")
        else:  # SQLite (the embedded default): UTC with milliseconds
            cursor.execute("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")
        value = cursor.fetchone()[0]
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
