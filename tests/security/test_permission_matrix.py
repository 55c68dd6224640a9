"""One table-driven test over every API operation and every actor (rows: matrix.py; world: world.py).

Each cell signs the actor in (a real session), sends the request, and asserts

* the status code the row expects for that actor,
* that no field the row forbids for that actor appears anywhere in the answer, and
* that no secret of the world (a marker in sensitive text) reaches an actor who may not read it,
  whatever the endpoint — so a leak through a list, an export or an error message fails too.
"""

import json
import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.security.matrix import ACTORS, MATRIX
from tests.security.world import SECRETS

pytestmark = pytest.mark.django_db

# Placeholders in drf-spectacular paths are "{id}", "{team_id}"; matrix rows name what they target.
_PLACEHOLDER = re.compile(r"\{[^}]+\}")


def _operation(method: str, path: str) -> tuple[str, str]:
    return method.upper(), _PLACEHOLDER.sub("{}", path.split("?", 1)[0])


def test_every_api_operation_has_a_row_in_the_matrix():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {
        _operation(method, path)
        for path, methods in schema["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    }
    covered = {_operation(r["method"], r["path"]) for r in MATRIX}
    missing = sorted(operations - covered)
    stale = sorted(covered - operations)
    assert not missing, f"API operations with no row in tests/security/matrix.py: {missing}"
    assert not stale, f"matrix rows for operations that no longer exist: {stale}"


def _keys(value, found=None) -> set:
    """Every key of every object in a JSON document."""
    found = set() if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(key)
            _keys(item, found)
    elif isinstance(value, list):
        for item in value:
            _keys(item, found)
    return found


CELLS = [(r, actor) for r in MATRIX for actor in ACTORS]


@pytest.mark.parametrize(("entry", "actor"), CELLS, ids=[f"{r['method']} {r['path']} as {a}" for r, a in CELLS])
def test_permission_matrix(world, entry, actor):
    client = APIClient()
    user = world.actors[actor]
    if user is not None:
        client.force_login(user)
    if entry["before"]:
        entry["before"](world)
    path = entry["path"].format(**world.ids)
    body = entry["body"](world) if entry["body"] else None
    if entry["body_format"] == "multipart":
        response = getattr(client, entry["method"].lower())(path, body, format="multipart")
    else:
        response = client.generic(
            entry["method"], path, data=json.dumps(body) if body is not None else "", content_type="application/json"
        )
    content = b"".join(response.streaming_content) if response.streaming else response.content
    expected = entry["expected"][actor]
    allowed = expected if isinstance(expected, set) else {expected}
    assert response.status_code in allowed, (actor, entry["method"], path, response.status_code, content[:400])

    text = content.decode(errors="replace")
    leaked = sorted(marker for marker, readers in SECRETS.items() if marker in text and actor not in readers)
    assert not leaked, f"{actor} received text they may not read: {leaked} from {entry['method']} {path}"

    forbidden = entry["forbidden"].get(actor, ())
    if forbidden and response.get("Content-Type", "").startswith("application/json") and content:
        present = _keys(json.loads(content)) & set(forbidden)
        assert not present, f"{actor} received forbidden fields {sorted(present)} from {entry['method']} {path}"


# Where each reader finds the sensitive text they may read (so the secrets above are real text
# that the right people do reach: least privilege, not no privilege).
READING = [
    "/api/v1/workers/me/export/",
    "/api/v1/reflections/",
    "/api/v1/reflections/{r_sup}/comments/",
    "/api/v1/reflections/{r_team}/replies/",
    "/api/v1/boundary-notes/{n_sub}/",
    "/api/v1/boundary-notes/{n_rev}/",
    "/api/v1/boundary-notes/{n_rev}/follow-ups/",
    "/api/v1/wellbeing/check-ins/",
    "/api/v1/wellbeing/check-ins/?shared_with_me=true",
    "/api/v1/fidelity/checks/",
    "/api/v1/fidelity/checks/?shared_with_me=true",
    "/api/v1/supervision/sessions/{session}/",
    "/api/v1/competencies/assessments/{assessment}/",
    "/api/v1/training-records/{training}/",
    "/api/v1/wellness-plans/mine/",
    "/api/v1/wellness-plans/{wellness_plan}/",
    "/api/v1/raters/invitations/{rater_done}/",
    "/api/v1/community/threads/{cm_thread}/",
    "/api/v1/community/threads/{cm_thread}/posts/",
    # "You said, we did" (issue 19, item 5): the whole team reads it.
    "/api/v1/voice/actions/",
    # What the organisation provides (issue 18, item 5): the team's members read its status.
    "/api/v1/competencies/organisational-status/",
    # Comments on a draft being consulted on (issue 18, item 3): their author and the managers.
    "/api/v1/role-definitions/{rd_consult}/comments/",
]


@pytest.mark.parametrize("actor", [a for a in ACTORS if a != "anonymous"])
def test_every_reader_reaches_the_text_they_may_read(world, actor):
    client = APIClient()
    client.force_login(world.actors[actor])
    text = "".join(client.get(path.format(**world.ids)).content.decode() for path in READING)
    missing = sorted(marker for marker, readers in SECRETS.items() if actor in readers and marker not in text)
    assert not missing, f"{actor} cannot read {missing}"
