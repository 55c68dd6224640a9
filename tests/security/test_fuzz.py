"""Schemathesis against our own OpenAPI schema, in-process (WSGI), with every check it has
(server errors, status codes, content types, headers, response bodies, negative data refused,
valid data accepted, unsupported methods, ignored auth, use after free, resource availability)
as three personas, each signed in with a token: an org admin, a team manager and a peer worker
(issue 21, "In CI").

Two kinds of run per persona:

- each operation on its own (``schema.parametrize``): the examples phase and a bounded number
  of fuzzed examples, plus, as the org admin, the coverage phase (every boundary and every
  missing or malformed part the schema defines);
- linked flows (``as_state_machine``): scenarios that chain the operations by the OpenAPI links
  added below (create → read / update / act on the new id; list → read / update / act on the
  first id the persona sees; team and worker → membership; role → publish → assignment), so
  the calls reach real objects instead of 404s. Each scenario starts from the same world (what
  one creates is rolled back before the next), so hypothesis can replay it.

Bounded for CI (≤ 12 min for the whole module on 2 loaded cores): a fixed number of examples
per operation and of scenarios and steps per persona. The number of cases each persona ran is
written at the end of the run (``-rA`` not needed: the terminal summary shows it).
"""

import copy
import re
from collections import Counter

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

PERSONAS = ("admin", "manager", "peer")
# Fuzzed examples per operation, on top of the examples and coverage phases.
MAX_EXAMPLES = {"admin": 3, "manager": 4, "peer": 3}
SCENARIOS = {"admin": 40, "manager": 30, "peer": 25}
MAX_STEPS = 6
LOGOUT = "/api/v1/auth/logout/"  # would revoke the token the other calls use
CASES: Counter = Counter()

APP = get_wsgi_application()

# What DRF (and our strict parsing) says when a value breaks a rule the schema states: type,
# format, length, bounds, choices, required, unknown names. A schema-valid request refused with
# one of these means the schema does not say what the server enforces.
SCHEMA_RULE_MESSAGES = re.compile(
    r"^(This field (is required|may not be (null|blank))\.|Unknown (field|query parameter)\."
    r"|Ensure this (field|value) has (no more|at least) |Ensure this value is (less|greater) than "
    r"|Ensure that there are no more than |.* is not a valid choice\.|(A valid|Must be a valid|Not a valid|Enter a valid) "
    r"|(Date|Datetime|Time) has wrong format|Expected a (list|dictionary)|This list may not be empty"
    r"|Must be true or false\.|Must be a whole number from |Incorrect type\.)"
)


def _messages(errors):
    if isinstance(errors, str):
        yield errors
    elif isinstance(errors, list):
        for item in errors:
            yield from _messages(item)
    elif isinstance(errors, dict):
        for key, value in errors.items():
            if key != "detail":
                yield from _messages(value)


def valid_data_refused_only_for_rules_the_schema_cannot_state(ctx, response, case):
    """``positive_data_acceptance``, made exact for this API: a schema-valid request may still be a
    400 for a rule no JSON schema states (a date not in the future, two fields that must agree, a
    name already taken), but never for one the schema does state (type, bounds, choices, unknown
    fields): that would be a schema that says less than the server enforces."""
    meta = case.meta
    if response.status_code != 400 or meta is None or not meta.generation.mode.is_positive:
        return None
    body = response.json()
    broken = sorted({message for message in _messages(body) if SCHEMA_RULE_MESSAGES.match(message)})
    assert not broken, f"Schema-valid request refused for a rule the schema states: {broken}"
    return None


# Every check schemathesis has, with positive_data_acceptance made exact (above).
CHECKS = {
    "excluded_checks": [positive_data_acceptance],
    "additional_checks": [valid_data_refused_only_for_rules_the_schema_cannot_state],
}


def _first_path_parameter(path: str) -> str:
    return path.split("{", 1)[1].split("}", 1)[0]


def _add(operation: dict, status: str, name: str, target: dict, *, path=None, body=None) -> None:
    link: dict = {"operationId": target["operationId"]}
    if path:
        link["parameters"] = path
    if body:
        link["requestBody"] = body
    operation["responses"][status].setdefault("links", {})[name] = link


