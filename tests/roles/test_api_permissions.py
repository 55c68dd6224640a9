"""Every permission row of spec §2 for role definitions and assignments, for every persona.

Outside the user's scope (another team they have no part in, another organisation, a
draft they may not see) → 404; visible but not allowed → 403; allowed → 2xx.
"""

import pytest

from apps.roles.models import Assignment, RoleDefinition

pytestmark = pytest.mark.django_db

PERSONAS = ["manager", "supervisor", "peer", "peer2", "clinician", "other_manager", "harbour_peer", "admin", "outsider"]

# --- reading role definitions ----------------------------------------------------------------

# persona -> set of role keys they can read
READABLE_ROLES = {
    "manager": {"peer_role", "clinical_role", "draft_role"},
    "supervisor": {"peer_role", "clinical_role"},
    "peer": {"peer_role", "clinical_role"},
    "peer2": {"peer_role", "clinical_role"},
    "clinician": {"peer_role", "clinical_role"},
    "other_manager": {"harbour_role"},
    "harbour_peer": {"harbour_role"},
    "admin": {"peer_role", "clinical_role", "draft_role", "harbour_role"},
    "outsider": {"outsider_role"},
}
ROLE_KEYS = ["peer_role", "clinical_role", "draft_role", "harbour_role", "outsider_role"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_definitions_are_readable_exactly_per_the_spec(api, everyone, roles, persona):
    client = api.as_(everyone[persona])
    listed = {r["id"] for r in client.get("/api/v1/role-definitions/").json()["results"]}
    expected = {str(roles[k].pk) for k in READABLE_ROLES[persona]}
    assert listed == expected
    for key in ROLE_KEYS:
        status = client.get(f"/api/v1/role-definitions/{roles[key].pk}/").status_code
        assert status == (200 if key in READABLE_ROLES[persona] else 404), (persona, key)


def test_supervisor_reads_the_roles_of_a_supervisee_in_another_team(api, everyone, roles):
    from tests.factories import AgreementFactory

    AgreementFactory(supervisee=everyone["harbour_peer"], supervisor=everyone["supervisor"])
    client = api.as_(everyone["supervisor"])
    assert client.get(f"/api/v1/role-definitions/{roles['harbour_role'].pk}/").status_code == 200
    assert client.get(f"/api/v1/assignments/{roles['harbour_assignment'].pk}/").status_code == 200


# --- writing role definitions -----------------------------------------------------------------

WRITE_STATUS = {
    # create in Riverside, edit a published Riverside role, publish the Riverside draft, retire a Riverside role
    "manager": (201, 201, 200, 200),
    "admin": (201, 201, 200, 200),
    "supervisor": (403, 403, 404, 403),
    "peer": (403, 403, 404, 403),
    "peer2": (403, 403, 404, 403),
    "clinician": (403, 403, 404, 403),
    "other_manager": (400, 404, 404, 404),  # Riverside is not a team they can name: 400 on team
    "harbour_peer": (403, 404, 404, 404),  # manages no team: refused before the body is read
    "outsider": (400, 404, 404, 404),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_teams_managers_and_org_admins_write_role_definitions(api, everyone, roles, riverside, persona):
    client = api.as_(everyone[persona])
    create, edit, publish, retire = WRITE_STATUS[persona]
    body = {
        "team": str(riverside.pk),
        "title": "Peer Navigator",
        "kind": "peer",
        "hours_per_week": "15",
        "duties": [{"description": "Walk alongside people leaving hospital", "category": "peer_distinct"}],
    }
    response = client.post("/api/v1/role-definitions/", body, format="json")
    assert response.status_code == create, response.json()
    if create == 400:
        assert "team" in response.json()
    peer_role = roles["peer_role"]
    response = client.patch(f"/api/v1/role-definitions/{peer_role.pk}/", {"title": "Renamed"}, format="json")
    assert response.status_code == edit
    response = client.post(f"/api/v1/role-definitions/{roles['draft_role'].pk}/publish/")
    assert response.status_code == publish
    response = client.post(f"/api/v1/role-definitions/{roles['clinical_role'].pk}/retire/")
    assert response.status_code == retire
    if retire != 200:
        roles["clinical_role"].refresh_from_db()
        assert roles["clinical_role"].status == RoleDefinition.Status.PUBLISHED


def test_a_definition_of_another_organisation_cannot_be_touched(api, everyone, roles):
    client = api.as_(everyone["admin"])
    role = roles["outsider_role"]
    assert client.get(f"/api/v1/role-definitions/{role.pk}/").status_code == 404
    assert client.patch(f"/api/v1/role-definitions/{role.pk}/", {"title": "x"}, format="json").status_code == 404
    assert client.post(f"/api/v1/role-definitions/{role.pk}/retire/").status_code == 404


def test_organisation_and_creator_come_from_the_signed_in_user(api, everyone, riverside, other_org):
    body = {
        "team": str(riverside.pk),
        "title": "Peer Navigator",
        "kind": "peer",
        "hours_per_week": "15",
        "organisation": str(other_org.pk),
        "status": "published",
        "version": 7,
    }
    refused = api.as_(everyone["manager"]).post("/api/v1/role-definitions/", body, format="json")
    assert refused.status_code == 400 and {"organisation", "status", "version"} <= set(refused.json())
    assert not RoleDefinition.objects.filter(title="Peer Navigator").exists()
    for field in ("organisation", "status", "version"):
        del body[field]
    response = api.as_(everyone["manager"]).post("/api/v1/role-definitions/", body, format="json")
    assert response.status_code == 201
    definition = RoleDefinition.objects.get(pk=response.json()["id"])
    assert definition.organisation == riverside.organisation
    assert definition.created_by == everyone["manager"]
    assert (definition.status, definition.version) == ("draft", 1)


# --- reading assignments ------------------------------------------------------------------------

READABLE_ASSIGNMENTS = {
    "manager": {"peer_assignment", "peer2_assignment", "clinician_assignment"},
    "supervisor": {"peer_assignment"},  # their supervisee's only
    "peer": {"peer_assignment"},
    "peer2": {"peer2_assignment"},
    "clinician": {"clinician_assignment"},
    "other_manager": {"harbour_assignment"},
    "harbour_peer": {"harbour_assignment"},
    "admin": {"peer_assignment", "peer2_assignment", "clinician_assignment", "harbour_assignment"},
    "outsider": {"outsider_assignment"},
}
ASSIGNMENT_KEYS = [
    "peer_assignment",
    "peer2_assignment",
    "clinician_assignment",
    "harbour_assignment",
    "outsider_assignment",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_assignments_are_readable_exactly_per_the_spec(api, everyone, roles, persona):
    client = api.as_(everyone[persona])
    listed = {a["id"] for a in client.get("/api/v1/assignments/").json()["results"]}
    assert listed == {str(roles[k].pk) for k in READABLE_ASSIGNMENTS[persona]}
    for key in ASSIGNMENT_KEYS:
        status = client.get(f"/api/v1/assignments/{roles[key].pk}/").status_code
        assert status == (200 if key in READABLE_ASSIGNMENTS[persona] else 404), (persona, key)


# --- writing assignments ------------------------------------------------------------------------

ASSIGN_STATUS = {
    # create (Riverside role to a Riverside member), PATCH peer's assignment, acknowledge peer's assignment
    "manager": (201, 200, 403),
    "admin": (201, 200, 403),
    "supervisor": (403, 403, 403),
    "peer": (403, 403, 200),
    "peer2": (403, 404, 404),
    "clinician": (403, 404, 404),
    "other_manager": (400, 404, 404),  # the Riverside role is not one they can name: 400 on role_definition
    "harbour_peer": (403, 404, 404),  # manages no team: refused before the body is read
    "outsider": (400, 404, 404),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_managers_assign_and_only_the_worker_acknowledges(api, everyone, roles, persona):
    client = api.as_(everyone[persona])
    create, patch, acknowledge = ASSIGN_STATUS[persona]
    body = {
        "worker": str(everyone["clinician"].pk),
        "role_definition": str(roles["peer_role"].pk),
        "hours_per_week": "5",
    }
    response = client.post("/api/v1/assignments/", body, format="json")
    assert response.status_code == create, response.json()
    if create == 400:
        assert "role_definition" in response.json()
    assignment = roles["peer_assignment"]
    response = client.patch(f"/api/v1/assignments/{assignment.pk}/", {"hours_per_week": "12"}, format="json")
    assert response.status_code == patch
    response = client.post(f"/api/v1/assignments/{assignment.pk}/acknowledge/")
    assert response.status_code == acknowledge
    assignment.refresh_from_db()
    assert (assignment.acknowledged_at is not None) == (persona == "peer")


def test_nobody_sets_acknowledged_at_through_the_body(api, everyone, roles):
    manager = api.as_(everyone["manager"])
    body = {
        "worker": str(everyone["clinician"].pk),
        "role_definition": str(roles["peer_role"].pk),
        "acknowledged_at": "2020-01-01T00:00:00Z",
    }
    response = manager.post("/api/v1/assignments/", body, format="json")
    assert response.status_code == 400 and "acknowledged_at" in response.json()
    assert not Assignment.objects.filter(worker=everyone["clinician"], role_definition=roles["peer_role"]).exists()
    assignment = roles["peer_assignment"]
    response = manager.patch(
        f"/api/v1/assignments/{assignment.pk}/", {"acknowledged_at": "2020-01-01T00:00:00Z"}, format="json"
    )
    assert response.status_code == 400 and "acknowledged_at" in response.json()
    response = api.as_(everyone["peer"]).patch(
        f"/api/v1/assignments/{assignment.pk}/", {"acknowledged_at": "2020-01-01T00:00:00Z"}, format="json"
    )
    assert response.status_code in (400, 403)
    assignment.refresh_from_db()
    assert assignment.acknowledged_at is None


def test_a_manager_acknowledging_for_a_worker_gets_a_403_and_changes_nothing(api, everyone, roles):
    assignment = roles["peer2_assignment"]
    response = api.as_(everyone["manager"]).post(f"/api/v1/assignments/{assignment.pk}/acknowledge/")
    assert response.status_code == 403
    assert not Assignment.objects.get(pk=assignment.pk).acknowledged_at


# --- overlap report ----------------------------------------------------------------------------

OVERLAPS_STATUS = {
    "manager": 200,
    "supervisor": 200,
    "peer": 200,
    "peer2": 200,
    "clinician": 200,
    "admin": 200,
    "other_manager": 404,
    "harbour_peer": 404,
    "outsider": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_overlap_report_is_for_the_teams_members_and_org_admins(api, everyone, roles, riverside, persona):
    response = api.as_(everyone[persona]).get(f"/api/v1/teams/{riverside.pk}/role-overlaps/")
    assert response.status_code == OVERLAPS_STATUS[persona]


def test_signed_out_clients_get_nothing(api, roles, riverside):
    client = api.as_(None)
    for url in (
        "/api/v1/role-definitions/",
        "/api/v1/assignments/",
        f"/api/v1/teams/{riverside.pk}/role-overlaps/",
        f"/api/v1/role-definitions/{roles['peer_role'].pk}/",
    ):
        assert client.get(url).status_code in (401, 403)


def test_malformed_ids_are_404_not_500(api, everyone, roles):
    client = api.as_(everyone["manager"])
    assert client.get("/api/v1/role-definitions/not-a-uuid/").status_code == 404
    assert client.post("/api/v1/assignments/not-a-uuid/acknowledge/").status_code == 404
    response = client.post("/api/v1/assignments/", {"worker": "nope", "role_definition": "nope"}, format="json")
    assert response.status_code == 400 and {"worker", "role_definition"} <= set(response.json())
