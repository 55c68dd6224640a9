"""Benchmark of the reminder scan (issue 6): time and query count for 1,000 and 100,000
agreements, with none due and with 1% due. Not a timed test: run it by hand.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pspteam REDIS_URL=redis://127.0.0.1:6379/4 \\
        .venv/bin/python bench/reminders_bench.py [--sizes 1000 100000]

It creates (and drops) its own database ``<name>_bench``, bulk-inserts the data (teams of
50 peer workers with a manager; one clinical supervisor per 7 supervisees; every peer worker
under a peer agreement), and times ``reminders_scan()``:

* **none due** — every ``next_due_on`` 4–31 days ahead (beyond the 3-day lead);
* **1% due, first scan** — 1% of agreements 10 days overdue: each gives the supervisee and the
  supervisor an "overdue" and the manager an "escalated" reminder (3 per agreement), all
  inserted, delivered in-app and their e-mail tasks published to Redis;
* **1% due, the rest** — what the first scan left to the ``deliver`` task (beyond one delivery
  batch, ``REMINDER_DELIVERY_BATCH``), delivered here batch after batch as a worker would;
* **1% due, again** — the next scan over the same data (nothing new: ON CONFLICT skips them).

Targets (issue 6): 100,000 with nothing due < 200 ms; 1,000 due < 2 s; constant query count.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pspteam.settings")
# Writing a million rows with COPY is not a web request: no statement or idle-in-transaction
# timeout (settings DB_*_TIMEOUT), as in generate.py.
os.environ.setdefault("DB_STATEMENT_TIMEOUT", "0")
os.environ.setdefault("DB_IDLE_IN_TRANSACTION_TIMEOUT", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TEAM_SIZE = 50
PER_SUPERVISOR = 7


def copy_rows(objects: list) -> None:
    """Write unsaved model instances with PostgreSQL ``COPY`` (a million agreements in seconds,
    where ``bulk_create`` takes minutes): every concrete field as the instance holds it, the
    ``auto_now``/``auto_now_add`` ones set to now."""
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    if not objects:
        return
    model = type(objects[0])
    fields = [f for f in model._meta.concrete_fields if f.get_internal_type() not in ("AutoField", "BigAutoField")]
    now = timezone.now()
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objects:
            row = []
            for f in fields:
                value = getattr(obj, f.attname)
                if value is None and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)):
                    value = now
                if f.get_internal_type() == "JSONField" and value is not None:
                    value = Jsonb(value)
                row.append(value)
            copy.write_row(row)


def build(n: int) -> None:
    """Bulk-insert ``n`` agreements (and their people, teams and memberships), nothing due."""
    from django.utils import timezone

    from apps.accounts.models import Organisation, User
    from apps.core.dates import org_today
    from apps.supervision.models import Agreement
    from apps.teams.models import Membership, Team

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE accounts_organisation CASCADE")
    org = Organisation.objects.create(name="Bench Trust", time_zone="Europe/London")
    today = org_today(org)
    now = timezone.now()
    long_ago = today - timedelta(days=400)

    teams = [Team(organisation=org, name=f"Team {i}") for i in range((n + TEAM_SIZE - 1) // TEAM_SIZE)]
    copy_rows(teams)
    managers = [
        User(
            organisation=org,
            username=f"manager{i}",
            display_name=f"Manager {i}",
            password="!",
            email=f"manager{i}@example.invalid",
            worker_kind="clinical",
        )
        for i in range(len(teams))
    ]
    supervisors = [
        User(
            organisation=org,
            username=f"supervisor{i}",
            display_name=f"Supervisor {i}",
            password="!",
            email=f"supervisor{i}@example.invalid",
            worker_kind="clinical",
        )
        for i in range((n + PER_SUPERVISOR - 1) // PER_SUPERVISOR)
    ]
    peers = [
        User(
            organisation=org,
            username=f"peer{i}",
            display_name=f"Peer {i}",
            password="!",
            email=f"peer{i}@example.invalid",
            worker_kind="peer",
        )
        for i in range(n)
    ]
    for user in managers + supervisors + peers:
        user.fill_name_keys()  # COPY skips save()
    copy_rows(managers + supervisors + peers)

    memberships = [
        Membership(team=t, worker=m, team_role="manager", joined_on=long_ago)
        for t, m in zip(teams, managers, strict=True)
    ]
    memberships += [
        Membership(team=teams[i // TEAM_SIZE], worker=p, team_role="member", joined_on=long_ago)
        for i, p in enumerate(peers)
    ]
    memberships += [
        Membership(team=teams[(i * PER_SUPERVISOR) // TEAM_SIZE], worker=s, team_role="supervisor", joined_on=long_ago)
        for i, s in enumerate(supervisors)
    ]
    copy_rows(memberships)
    copy_rows(
        [
            Agreement(
                organisation=org,
                supervisee=p,
                supervisor=supervisors[i // PER_SUPERVISOR],
                kind="peer",
                frequency_days=28,
                starts_on=long_ago,
                next_due_on=today + timedelta(days=4 + i % 28),
                status="active",  # both people agreed (issue 13): only these are reminded
                supervisee_accepted_at=now,
                supervisor_accepted_at=now,
            )
            for i, p in enumerate(peers)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def make_due(fraction: float) -> int:
    from apps.accounts.models import Organisation
    from apps.core.dates import org_today
    from apps.supervision.models import Agreement

    today = org_today(Organisation.objects.get())
    ids = list(Agreement.objects.order_by("id").values_list("id", flat=True)[:: int(round(1 / fraction))])
    Agreement.objects.filter(id__in=ids).update(next_due_on=today - timedelta(days=10))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE supervision_agreement")
    return len(ids)


def timed_scan() -> tuple[float, int, dict]:
    from apps.reminders.services import reminders_scan

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = reminders_scan()
        elapsed = time.perf_counter() - started
    return elapsed * 1000, len(queries), report.summary()


def timed_rest() -> tuple[float, int, dict]:
    """What the scan left to the deliver task (more than one batch was due), run here batch after
    batch as a worker would, until the queue is empty: time and queries in all."""
    from apps.reminders import clock
    from apps.reminders.services import ScanReport, reminders_deliver_batch

    report = ScanReport(now=clock.now())
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        while reminders_deliver_batch(now=report.now, report=report):
            pass
        elapsed = time.perf_counter() - started
    return elapsed * 1000, len(queries), {**report.summary(), "created": {}}


def warm_up() -> None:
    """What a running worker has already done once: import the URLconf (links in messages) and
    connect to the broker. A scan in a fresh process pays about a second for these, once."""
    from django.urls import reverse

    from pspteam.celery import app

    reverse("notifications:notification-list")
    with app.producer_or_acquire():
        pass


def purge_queue() -> None:
    if settings.REDIS_URL:
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="best of N for the 'none due' and 'again' scans")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The benchmark needs PostgreSQL (DATABASE_URL=postgres://...).")

    # Its own database, named after the configured one (``<name>_bench``; no ``test_`` prefix, so
    # that a shared server's databases keep their owners' prefixes).
    name = settings.DATABASES["default"]["NAME"] + "_bench"
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(f"database {test_db}, broker {settings.CELERY_BROKER_URL}")
    rows = []
    try:
        from apps.core.models import SchedulerHeartbeat
        from apps.reminders.services import reminders_scan

        for n in args.sizes:
            started = time.perf_counter()
            build(n)
            print(f"built {n:,} agreements in {time.perf_counter() - started:.1f} s")
            SchedulerHeartbeat.beat("reminders.scan")
            warm_up()
            reminders_scan()
            best = min((timed_scan() for _ in range(args.repeat)), key=lambda r: r[0])
            rows.append((n, "none due", *best))
            due = make_due(0.01)
            purge_queue()
            rows.append((n, f"1% due ({due:,}), first scan", *timed_scan()))
            purge_queue()
            rows.append((n, "1% due, rest by deliver task", *timed_rest()))
            purge_queue()
            best = min((timed_scan() for _ in range(args.repeat)), key=lambda r: r[0])
            rows.append((n, "1% due, next scan", *best))
    finally:
        purge_queue()
        connection.creation.destroy_test_db(test_db, verbosity=0)

    print()
    print(f"{'agreements':>11}  {'scenario':<28} {'time':>10} {'queries':>8}  result")
    for n, scenario, ms, queries, summary in rows:
        created = sum(summary["created"].values())
        print(
            f"{n:>11,}  {scenario:<28} {ms:>7.1f} ms {queries:>8}  "
            f"{created} new, {summary['delivered']} delivered, {summary['emails_queued']} e-mails queued"
        )


if __name__ == "__main__":
    main()
