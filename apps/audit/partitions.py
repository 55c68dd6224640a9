"""Monthly partitions of the audit trail on PostgreSQL (declarative range partitioning on ``at``).

Migration 0004 turns ``audit_auditevent`` into a partitioned table with one partition per UTC
month (``audit_auditevent_pYYYY_MM``) and a default partition that catches a row no month
partition holds yet (a missed maintenance run, a test under a frozen clock), so an audit write
never fails for want of a partition. The daily task ``apps.audit.tasks.maintain_partitions``
creates the next months ahead and drops the months wholly past ``AUDIT_RETENTION_DAYS``;
the retention run drops them too, then deletes the few rows past the cutoff in the one month
that straddles it. Dropping a month is one catalogue change instead of millions of row deletes
and leaves no dead tuples to vacuum. On SQLite (the embedded default) there are no partitions
and these functions do nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from django.db import connection

TABLE = "audit_auditevent"
DEFAULT = f"{TABLE}_default"


@contextmanager
def retention_privilege() -> Iterator[None]:
    """Let this block remove audit rows: the append-only trigger (migrations 0002, 0004) lets a
    delete through only while ``pspteam.audit_retention`` is on. Call inside a transaction. It is
    switched off again after the block, so the rest of an enclosing transaction has no such
    privilege; if the block fails, rolling back its savepoint reverts it anyway."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL pspteam.audit_retention = 'on'")
        yield
        cursor.execute("SET LOCAL pspteam.audit_retention = 'off'")


def month_start(at: datetime) -> datetime:
    at = at.astimezone(UTC)
    return datetime(at.year, at.month, 1, tzinfo=UTC)


def next_month(start: datetime) -> datetime:
    return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)


def partition_name(start: datetime) -> str:
    return f"{TABLE}_p{start:%Y_%m}"


def month_partitions() -> list[tuple[str, datetime, datetime]]:
    """The month partitions that exist: (name, from, to), oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = %s::regclass AND c.relname <> %s
            ORDER BY c.relname
            """,
            [TABLE, DEFAULT],
        )
        rows = cursor.fetchall()
    result = []
    for (name,) in rows:
        start = datetime.strptime(name.rsplit("_p", 1)[1], "%Y_%m").replace(tzinfo=UTC)
        result.append((name, start, next_month(start)))
    return result


def create_month(start: datetime) -> bool:
    """Create the partition of the month beginning ``start`` unless it exists. Rows that landed
    in the default partition for that month move into it (in the caller's transaction), since
    PostgreSQL refuses a partition whose rows sit in the default one. True if created."""
    name, end = partition_name(start), next_month(start)
    bounds = f"FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"  # DDL takes no parameters
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        if cursor.fetchone()[0]:
            return False
        # Table names here are this module's constants and month names, never input.
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DEFAULT} WHERE at >= %s AND at < %s)", [start, end])  # noqa: S608
        if not cursor.fetchone()[0]:
            cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES {bounds}")
            return True
        cursor.execute(f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        with retention_privilege():  # moving rows between partitions is not tampering
            cursor.execute(
                f"WITH moved AS (DELETE FROM {DEFAULT} WHERE at >= %s AND at < %s RETURNING *) "  # noqa: S608
                f"INSERT INTO {name} SELECT * FROM moved",
                [start, end],
            )
        cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES {bounds}")
    return True


def create_ahead(now: datetime, months: int) -> list[str]:
    """Ensure this month's partition and the next ``months`` months' exist; the names created."""
    if connection.vendor != "postgresql":
        return []
    created, start = [], month_start(now)
    for _ in range(months + 1):
        if create_month(start):
            created.append(partition_name(start))
        start = next_month(start)
    return created


def drop_expired(cutoff: datetime) -> int:
    """Drop every month partition that ends at or before ``cutoff``; the rows they held.
    Callers hold the retention privilege (the only path allowed to remove audit rows)."""
    if connection.vendor != "postgresql":
        return 0
    dropped = 0
    with connection.cursor() as cursor:
        for name, _start, end in month_partitions():
            if end > cutoff:
                break
            # Foreign-key checks of rows written earlier in this transaction are deferred, and
            # PostgreSQL drops no table with checks pending (never so in production, in tests yes).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608 - a name from the catalogue
            dropped += cursor.fetchone()[0]
            cursor.execute(f"DROP TABLE {name}")
    return dropped
