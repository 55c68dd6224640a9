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
import random
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pspteam.settings")
# Writing a million rows is not a web request: no statement or idle-in-transaction
# timeout (settings DB_*_TIMEOUT), as in generate.py.
os.environ.setdefault("DB_STATEMENT_TIMEOUT", "0")
os.environ.setdefault("DB_IDLE_IN_TRANSACTION_TIMEOUT", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from generate import check_foreign_keys, indexes_built_after  # noqa: E402 - bench/, this script's folder

TEAM_SIZE = 50
PER_SUPERVISOR = 7


def insert_select(model: type, template: object, expressions: dict[str, str], count: int) -> None:
    """``INSERT INTO <model's table> … SELECT … FROM generate_series(0, count - 1) AS i``: one
    statement, every row made inside PostgreSQL (no model instance per row: a million agreements
    and their people in seconds, where building them in Python for ``COPY`` took minutes). A field
    in ``expressions`` is that SQL (of ``i``, no ``%``); every other concrete field is the
    ``template`` instance's value as ``save()`` writes it (the ``auto_now`` ones: now)."""
    from django.utils import timezone

    now = timezone.now()
    columns, selected, params = [], [], []
    for f in model._meta.concrete_fields:
        columns.append(connection.ops.quote_name(f.column))
        if f.attname in expressions:
            selected.append(expressions[f.attname])
            continue
        value = getattr(template, f.attname)
        if value is None and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)):
            value = now
        selected.append("%s")
        params.append(f.get_db_prep_save(value, connection))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(selected)} FROM generate_series(0, %s) AS i"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, count - 1])


def uuid_of(kind: str, i: str = "i") -> str:
    """A row's id as SQL: the md5 of ``<kind>-<i>`` as a UUID, so that other tables' rows name it
    without a join, and ids are as scattered as ``uuid4``'s (the same index pages and plans)."""
    return f"md5('{kind}-' || ({i}))::uuid"


def key_sql(prefix: str, key_of: Callable[[str], str]) -> str:
    """SQL for ``key_of(prefix + str(i))`` (``names.username_key`` or ``display_name_key``): the
    prefix's key, then the number's digits through the app's own key of each digit (a skeleton
    maps ASCII character by character). Proved on a sample after the build (``check_name_keys``)."""
    digits = "0123456789"
    mapped = "".join(key_of(f"x{d}")[1:] for d in digits)
    first = key_of(f"{prefix}0")  # the prefix as it is keyed before a number ("Peer " keeps its space)
    if len(mapped) != len(digits) or not first.endswith(mapped[0]) or "'" in first:
        raise RuntimeError("a key is not the prefix's and one character a digit: build the users in Python")
    return f"'{first[:-1]}' || translate(i::text, '{digits}', '{mapped}')"


def check_name_keys(people: dict[str, int], sample: int = 1000) -> None:
    """The built users' name keys are exactly what the app computes (``User.fill_name_keys``,
    which ``save()`` calls): a random sample of each kind of person, and the first and last."""
    from apps.accounts.models import User

    usernames = []
    for prefix, count in people.items():
        picks = {0, count - 1, *random.sample(range(count), min(sample, count))}
        usernames += [f"{prefix}{i}" for i in picks]
    users = list(User.objects.filter(username__in=usernames))
    wrong = []
    for user in users:
        stored = (user.username_key, user.display_name_key)
        user.fill_name_keys()
        if (user.username_key, user.display_name_key) != stored:
            wrong.append((user.username, stored, (user.username_key, user.display_name_key)))
    if wrong or len(users) != len(usernames):
        raise RuntimeError(f"name keys differ from the app's: {wrong[:5]} ({len(users)} of {len(usernames)} found)")
    print(f"name keys of {len(users):,} users are the app's (names.username_key, names.display_name_key)")


def build(n: int) -> None:
    """Insert ``n`` agreements (and their people, teams and memberships), nothing due: teams of
    50 peer workers with a manager, one clinical supervisor per 7 supervisees (a member of the
    team of their first supervisee), every peer worker under an active peer agreement both people
    accepted, due 4–31 days ahead (spread over the days). Each table is one ``INSERT … SELECT``
    (``insert_select``); the name keys and references are checked afterwards."""
    from django.utils import timezone

    from apps.accounts import names
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
    teams = (n + TEAM_SIZE - 1) // TEAM_SIZE
    people = {"manager": teams, "supervisor": (n + PER_SUPERVISOR - 1) // PER_SUPERVISOR, "peer": n}

    with transaction.atomic():
        with connection.cursor() as cursor:
            # Consistent by construction (each id is the md5 of a name made here), so without the
            # per-row foreign-key triggers (PostgreSQL's session_replication_role); checked below.
            cursor.execute("SET LOCAL session_replication_role = replica")
        # Each index built once over all the rows rather than entry by entry (the agreements have
        # eleven): those that back no constraint are dropped, and built again after the rows.
        with indexes_built_after(User, Membership, Agreement):
            insert_select(Team, Team(organisation=org), {"id": uuid_of("team"), "name": "'Team ' || i"}, teams)
            for prefix, count in people.items():
                label = prefix.capitalize()
                template = User(organisation=org, password="!", worker_kind="peer" if prefix == "peer" else "clinical")  # noqa: S106 - no password
                names_sql = {
                    "id": uuid_of(prefix),
                    "username": f"'{prefix}' || i",
                    "display_name": f"'{label} ' || i",
                    "email": f"'{prefix}' || i || '@example.invalid'",
                    "username_key": key_sql(prefix, names.username_key),
                    "display_name_key": key_sql(f"{label} ", names.display_name_key),
                }
                insert_select(User, template, names_sql, count)
            memberships = (
                ("manager", {"team_id": uuid_of("team"), "worker_id": uuid_of("manager")}, teams),
                ("member", {"team_id": uuid_of("team", f"i / {TEAM_SIZE}"), "worker_id": uuid_of("peer")}, n),
                (
                    "supervisor",  # in the team of their first supervisee
                    {
                        "team_id": uuid_of("team", f"i * {PER_SUPERVISOR} / {TEAM_SIZE}"),
                        "worker_id": uuid_of("supervisor"),
                    },
                    people["supervisor"],
                ),
            )
            for role, expressions, count in memberships:
                template = Membership(team_role=role, joined_on=long_ago)
                insert_select(Membership, template, {"id": "gen_random_uuid()", **expressions}, count)
            agreement = Agreement(
                organisation=org,
                kind="peer",
                frequency_days=28,
                starts_on=long_ago,
                status="active",  # both people agreed (issue 13): only these are reminded
                supervisee_accepted_at=now,
                supervisor_accepted_at=now,
            )
            first_due = today + timedelta(days=4)
            agreement_sql = {
                "id": uuid_of("agreement"),
                "supervisee_id": uuid_of("peer"),
                "supervisor_id": uuid_of("supervisor", f"i / {PER_SUPERVISOR}"),
                "next_due_on": f"DATE '{first_due.isoformat()}' + mod(i, 28)",
            }
            insert_select(Agreement, agreement, agreement_sql, n)
    check_foreign_keys([Team, User, Membership, Agreement])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    check_name_keys(people)


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
