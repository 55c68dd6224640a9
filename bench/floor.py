"""The floor (issue 10): each read endpoint against the one raw SQL query a hand-written
implementation would run, serialised with ``json.dumps``, timed in the same process.

Run by ``bench/run.py`` with the production-like environment and the run database:

    .venv/bin/python bench/floor.py bench/results/context.json bench/results/floor.json

* **endpoint** — the real endpoint through Django's test client: URL routing, every middleware
  (sessions, CSRF, authentication, two-factor, timeouts, CSP, axes, no-store), DRF's
  authentication (knox token) and permissions, the selectors' read rules, audit rows for reads
  of bodies, serialisation or template rendering.
* **floor** — the same rows (same page, same fields; the queue's total) fetched by one
  SQL query written by hand for this user and page, then ``json.dumps``.

Both are timed alternately in rounds and the medians compared: ``ratio = endpoint / floor``.
Also a plain DRF ``ListAPIView`` + ``ModelSerializer`` over the same reflections (no read rule,
no audit) as the reference the issue quotes (about 7.5 times its floor).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pspteam.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoints import BY_NAME  # noqa: E402

PAGE_SIZE = 25

# --- the hand-written queries ------------------------------------------------------------------

# The org admin's reflection list: their own entries and every published `team` entry of the
# organisation (the read rule for an org admin with no supervisees), newest first by the list's
# keyset keys (occurred_on desc, created_at desc, id) — the page after the cursor's row, as the
# cursor-paginated list reads it (issue 20: no total, no OFFSET; one row more to know whether a
# next page follows) — with author, team, acknowledger, comment count and (own entries only) readers.
REFLECTIONS_SQL = """
SELECT r.id, r.author_id, a.display_name, r.title, r.occurred_on, r.framework, r.sections, r.perspective,
       r.shared_with_team, r.reception, r.visibility, r.team_id, t.name, r.is_draft, r.acknowledged_by_id,
       k.display_name, r.acknowledged_at,
       (SELECT count(*) FROM reflections_reflectioncomment c WHERE c.reflection_id = r.id),
       CASE WHEN r.author_id = %(me)s THEN
           (SELECT array_agg(x.user_id) FROM reflections_reflection_readers x WHERE x.reflection_id = r.id) END,
       r.published_at, r.created_at, r.updated_at
FROM (
    SELECT id, occurred_on, created_at FROM reflections_reflection
    WHERE organisation_id = %(org)s AND (author_id = %(me)s OR (NOT is_draft AND visibility = 'team'))
      {after}
    ORDER BY occurred_on DESC, created_at DESC, id LIMIT %(limit)s
) page
JOIN reflections_reflection r ON r.id = page.id
JOIN accounts_user a ON a.id = r.author_id
LEFT JOIN teams_team t ON t.id = r.team_id
LEFT JOIN accounts_user k ON k.id = r.acknowledged_by_id
ORDER BY page.occurred_on DESC, page.created_at DESC, page.id
"""
# After the cursor's row (occurred_on, created_at, id), in the order of the keys.
AFTER_SQL = """AND occurred_on <= %(on)s AND (occurred_on < %(on)s OR (occurred_on = %(on)s AND created_at < %(at)s)
           OR (occurred_on = %(on)s AND created_at = %(at)s AND id > %(id)s))"""
REFLECTION_FIELDS = [
    "id", "author", "author_display_name", "title", "occurred_on", "framework", "sections", "perspective",
    "shared_with_team", "reception", "visibility", "team", "team_name", "is_draft", "acknowledged_by",
    "acknowledged_by_display_name", "acknowledged_at", "comment_count", "readers", "published_at", "created_at",
    "updated_at",
]  # fmt: skip

# The supervisor's review queue page: notes awaiting review that name them as a reader, of the
# people they supervise today under an agreement both accepted (issue 13; highest risk, then
# longest waiting; page 1 and the total), their agreements in force with the state, open
# step-away periods, and the number of check-ins that name them.
QUEUE_SQL = """
WITH sup AS (
    SELECT a.id, a.supervisee_id, a.kind, a.next_due_on, a.last_requested_at, u.display_name,
           CASE WHEN u.status <> 'active' OR NOT u.is_active THEN 'paused'
                WHEN a.next_due_on IS NULL THEN 'on_track'
                WHEN %(today)s >= a.next_due_on THEN 'overdue'
                WHEN %(today)s >= a.next_due_on - %(lead)s THEN 'due_soon'
                ELSE 'on_track' END AS state
    FROM supervision_agreement a JOIN accounts_user u ON u.id = a.supervisee_id
    WHERE a.supervisor_id = %(me)s AND a.status = 'active' AND a.starts_on <= %(today)s
      AND (a.ends_on IS NULL OR a.ends_on >= %(today)s)
), notes AS (
    SELECT n.id, n.category, n.risk, n.occurred_on, n.submitted_at, u.display_name AS author,
           CASE n.risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END AS risk_rank
    FROM boundaries_boundarynote n JOIN accounts_user u ON u.id = n.author_id
    WHERE n.organisation_id = %(org)s AND n.status = 'submitted'
      AND n.author_id IN (SELECT supervisee_id FROM sup)
      AND n.id IN (SELECT boundarynote_id FROM boundaries_boundarynote_readers WHERE user_id = %(me)s)
)
SELECT
    (SELECT count(*) FROM notes),
    (SELECT json_agg(x) FROM (SELECT * FROM notes ORDER BY risk_rank, submitted_at LIMIT %(limit)s) x),
    (SELECT json_agg(s ORDER BY CASE s.state WHEN 'overdue' THEN 0 WHEN 'due_soon' THEN 1 WHEN 'on_track' THEN 2
                                ELSE 3 END, s.next_due_on) FROM sup s),
    (SELECT json_agg(w) FROM (
        SELECT w.started_on, w.planned_return_on, w.message, u.display_name
        FROM wellbeing_stepaway w JOIN accounts_user u ON u.id = w.author_id
        WHERE w.organisation_id = %(org)s AND w.returned_on IS NULL
          AND w.author_id IN (SELECT supervisee_id FROM sup) ORDER BY w.planned_return_on) w),
    (SELECT count(*) FROM wellbeing_checkin c WHERE c.organisation_id = %(org)s AND c.share_with_supervisor
        AND c.author_id IN (SELECT supervisee_id FROM sup)
        AND c.id IN (SELECT checkin_id FROM wellbeing_checkin_readers WHERE user_id = %(me)s))
