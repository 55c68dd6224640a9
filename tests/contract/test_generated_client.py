"""What an integrator does on day one (issue 21): generate a typed client from the live schema
with openapi-python-client, import all of it, and run the team's story through that client
alone against a live server: an org admin sets up a team and its people; the manager sets up
supervision, publishes a role and assigns it; the peer acknowledges it and writes a reflection
and a boundary note; the supervisor reads the reflection, reviews the note and records a
session. Every answer is parsed by the generated models, so a schema that says less or other
than the server does (an enum without a value the server sends, a required field the server
leaves out) fails here as it would for the integrator.

Generating takes a few seconds (the post-hooks that format the code are switched off); the
client is generated once per run and shared by the tests of this module.
"""

import importlib
import json
import pkgutil
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from knox.models import AuthToken

from apps.core.dates import org_today

PACKAGE = "pspteam_contract_client"
PASSWORD = "a long enough passphrase for the contract"


@pytest.fixture(scope="module")
def client_package(tmp_path_factory, live_server):
    """The generated client, importable as ``pspteam_contract_client``."""
    root = tmp_path_factory.mktemp("generated")
    schema = root / "schema.json"
    schema.write_text(json.dumps(httpx.get(f"{live_server.url}/api/schema/?format=json", timeout=60).json()))
    config = root / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatting of the generated code: it only has to run
    generator = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    assert generator, "openapi-python-client is in requirements-dev.txt"
    result = subprocess.run(
        [generator, "generate", "--path", str(schema), "--meta", "none", "--output-path", str(root / PACKAGE)]
        + ["--config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # A warning means an operation or a model was left out of the client.
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(root))
    yield importlib.import_module(PACKAGE)
    sys.path.remove(str(root))
    for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[name]


def test_every_generated_module_imports(client_package):
    failures, count = [], 0
    for module in pkgutil.walk_packages(client_package.__path__, f"{PACKAGE}."):
        count += 1
        try:
            importlib.import_module(module.name)
        except Exception as exc:  # noqa: BLE001 - any failure to import is the finding
            failures.append(f"{module.name}: {exc!r}")
    assert count > 300 and not failures, failures


class Integrator:
    """Calls operations through the generated client only, and checks each answer's status."""

    def __init__(self, package, base_url):
        self.package, self.base_url = package, base_url

    def client(self, token):
        return self.package.client.AuthenticatedClient(
            base_url=self.base_url, token=token, prefix="Token", raise_on_unexpected_status=True
        )

    def model(self, name, data):
        # from_dict takes what JSON carries: ids as strings (the parsed answers hold UUIDs).
        data = json.loads(json.dumps(data, default=str))
        return getattr(importlib.import_module(f"{PACKAGE}.models"), name).from_dict(data)

    def call(self, operation, token, expect, **kwargs):
        tag, _, _ = operation.partition(".")
        module = importlib.import_module(f"{PACKAGE}.api.{tag}.{operation.split('.')[1]}")
        client = self.client(token) if token else self.package.client.Client(base_url=self.base_url)
        response = module.sync_detailed(client=client, **kwargs)
        assert response.status_code == expect, (operation, response.status_code, response.content[:500])
        if expect == 201:
            assert response.headers.get("Location"), (operation, "a 201 without Location")
        return response.parsed


def test_the_team_story_runs_through_the_generated_client_alone(client_package, live_server, transactional_db, admin):
    api = Integrator(client_package, live_server.url)
    today = org_today(admin.organisation)
    _, admin_token = AuthToken.objects.create(user=admin)  # the organisation's first admin exists already

    # The org admin sets up a team and its people, each with a sign-in.
    team = api.call("teams.teams_create", admin_token, 201, body=api.model("TeamRequest", {"name": "Estuary"}))
    people = {}
    for username, kind, team_role in [
        ("mina", "clinical", "manager"),
        ("sol", "peer", "supervisor"),
        ("pia", "peer", "member"),
    ]:
        worker = api.call(
            "workers.workers_create",
            admin_token,
            201,
            body=api.model(
                "WorkerCreateRequest",
                {"username": username, "display_name": username.title(), "worker_kind": kind, "password": PASSWORD},
            ),
        )
        api.call(
            "memberships.memberships_create",
            admin_token,
            201,
            body=api.model(
                "MembershipRequest",
                {
                    "team": team.id,
                    "worker": worker.id,
                    "team_role": team_role,
                    "joined_on": str(today - timedelta(days=30)),
                },
            ),
        )
        signed_in = api.call(
            "auth.auth_token_create",
            None,
            200,
            body=api.model("TokenRequestRequest", {"username": username, "password": PASSWORD}),
        )
        people[team_role] = (worker, signed_in.token)
    (_, manager_token), (supervisor, supervisor_token), (peer, peer_token) = (
        people["manager"],
        people["supervisor"],
        people["member"],
    )

    # The manager proposes supervision; both people accept the terms they read.
    agreement = api.call(
        "supervision.supervision_agreements_create",
        manager_token,
        201,
        body=api.model(
            "AgreementCreateRequest",
            {"supervisee": peer.id, "supervisor": supervisor.id, "kind": "peer", "frequency_days": 14},
        ),
    )
    for token in (peer_token, supervisor_token):
        api.call(
            "supervision.supervision_agreements_accept_create",
            token,
            200,
            id=agreement.id,
            body=api.model("AgreementAcceptRequest", {"terms": agreement.terms}),
        )

    # The manager publishes a role and assigns it to the peer, who acknowledges it.
    role = api.call(
        "role_definitions.role_definitions_create",
        manager_token,
        201,
        body=api.model(
            "RoleDefinitionInputRequest",
            {
                "team": team.id,
                "title": "Peer Navigator",
                "kind": "peer",
                "hours_per_week": "15",
                "purpose": "Walk alongside people.",
                "duties": [{"description": "Walk alongside people leaving hospital", "category": "peer_distinct"}],
            },
        ),
    )
    api.call("role_definitions.role_definitions_publish_create", manager_token, 200, id=role.id)
    assignment = api.call(
        "assignments.assignments_create",
        manager_token,
        201,
        body=api.model("AssignmentInputRequest", {"worker": peer.id, "role_definition": role.id}),
    )
    api.call("assignments.assignments_acknowledge_create", peer_token, 200, id=assignment.id)

    # The peer writes a reflection for the supervisor and a boundary note.
    reflection = api.call(
        "reflections.reflections_create",
        peer_token,
        201,
        body=api.model(
            "ReflectionInputRequest",
            {
                "title": "A first week",
                "occurred_on": str(today),
                "framework": "free",
                "sections": {"body": "What I learned about pacing."},
                "visibility": "supervisor",
            },
        ),
    )
    note = api.call(
        "boundary_notes.boundary_notes_create",
        peer_token,
        201,
        body=api.model(
            "BoundaryNoteInputRequest",
            {"occurred_on": str(today), "category": "other", "situation": "Asked to lend money.", "risk": "low"},
        ),
    )

    # The supervisor reads the reflection, reviews the note and records a session covering it.
    shared = api.call("reflections.reflections_list", supervisor_token, 200)
    assert [row.id for row in shared.results] == [reflection.id]
    api.call("reflections.reflections_retrieve", supervisor_token, 200, id=reflection.id)
    api.call(
        "boundary_notes.boundary_notes_review_create",
        supervisor_token,
        200,
        id=note.id,
        body=api.model("BoundaryNoteReviewRequest", {"response": "Good call; let's talk it through."}),
    )
    session = api.call(
        "supervision.supervision_sessions_create",
        supervisor_token,
        201,
        body=api.model(
            "SessionInputRequest",
            {
                "agreements": [agreement.id],
                "held_on": str(today),
                "duration_minutes": 50,
                "functions": ["restorative"],
                "boundary_notes": [note.id],
            },
        ),
    )
    sessions = api.call("supervision.supervision_sessions_list", peer_token, 200)
    assert session.id in [row.id for row in sessions.results]
