"""Audit trail growth (issue 20, target 4): audit rows per request and bytes per row, measured on
a real PostgreSQL table (the partitioned ``audit_auditevent`` of migration 0004). Not a timed
test: run it by hand (about a minute).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pspteam REDIS_URL=redis://127.0.0.1:6379/4 \\
        .venv/bin/python bench/audit_growth.py [--rows 20000] [--records 100000]

It creates (and drops) its own database ``test_<name>_audit``, then:

1. **rows per request** — a team of 26 members with two team-visible reflections each; one of
   them asks for the reflection list (API, 25 a page; and the team feed page), and the script
   counts the audit rows the request wrote and the records they name;
2. **bytes per row** — writes ``--rows`` list-page reads of 25 records (the new format: one row)
   and as many single-record reads (the format every row had before, and still the one of a
   detail page's read) into the current month's partition, VACUUMs it (GIN's pending list
   merged, so index sizes are final) and reports heap and index bytes per row of each kind.
   The records read are pages of 25 consecutive ones out of ``--records`` (100,000, the size of
   ``make bench``'s data) by 200 authors, drawn at random (seeded): a record is named by several
   rows, as in use, which is what a GIN index's size depends on (one key per distinct id).

The growth model in bench/README.md ("Audit trail growth") multiplies these figures out.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pspteam.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.audit import partitions  # noqa: E402
from apps.audit.models import AuditEvent  # noqa: E402

PAGE = 25


def rows_per_request() -> list[tuple[str, int, int]]:
    """(surface, audit rows written, records named) for one request of each list surface."""
    from tests.factories import MembershipFactory, TeamFactory  # dev requirement: factory_boy
    from tests.reflections.factories import ReflectionFactory

    team = TeamFactory()
    members = [MembershipFactory(team=team).worker for _ in range(26)]
    for author in members[1:]:
        ReflectionFactory.create_batch(2, author=author, visibility="team", team=team)
    client = Client()
    client.force_login(members[0])
    result = []
    for surface, url in (
        ("API reflection list, page 1", f"/api/v1/reflections/?page_size={PAGE}"),
        ("team feed page", f"/reflections/teams/{team.pk}/"),
    ):
        before = set(AuditEvent.objects.values_list("pk", flat=True))
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, (url, response.status_code)
        written = list(AuditEvent.objects.exclude(pk__in=before))
        result.append((surface, len(written), sum(e.target_count for e in written)))
    return result


def _sizes(partition: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_relation_size(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE i.indrelid = %s::regclass",
            [partition],
        )
        sizes = dict(cursor.fetchall())
        cursor.execute("SELECT pg_relation_size(%s::regclass), pg_total_relation_size(%s::regclass)", [partition] * 2)
        heap, total = cursor.fetchone()
    return {"heap": heap, "toast etc.": total - heap - sum(sizes.values()), **sizes}


def _vacuum(partition: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {partition}")


def bytes_per_row(n: int, records: int) -> dict[str, dict[str, float]]:
    """Bytes per row (heap, each index, total) of ``n`` list reads of 25 and ``n`` single reads."""
    from tests.factories import UserFactory

    rng = random.Random(20)
    actor = UserFactory()
    authors = [UserFactory(organisation=actor.organisation).pk for _ in range(200)]
    pool = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(records)]
    partition = partitions.partition_name(partitions.month_start(timezone.now()))
    common = {"organisation_id": actor.organisation_id, "actor": actor, "action": "read", "via": "api"}
    common |= {"target_type": "reflections.reflection", "ip_address": "10.0.0.1", "detail": "api list"}
    common["request_id"] = uuid.uuid4().hex
    result = {}
    for kind in ("list read of 25 (one row per request)", "single read (one row per record)"):
        _vacuum(partition)
        before = _sizes(partition)
        rows = []
        for _ in range(n):
            first = rng.randrange(records - PAGE)
            if kind.startswith("list"):
                shown = {"target_ids": pool[first : first + PAGE]}
                shown["subject_ids"] = [authors[k % len(authors)] for k in range(first, first + PAGE)]
            else:
                shown = {"target_id": pool[first], "subject_id": authors[first % len(authors)]}
            rows.append(AuditEvent(**common, **shown))
        for start in range(0, n, 2000):
            AuditEvent.objects.bulk_create(rows[start : start + 2000])
        _vacuum(partition)
        after = _sizes(partition)
        result[kind] = {name: (after[name] - before.get(name, 0)) / n for name in after}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--records", type=int, default=100000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/audit_growth.py measures the PostgreSQL table: set DATABASE_URL.")
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.DATABASES["default"]["NAME"] += "_audit"
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    connection.settings_dict["AUTOCOMMIT"] = True
    try:
        print("## Audit rows per request\n\n| surface | audit rows | records named |\n|---|---:|---:|")
        for surface, rows, named in rows_per_request():
            print(f"| {surface} | {rows} | {named} |")
        print(f"\n## Bytes per row ({args.rows:,} rows of each kind, {args.records:,} records read)\n")
        for kind, sizes in bytes_per_row(args.rows, args.records).items():
            total = sum(sizes.values())
            parts = ", ".join(f"{name} {size:.0f}" for name, size in sizes.items() if abs(size) >= 0.5)
            print(f"- {kind}: **{total:.0f} B/row** ({parts})")
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
