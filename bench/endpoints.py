"""The endpoints the benchmark measures (issue 10), shared by the load clients and the floor.

Each request is built from the context ``bench/prepare.py`` writes (tokens, a session, ids).
Writes are made unique per request (``n``): an assignment is a one-day window on its own day,
so that every request is a 201 and none is refused as overlapping an earlier one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode


@dataclass(frozen=True)
class Endpoint:
    name: str
    label: str
    method: str
    kind: str  # "read", "write", or "ceiling" (what the stack itself costs: the yardsticks of issue 20)
    is_list: bool = False

    def request(self, ctx: dict, n: int = 0) -> tuple[str, dict, str | None]:
        """``(path, headers, json body or None)`` of the ``n``-th request."""
        return BUILDERS[self.name](ctx, n)


def _token(ctx, who):
    return {"Authorization": f"Token {ctx['tokens'][who]}", "Accept": "application/json"}


def _session(ctx, who):
    return {"Cookie": f"{ctx['session_cookie']}={ctx['sessions'][who]}"}


def _assignment(ctx, n):
    members = ctx["members"]
    day = date.fromisoformat(ctx["today"]) + timedelta(days=1 + n)
    body = {
        "worker": members[n % len(members)],
        "role_definition": ctx["role_definition_id"],
        "starts_on": day.isoformat(),
        "ends_on": day.isoformat(),
    }
    return "/api/v1/assignments/", {**_token(ctx, "manager"), "Content-Type": "application/json"}, json.dumps(body)


def _reflection(ctx, n):
    body = {
        "title": f"Bench reflection {n}",
        "occurred_on": ctx["today"],
        "framework": "gibbs",
        "sections": {
            "description": "A visit where listening mattered more than advice.",
            "feelings": "Unsure at first, then calm.",
            "action_plan": "Ask before offering my own story next time.",
        },
    }
    return "/api/v1/reflections/", {**_token(ctx, "peer"), "Content-Type": "application/json"}, json.dumps(body)


BUILDERS = {
    "healthz": lambda ctx, n: ("/healthz", {}, None),
    "me": lambda ctx, n: ("/api/v1/me/", _token(ctx, "peer"), None),
    "reflections_p1": lambda ctx, n: ("/api/v1/reflections/", _token(ctx, "admin"), None),
    # Cursor-paginated since issue 20: page 200's and the last page's cursors as the list gives
    # them out (prepare.py).
    "reflections_p200": lambda ctx, n: (
        "/api/v1/reflections/?" + urlencode({"cursor": ctx["reflection_cursors"]["p200"]}),
        _token(ctx, "admin"),
        None,
    ),
    # The last page (prepare.py counts the org admin's visible entries): the growth table's.
    "reflections_last": lambda ctx, n: (
        "/api/v1/reflections/?" + urlencode({"cursor": ctx["reflection_cursors"]["last"]}),
        _token(ctx, "admin"),
        None,
    ),
    "team_dashboard": lambda ctx, n: (f"/api/v1/teams/{ctx['team_id']}/dashboard/", _token(ctx, "manager"), None),
    "supervisor_queue": lambda ctx, n: ("/supervision/queue/", _session(ctx, "supervisor"), None),
    "assignment_create": _assignment,
    "reflection_create": _reflection,
}

ENDPOINTS = [
    Endpoint("healthz", "`/healthz` (no database, no session)", "GET", "ceiling"),
    Endpoint("me", "`/api/v1/me/` with a token (the cheapest authenticated request)", "GET", "ceiling"),
    Endpoint("reflections_p1", "reflection list, page 1 (API, org admin)", "GET", "read", is_list=True),
    Endpoint("reflections_p200", "reflection list, page 200 (API, org admin)", "GET", "read", is_list=True),
    Endpoint("team_dashboard", "team dashboard (API, manager)", "GET", "read"),
    Endpoint("supervisor_queue", "supervisor review queue (page)", "GET", "read", is_list=True),
    Endpoint("assignment_create", "assignment create (API, manager)", "POST", "write"),
    Endpoint("reflection_create", "reflection create (API, peer worker)", "POST", "write"),
]
# Measured in-process only, at each size of the growth table (not under load).
GROWTH = [
    Endpoint("reflections_last", "reflection list, last page (API, org admin)", "GET", "read", is_list=True),
]
BY_NAME = {e.name: e for e in ENDPOINTS + GROWTH}