def with_links(raw: dict) -> dict:
    """The schema plus OpenAPI links for the flows an integrator follows.

    Generic: from a collection (``/api/v1/teams/``), its create (201, ``$response.body#/id``)
    and its list (200, the first result's id) link to every operation under that collection's
    id (``/api/v1/teams/{id}/``, ``…/{id}/archive/``, ``…/{team_id}/dashboard/``). Specific:
    a new team or worker links to a membership of it, a new team to a role for it, a published
    role to an assignment of it, the agreements list to a session under its first agreement."""
    raw = copy.deepcopy(raw)
    paths = raw["paths"]
    by_id = {op["operationId"]: op for ops in paths.values() for op in ops.values() if "operationId" in op}
    for path, operations in paths.items():
        if path.endswith("}/"):
            continue
        children = [
            (child, method, target)
            for child, child_operations in paths.items()
            if child.startswith(path + "{")
            for method, target in child_operations.items()
            if child != LOGOUT
        ]
        for child, _, target in children:
            name = _first_path_parameter(child)
            if "post" in operations and "201" in operations["post"]["responses"]:
                _add(operations["post"], "201", target["operationId"], target, path={name: "$response.body#/id"})
            if "get" in operations and "Paginated" in str(operations["get"]["responses"]["200"]):
                _add(
                    operations["get"], "200", target["operationId"], target, path={name: "$response.body#/results/0/id"}
                )
    team_create, worker_create = by_id["teams_create"], by_id["workers_create"]
    membership_create, role_create = by_id["memberships_create"], by_id["role_definitions_create"]
    _add(team_create, "201", "membership", membership_create, body={"team": "$response.body#/id"})
    _add(team_create, "201", "role", role_create, body={"team": "$response.body#/id"})
    _add(worker_create, "201", "membership", membership_create, body={"worker": "$response.body#/id"})
    _add(worker_create, "201", "assignment", by_id["assignments_create"], body={"worker": "$response.body#/id"})
    _add(
        by_id["role_definitions_publish_create"],
        "200",
        "assignment",
        by_id["assignments_create"],
        body={"role_definition": "$response.body#/id"},
    )
    _add(
        by_id["supervision_agreements_list"],
        "200",
        "session",
        by_id["supervision_sessions_create"],
        body={"agreements": ["$response.body#/results/0/id"]},
    )
    return raw


# Loading the schema makes one in-process request that touches no database table.
PUBLISHED = schemathesis.openapi.from_wsgi("/api/schema/", APP)


def _load(*, coverage: bool) -> schemathesis.schemas.BaseSchema:
    config = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": coverage}}})
    linked = schemathesis.openapi.from_dict(with_links(PUBLISHED.raw_schema), config=config)
    linked.app, linked.location = APP, PUBLISHED.location
    return linked.exclude(path=LOGOUT)


schema = _load(coverage=True)
# The coverage phase (every boundary and malformed part, some thousand cases) runs once, as the
# org admin, who may reach every operation; the other personas fuzz (CI budget).
schema_fuzzed = _load(coverage=False)


@pytest.fixture(scope="module", autouse=True)
def _report_cases(request):
    yield
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if CASES and capture:
        with capture.global_and_fixture_disabled():
            print("\nschemathesis cases run:", ", ".join(f"{key}: {n}" for key, n in sorted(CASES.items())))


@pytest.fixture
def token_for(everyone, settings):
    # Fuzzing sends many bad sign-ins to auth/token/: lockout would turn everything after into 403s.
    settings.AXES_ENABLED = False
    # Like Django's test client: keep the test's connection (and its transaction) open across
    # in-process requests instead of closing it at each request's start and end.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    tokens: dict[str, str] = {}

    def token(persona):
        if persona not in tokens:
            tokens[persona] = AuthToken.objects.create(user=everyone[persona])[1]
        return tokens[persona]

    yield token
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _call(case, token, persona):
    CASES[f"{persona} (operations)"] += 1
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, **CHECKS)


def _operation_settings(persona):
    return settings(
        max_examples=MAX_EXAMPLES[persona],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )


@pytest.mark.django_db
@schema.parametrize()
@_operation_settings("admin")
def test_every_operation_as_an_org_admin(case, token_for):
    _call(case, token_for("admin"), "admin")


@pytest.mark.django_db
@schema_fuzzed.parametrize()
@_operation_settings("manager")
def test_every_operation_as_a_team_manager(case, token_for):
    _call(case, token_for("manager"), "manager")


@pytest.mark.django_db
@schema_fuzzed.parametrize()
@_operation_settings("peer")
def test_every_operation_as_a_peer_worker(case, token_for):
    _call(case, token_for("peer"), "peer")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_linked_flows(persona, token_for):
    token = token_for(persona)

    headers = {"Authorization": f"Token {token}"}

    class Flows(schema.as_state_machine()):
        # Each scenario starts from the same world: what one scenario creates, changes or deletes
        # is rolled back before the next. Hypothesis replays a choice sequence (to report a
        # failure, or where a new scenario shares a prefix with an earlier one) and needs the same
        # answers, else the strategies that read ids from them draw differently and it reports
        # FlakyStrategyDefinition instead of the failure.
        def setup(self):
            self._scenario = transaction.atomic()
            self._scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self._scenario.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            CASES[f"{persona} (flows)"] += 1
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # As the operations' test does: the checks know the token is the caller's own
            # (``ignored_auth`` then probes without it and with a wrong one).
            case.validate_response(response, headers=headers, transport_kwargs=kwargs, recorder=self.recorder, **CHECKS)

    Flows.run(
        settings=hypothesis.settings(
            max_examples=SCENARIOS[persona],
            stateful_step_count=MAX_STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
            phases=[hypothesis.Phase.generate],
        )
    )