"""


def floor_reflections(ctx, cursor_name: str | None):
    """The page after ``ctx["reflection_cursors"][cursor_name]`` (page 1 without one): the same
    cursor the endpoint is given, decoded to its key values."""
    from apps.core.keyset import decode_cursor
    from apps.reflections.models import Reflection

    params = {"org": ctx["org"], "me": ctx["user_ids"]["admin"], "limit": PAGE_SIZE + 1}
    sql = REFLECTIONS_SQL.format(after="")
    if cursor_name:
        keys = ("-occurred_on", "-created_at", "id")
        on, at, id_ = decode_cursor(ctx["reflection_cursors"][cursor_name], Reflection, keys)
        params.update(on=on, at=at, id=id_)
        sql = REFLECTIONS_SQL.format(after=AFTER_SQL)

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        results = [dict(zip(REFLECTION_FIELDS, row, strict=True)) for row in rows[:PAGE_SIZE]]
        more = rows[-1][0] if len(rows) > PAGE_SIZE else None  # the next cursor's row
        return json.dumps({"next": more, "results": results}, default=str)

    return run


def floor_queue(ctx):
    params = {
        "org": ctx["org"],
        "me": ctx["user_ids"]["supervisor"],
        "today": ctx["today"],
        "lead": settings.REMINDER_LEAD_DAYS,
        "limit": PAGE_SIZE,
    }

    def run():
        with connection.cursor() as cursor:
            cursor.execute(QUEUE_SQL, params)
            count, notes, agreements, away, check_ins = cursor.fetchone()
        return json.dumps(
            {"count": count, "notes": notes, "agreements": agreements, "stepped_away": away, "check_ins": check_ins},
            default=str,
        )

    return run


FLOORS = {
    "reflections_p1": lambda ctx: floor_reflections(ctx, None),
    "reflections_p200": lambda ctx: floor_reflections(ctx, "p200"),
    "reflections_last": lambda ctx: floor_reflections(ctx, "last"),
    "supervisor_queue": floor_queue,
}
try:  # the dashboard's floor lives with its SQL (bench/floor_dashboard.py), once the dashboard exists
    from floor_dashboard import floor_dashboard

    FLOORS["team_dashboard"] = floor_dashboard
except ImportError:  # pragma: no cover
    pass


# --- timing ---------------------------------------------------------------------------------------


def endpoint_call(ctx, name):
    endpoint = BY_NAME[name]
    path, headers, _body = endpoint.request(ctx)
    client = Client()
    extra = {}
    for key, value in headers.items():
        if key == "Cookie":
            cookie_name, cookie_value = value.split("=", 1)
            client.cookies[cookie_name] = cookie_value
        else:
            extra["HTTP_" + key.upper().replace("-", "_")] = value

    def run():
        response = client.get(path, **extra)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: HTTP {response.status_code} {response.content[:300]!r}")
        return response.content

    return run


def timed(fn, seconds: float, min_runs: int = 15, max_runs: int = 400) -> list[float]:
    samples = []
    deadline = time.perf_counter() + seconds
    while len(samples) < min_runs or (time.perf_counter() < deadline and len(samples) < max_runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(endpoint_fn, floor_fn, *, rounds: int = 3, seconds: float = 1.5) -> dict:
    for _ in range(10):  # warm: connections, URLconf, templates, plans
        endpoint_fn()
        floor_fn()
    queries = []
    audit_before = audit_rows()
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
        endpoint_fn()
    audit_written = audit_rows() - audit_before  # by that one request
    endpoint_samples, floor_samples = [], []
    for _ in range(rounds):
        endpoint_samples += timed(endpoint_fn, seconds)
        floor_samples += timed(floor_fn, seconds)
    endpoint_ms, floor_ms = statistics.median(endpoint_samples), statistics.median(floor_samples)
    return {
        "endpoint_ms": round(endpoint_ms, 2),
        "floor_ms": round(floor_ms, 2),
        "ratio": round(endpoint_ms / floor_ms, 2),
        "queries": len(queries),
        "audit_rows": audit_written,
        "endpoint_runs": len(endpoint_samples),
        "floor_runs": len(floor_samples),
        "floor_bytes": len(floor_fn()),
    }


def audit_rows() -> int:
    """Rows in the audit trail (issue 20: at most one per request). By the model, wherever its
    table or partitions are."""
    from django.apps import apps

    return apps.get_model("audit", "AuditEvent").objects.count()


def plain_drf_reference(ctx) -> dict:
    """The issue's reference point: a plain ``ListAPIView`` + ``ModelSerializer`` (all fields,
    author/team joined) over the organisation's published team entries, page 1, against its own
    hand-written query."""
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="bench.urls_plain"):
        client = Client()
        token = {"HTTP_AUTHORIZATION": f"Token {ctx['tokens']['admin']}"}

        def endpoint():
            response = client.get("/bench/plain-reflections/", **token)
            assert response.status_code == 200, response.content[:200]
            return response.content

        sql = """
            SELECT r.*, (SELECT count(*) FROM reflections_reflection x
                         WHERE x.organisation_id = %(org)s AND NOT x.is_draft AND x.visibility = 'team')
            FROM reflections_reflection r
            WHERE r.organisation_id = %(org)s AND NOT r.is_draft AND r.visibility = 'team'
            ORDER BY r.occurred_on DESC, r.created_at DESC LIMIT 25"""

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(sql, {"org": ctx["org"]})
                names = [c.name for c in cursor.description]
                rows = cursor.fetchall()
            return json.dumps(
                {"count": rows[0][-1], "results": [dict(zip(names, r, strict=True)) for r in rows]}, default=str
            )

        return measure(endpoint, floor)


def main(context_path: str, out_path: str, only: list[str] | None = None) -> None:
    ctx = json.loads(Path(context_path).read_text())
    from apps.accounts.models import User

    ctx["org"] = str(User.objects.get(pk=ctx["user_ids"]["admin"]).organisation_id)
    results = {}
    names = [n for n in FLOORS if not only or n in only]
    if "team_dashboard" in (only or BY_NAME) and "team_dashboard" not in FLOORS:
        print("  team dashboard: no floor yet (bench/floor_dashboard.py missing)")
    for name in names:
        if name == "team_dashboard" and not ctx.get("dashboard"):
            continue
        results[name] = measure(endpoint_call(ctx, name), FLOORS[name](ctx))
        r = results[name]
        print(
            f"  {name:<20} endpoint {r['endpoint_ms']:7.2f} ms  floor {r['floor_ms']:6.2f} ms  "
            f"ratio {r['ratio']:5.2f}  ({r['queries']} queries, {r['audit_rows']} audit rows)",
            flush=True,
        )
    if not only or "plain_drf" in only:
        results["plain_drf"] = plain_drf_reference(ctx)
        r = results["plain_drf"]
        print(
            f"  {'plain DRF reference':<20} endpoint {r['endpoint_ms']:7.2f} ms  floor {r['floor_ms']:6.2f} ms  "
            f"ratio {r['ratio']:5.2f}  ({r['queries']} queries)",
            flush=True,
        )
    Path(out_path).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:] or None)
