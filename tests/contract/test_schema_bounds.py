"""The schema declares the bounds the server enforces (issue 21, finding 7): a decimal that cannot
be negative has ``minimum`` (and a pattern without the sign), a list that cannot be empty has
``minItems: 1``; and the server answers a value outside them with a 400 naming the field."""

import pytest

from apps.accounts.models import User
from apps.core.dates import org_today
from apps.roles.models import RoleDefinition
from apps.supervision.models import Agreement, SupervisionSession
from tests.roles.test_versioning import NEW_ROLE as ROLE
from tests.supervision.test_sessions_api import body as session_body

pytestmark = pytest.mark.django_db

BOUNDED_DECIMALS = {
    ("WorkerCreateRequest", "contracted_hours_per_week"): (0, 80),
    ("PatchedWorkerUpdateRequest", "contracted_hours_per_week"): (0, 80),
    ("RoleDefinitionInputRequest", "hours_per_week"): (0.5, 80),
    ("PatchedRoleDefinitionUpdateRequest", "hours_per_week"): (0.5, 80),
    ("AssignmentInputRequest", "hours_per_week"): (0.5, 80),
    ("PatchedAssignmentUpdateRequest", "hours_per_week"): (0.5, 80),
}


@pytest.fixture
def components(api, admin):
    return api.as_(admin).get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]


def test_every_writable_decimal_the_server_bounds_declares_its_bounds_and_no_minus_sign(components):
    for (component, name), (low, high) in BOUNDED_DECIMALS.items():
        field = components[component]["properties"][name]
        assert (field["minimum"], field["maximum"]) == (low, high), (component, name)
        assert not field["pattern"].startswith("^-"), (component, name)


def test_no_request_body_decimal_in_the_schema_allows_a_negative_value(components):
    signed = [
        (component, name)
        for component, schema in components.items()
        for name, field in schema.get("properties", {}).items()
        if component.endswith("Request") and field.get("format") == "decimal" and field["pattern"].startswith("^-")
    ]
    assert signed == []


@pytest.mark.parametrize("component", ["SessionInputRequest", "PatchedSessionInputRequest"])
def test_a_sessions_agreements_and_functions_declare_at_least_one_item(components, component):
    properties = components[component]["properties"]
    assert properties["agreements"]["minItems"] == 1 and properties["functions"]["minItems"] == 1


def test_negative_contracted_hours_are_a_400_naming_the_field_and_create_nothing(api, admin):
    worker = {"username": "negative", "display_name": "Negative Hours", "contracted_hours_per_week": "-1.0"}
    response = api.as_(admin).post("/api/v1/workers/", worker, format="json")
    assert response.status_code == 400 and "contracted_hours_per_week" in response.json()
    assert not User.objects.filter(username="negative").exists()


def test_negative_hours_on_a_worker_are_a_400_and_change_nothing(api, admin, peer):
    before = peer.contracted_hours_per_week
    response = api.as_(admin).patch(f"/api/v1/workers/{peer.pk}/", {"contracted_hours_per_week": "-0.5"}, format="json")
    assert response.status_code == 400 and "contracted_hours_per_week" in response.json()
    peer.refresh_from_db()
    assert peer.contracted_hours_per_week == before


def test_role_hours_below_the_minimum_are_a_400_naming_the_field_and_create_nothing(api, manager, riverside):
    role = {**ROLE, "team": str(riverside.pk), "hours_per_week": "-1"}
    response = api.as_(manager).post("/api/v1/role-definitions/", role, format="json")
    assert response.status_code == 400 and "hours_per_week" in response.json()
    assert not RoleDefinition.objects.filter(title=ROLE["title"]).exists()


def test_a_session_with_no_agreement_and_no_function_is_a_400_naming_both_and_records_nothing(api, everyone, org):
    supervisor = everyone["supervisor"]
    assert Agreement.objects.filter(supervisor=supervisor).exists()
    response = api.as_(supervisor).post(
        "/api/v1/supervision/sessions/", session_body([], org_today(org), functions=[]), format="json"
    )
    assert response.status_code == 400
    assert {"agreements", "functions"} <= set(response.json())
    assert not SupervisionSession.objects.exists()


# Answers too (issue 21, finding 7): a decimal read back declares the bounds the server kept it
# within, so a typed client validating answers never meets a value the schema calls impossible.
PER_PERSON_HOURS = {"hours_per_week", "contracted_hours_per_week"}
# A difference (contracted minus assigned) is negative when someone holds more than they are
# contracted for: the one decimal that is signed by nature.
SIGNED_BY_NATURE = {("DashboardHoursRow", "difference")}


def _decimals(components):
    return [
        (component, name, field)
        for component, schema in components.items()
        for name, field in schema.get("properties", {}).items()
        if field.get("format") == "decimal"
    ]


def test_every_decimal_in_every_component_declares_its_bounds(components):
    decimals = _decimals(components)
    assert {
        ("Assignment", "hours_per_week"),
        ("RoleDefinition", "hours_per_week"),
        ("Me", "contracted_hours_per_week"),
    } <= {(c, n) for c, n, _ in decimals}
    missing = []
    for component, name, field in decimals:
        if (component, name) in SIGNED_BY_NATURE:
            assert "minimum" not in field and field["pattern"].startswith("^-?"), (component, name)
            continue
        if field.get("minimum", -1) < 0 or field["pattern"].startswith("^-"):
            missing.append((component, name, "minimum"))
        if name in PER_PERSON_HOURS and field.get("maximum") != 80:
            missing.append((component, name, "maximum"))
    assert missing == []


@pytest.mark.parametrize(
    ("component", "name", "low", "high"),
    [
        ("Assignment", "hours_per_week", 0.5, 80),
        ("Assignment", "contracted_hours_per_week", 0, 80),
        ("RoleDefinition", "hours_per_week", 0.5, 80),
        ("Worker", "contracted_hours_per_week", 0, 80),
        ("Me", "contracted_hours_per_week", 0, 80),
    ],
)
def test_hours_read_back_declare_the_models_bounds(components, component, name, low, high):
    field = components[component]["properties"][name]
    assert (field["minimum"], field["maximum"]) == (low, high)
