"""The team dashboard's floor (imported by ``bench/floor.py``): every row the dashboard's figures
are made from, fetched by one hand-written query and serialised with ``json.dumps``.

The dashboard is aggregates, not a list: some of its figures are rules applied in Python to these
rows (supervision on time over 12 weeks, from each session and the one before it; the role
overlap finder's text similarity over duties). The floor fetches the same inputs in one round
trip; it does not redo the Python rules, so it is a lower bound, and the ratio target (≤ 3) of
the list endpoints does not apply to it.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.conf import settings
from django.db import connection

DASHBOARD_SQL = """
WITH members AS (
    SELECT u.id, u.display_name, u.username, u.worker_kind, u.status, u.is_active, u.contracted_hours_per_week
    FROM teams_membership m JOIN accounts_user u ON u.id = m.worker_id
    WHERE m.team_id = %(team)s AND m.joined_on <= %(today)s AND (m.left_on IS NULL OR m.left_on >= %(today)s)
), agreements AS (
    SELECT a.id, a.supervisee_id, a.supervisor_id, s.display_name AS supervisor_name, a.kind, a.frequency_days,
           a.starts_on, a.next_due_on,
           CASE WHEN e.status <> 'active' OR NOT e.is_active THEN 'paused'
                WHEN a.next_due_on IS NULL THEN 'on_track'
                WHEN %(today)s >= a.next_due_on THEN 'overdue'
                WHEN %(today)s >= a.next_due_on - %(lead)s THEN 'due_soon'
                ELSE 'on_track' END AS state
    FROM supervision_agreement a
    JOIN accounts_user e ON e.id = a.supervisee_id JOIN accounts_user s ON s.id = a.supervisor_id
    WHERE a.organisation_id = %(org)s AND a.supervisee_id IN (SELECT id FROM members)
      AND a.starts_on <= %(today)s AND (a.ends_on IS NULL OR a.ends_on >= %(today)s)
)
SELECT
    (SELECT json_agg(m ORDER BY m.display_name, m.username) FROM members m),
    (SELECT json_agg(a) FROM agreements a),
    (SELECT json_agg(x) FROM (
        SELECT sa.agreement_id, a.supervisee_id, a.starts_on, a.frequency_days, ss.held_on,
               (SELECT max(p.held_on) FROM supervision_supervisionsession_agreements pa
                JOIN supervision_supervisionsession p ON p.id = pa.supervisionsession_id
                WHERE pa.agreement_id = sa.agreement_id AND p.held_on < ss.held_on) AS previous_held_on
        FROM supervision_supervisionsession_agreements sa
        JOIN supervision_supervisionsession ss ON ss.id = sa.supervisionsession_id
        JOIN supervision_agreement a ON a.id = sa.agreement_id
        WHERE a.organisation_id = %(org)s AND a.supervisee_id IN (SELECT id FROM members)
          AND ss.held_on BETWEEN %(window_start)s AND %(today)s) x),
    (SELECT json_agg(x) FROM (
        SELECT author_id, started_on, returned_on FROM wellbeing_stepaway
        WHERE organisation_id = %(org)s AND author_id IN (SELECT id FROM members) AND started_on <= %(today)s) x),
    (SELECT json_agg(x) FROM (
        SELECT worker_id, starts_on, ends_on, hours_per_week FROM roles_assignment
        WHERE worker_id IN (SELECT id FROM members) AND (ends_on IS NULL OR ends_on >= %(today)s)) x),
    (SELECT json_agg(x) FROM (
        SELECT d.id, d.title, d.kind, d.version,
               (SELECT json_agg(json_build_object('position', du.position, 'description', du.description,
                                                  'category', du.category) ORDER BY du.position)
                FROM roles_duty du WHERE du.role_definition_id = d.id) AS duties
        FROM roles_roledefinition d WHERE d.team_id = %(team)s AND d.status = 'published' ORDER BY d.title) x),
    (SELECT json_agg(x) FROM (
        SELECT author_id, count(*) FILTER (WHERE status = 'submitted') AS submitted,
               count(*) FILTER (WHERE status = 'reviewed') AS reviewed,
               count(*) FILTER (WHERE category = 'role_drift' AND occurred_on > %(drift_since)s) AS role_drift
        FROM boundaries_boundarynote WHERE organisation_id = %(org)s AND author_id IN (SELECT id FROM members)
        GROUP BY author_id) x),
    (SELECT json_agg(x) FROM (
        SELECT date_trunc('month', occurred_on)::date AS month, reception, count(*) AS n
        FROM reflections_reflection
        WHERE organisation_id = %(org)s AND team_id = %(team)s AND visibility = 'team' AND NOT is_draft
          AND occurred_on >= %(months_since)s
        GROUP BY 1, 2) x),
    (SELECT json_agg(x) FROM (
        SELECT worker_id, competency_id, state FROM competencies_assessment
        WHERE organisation_id = %(org)s AND worker_id IN (SELECT id FROM members) AND is_current) x),
    (SELECT json_agg(x) FROM (
        SELECT worker_id, course, expires_on FROM competencies_trainingrecord
        WHERE worker_id IN (SELECT id FROM members) AND expires_on <= %(expiring_by)s ORDER BY expires_on, course) x),
    (SELECT json_agg(x) FROM (
        SELECT id, opened_on, closes_on FROM voice_pulse WHERE team_id = %(team)s ORDER BY opened_on DESC) x)
"""
NAMES = [
    "members", "agreements", "sessions", "step_aways", "assignments", "roles", "notes", "reflections",
    "assessments", "training", "pulses",
]  # fmt: skip


def floor_dashboard(ctx):
    today = date.fromisoformat(ctx["today"])
    this_monday = today - timedelta(days=today.weekday())
    month = date(today.year, today.month, 1)
    for _ in range(5):
        month = (month - timedelta(days=1)).replace(day=1)
    params = {
        "org": ctx["org"],
        "team": ctx["team_id"],
        "today": today,
        "lead": settings.REMINDER_LEAD_DAYS,
        "window_start": this_monday - timedelta(weeks=11),
        "drift_since": today - timedelta(days=90),
        "months_since": month,
        "expiring_by": today + timedelta(days=30),
    }

    def run():
        with connection.cursor() as cursor:
            cursor.execute(DASHBOARD_SQL, params)
            row = cursor.fetchone()
        return json.dumps(dict(zip(NAMES, row, strict=True)), default=str)

    return run
