"""Permission is checked before the body is read (issue 21, finding 8; docs/api.md, "Errors").

A persona who may not use a write gets the same refusal (401, 403 or 404) whatever the body:
unknown fields, invalid values, an empty body. A 400 would teach them the body rules of an
endpoint they may not use (and, for an object they may not see, that it exists).

The test walks every write of the permission matrix (tests/security/matrix.py), and for each
actor the matrix refuses, sends three bodies the server would reject as input, and asserts the
refusal the matrix expects for a valid body, and that nothing in the database changed: the
table statistics of the test's transaction (``pg_stat_xact_user_tables``) count every row
inserted, updated or deleted, in any table.
"""

import json

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.security.conftest import world  # noqa: F401 - the matrix's world, built once for this module
from tests.security.matrix import MATRIX
from tests.security.world import ACTORS

pytestmark = pytest.mark.django_db

REFUSALS = {401, 403, 404}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
UNKNOWN = "zz_not_a_field"


# Refusals that depend on what the body names, for a persona who may use the endpoint: another
# team's manager sets up supervision for their own people, so a body they got wrong is theirs to
# learn about; only for a valid body naming someone outside their teams is the answer a 403.
BODY_DECIDES = {
    ("POST", "/api/v1/supervision/agreements/", "other_manager"),
    # A team's manager opens readiness pulses for their team; the matrix's body is a pooled
    # pulse, which only an org admin opens: the body's ``kind`` decides.
    ("POST", "/api/v1/voice/group-pulses/", "manager"),
}


def _refused(expected) -> bool:
    allowed = expected if isinstance(expected, set) else {expected}
    return allowed <= REFUSALS


def _invalid(value):
    """A value no field of the API takes in place of ``value``."""
    if isinstance(value, str | int | float | bool) or value is None:
        return {"not": "valid"}
    return "not valid"


def garbage_bodies(valid: dict | None) -> dict[str, dict]:
    valid = valid or {}
    return {
        "unknown field and invalid values": {**{name: _invalid(value) for name, value in valid.items()}, UNKNOWN: 1},
        "invalid values": {name: _invalid(value) for name, value in valid.items()} or {"title": {"not": "valid"}},
        "empty body": {},
    }


CELLS = [
    (entry, actor, kind)
    for entry in MATRIX
    if entry["method"] in WRITES
    for actor in ACTORS
    if _refused(entry["expected"][actor]) and (entry["method"], entry["path"], actor) not in BODY_DECIDES
    for kind in ("unknown field and invalid values", "invalid values", "empty body")
]


def _writes() -> int:
    """Rows inserted, updated or deleted so far in this transaction, in any table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
            " WHERE relname <> 'django_session'"
        )
        return int(cursor.fetchone()[0])


def _signed_in(user) -> APIClient:
    client = APIClient()
    if user is not None:  # anonymous: 401 whatever the body
        client.force_login(user)
    return client


def _send(client: APIClient, entry: dict, path: str, body: dict):
    if entry["body_format"] == "multipart":
        flat = {name: json.dumps(value) if not isinstance(value, str) else value for name, value in body.items()}
        return getattr(client, entry["method"].lower())(path, flat, format="multipart")
    return client.generic(entry["method"], path, data=json.dumps(body), content_type="application/json")


def test_the_walk_covers_refused_writes_of_every_kind():
    """The walk is not empty: refused creates, updates, deletes and actions, 401, 403 and 404 alike."""
    methods = {entry["method"] for entry, _, _ in CELLS}
    statuses = {entry["expected"][actor] for entry, actor, _ in CELLS if isinstance(entry["expected"][actor], int)}
    assert {"POST", "PATCH", "DELETE"} <= methods
    assert statuses == REFUSALS
    assert len(CELLS) > 300


@pytest.mark.parametrize(
    ("entry", "actor", "kind"),
    CELLS,
    ids=[f"{e['method']} {e['path']} as {a}, {k}" for e, a, k in CELLS],
)
def test_a_refused_write_is_refused_whatever_the_body(world, entry, actor, kind):  # noqa: F811 - the fixture
    client = _signed_in(world.actors[actor])
    if entry["before"]:
        entry["before"](world)
    body = garbage_bodies(entry["body"](world) if entry["body"] else None)[kind]
    path = entry["path"].format(**world.ids)
    expected = entry["expected"][actor]
    allowed = expected if isinstance(expected, set) else {expected}

    before = _writes()
    response = _send(client, entry, path, body)

    assert response.status_code in allowed, (actor, entry["method"], path, kind, response.content[:300])
    assert _writes() == before, f"a refused {entry['method']} {path} as {actor} wrote to the database"
