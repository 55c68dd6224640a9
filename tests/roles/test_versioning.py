"""Versioning rules: drafts change in place, published versions never change, editing a
published version starts the next one, and an assignment keeps its version."""

import pytest
from django.db import IntegrityError, transaction

from apps.audit.models import AuditEvent
from apps.roles import services
from apps.roles.models import Assignment, RoleDefinition

pytestmark = pytest.mark.django_db

NEW_ROLE = {
    "title": "Peer Navigator",
    "kind": "peer",
    "hours_per_week": "15",
    "purpose": "Walk alongside people.",
    "duties": [
        {"description": "Walk alongside people leaving hospital", "category": "peer_distinct"},
        {"description": "Attend team meetings", "category": "shared"},
    ],
}


@pytest.fixture
def manager_api(api, everyone):
    return api.as_(everyone["manager"])


def _create(client, team, **overrides):
    response = client.post("/api/v1/role-definitions/", {**NEW_ROLE, "team": str(team.pk), **overrides}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_new_definition_is_draft_version_1_with_its_duties_in_order(manager_api, riverside):
    body = _create(manager_api, riverside)
    assert (body["status"], body["version"]) == ("draft", 1)
    assert [(d["position"], d["description"], d["category"]) for d in body["duties"]] == [
        (1, "Walk alongside people leaving hospital", "peer_distinct"),
        (2, "Attend team meetings", "shared"),
    ]


def test_editing_a_draft_changes_it_in_place_and_replaces_the_duties(manager_api, riverside):
    body = _create(manager_api, riverside)
    response = manager_api.patch(
        f"/api/v1/role-definitions/{body['id']}/",
        {
            "title": "Peer Navigator (community)",
            "duties": [{"description": "Run a hearing voices group", "category": "peer_distinct"}],
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["id"] == body["id"] and response.json()["version"] == 1
    assert response.json()["title"] == "Peer Navigator (community)"
    assert [d["description"] for d in response.json()["duties"]] == ["Run a hearing voices group"]


def test_editing_a_published_version_creates_the_next_version_and_leaves_the_published_one(
    manager_api, riverside, everyone
):
    v1 = _create(manager_api, riverside)
    assert manager_api.post(f"/api/v1/role-definitions/{v1['id']}/publish/").status_code == 200
    response = manager_api.patch(
        f"/api/v1/role-definitions/{v1['id']}/",
        {
            "duties": [
                *NEW_ROLE["duties"],
                {"description": "Co-facilitate recovery college courses", "category": "shared"},
            ]
        },
        format="json",
    )
    assert response.status_code == 201
    v2 = response.json()
    assert v2["id"] != v1["id"] and v2["lineage"] == v1["lineage"]
    assert (v2["version"], v2["status"]) == (2, "draft")
    assert len(v2["duties"]) == 3
    unchanged = manager_api.get(f"/api/v1/role-definitions/{v1['id']}/").json()
    assert unchanged["status"] == "published" and len(unchanged["duties"]) == 2
    # While version 2 is being drafted, editing version 1 again is refused and names the draft.
    again = manager_api.patch(f"/api/v1/role-definitions/{v1['id']}/", {"title": "x"}, format="json")
    assert again.status_code == 400 and v2["id"] in again.json()["status"][0]


def test_an_assignment_keeps_pointing_at_the_version_it_was_made_on(manager_api, api, riverside, everyone):
    v1 = _create(manager_api, riverside)
    manager_api.post(f"/api/v1/role-definitions/{v1['id']}/publish/")
    assigned = manager_api.post(
        "/api/v1/assignments/", {"worker": str(everyone["peer2"].pk), "role_definition": v1["id"]}, format="json"
    )
    assert assigned.status_code == 201
    v2 = manager_api.patch(
        f"/api/v1/role-definitions/{v1['id']}/", {"title": "Peer Navigator II"}, format="json"
    ).json()
    published = manager_api.post(f"/api/v1/role-definitions/{v2['id']}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"

    assignment = Assignment.objects.get(pk=assigned.json()["id"])
    assert str(assignment.role_definition_id) == v1["id"]
    old = RoleDefinition.objects.get(pk=v1["id"])
    assert old.status == RoleDefinition.Status.RETIRED and old.title == "Peer Navigator"
    # The worker still reads the version they hold, though it is retired.
    worker = api.as_(everyone["peer2"])
    mine = worker.get(f"/api/v1/assignments/{assignment.pk}/").json()
    assert (mine["role_definition"], mine["role_version"], mine["role_title"]) == (v1["id"], 1, "Peer Navigator")
    assert worker.get(f"/api/v1/role-definitions/{v1['id']}/").json()["title"] == "Peer Navigator"
    # New assignments go to the current version only.
    again = api.as_(everyone["manager"]).post(
        "/api/v1/assignments/", {"worker": str(everyone["clinician"].pk), "role_definition": v1["id"]}, format="json"
    )
    assert again.status_code == 400 and "role_definition" in again.json()


def test_drafts_and_retired_versions_cannot_be_assigned(manager_api, roles, everyone):
    for key in ("draft_role",):
        response = manager_api.post(
            "/api/v1/assignments/",
            {"worker": str(everyone["clinician"].pk), "role_definition": str(roles[key].pk)},
            format="json",
        )
        assert response.status_code == 400 and "published" in response.json()["role_definition"][0]


def test_retired_versions_cannot_be_edited_or_published(manager_api, roles):
    role = roles["clinical_role"]
    assert manager_api.post(f"/api/v1/role-definitions/{role.pk}/retire/").status_code == 200
    assert manager_api.patch(f"/api/v1/role-definitions/{role.pk}/", {"title": "x"}, format="json").status_code == 400
    assert manager_api.post(f"/api/v1/role-definitions/{role.pk}/publish/").status_code == 400
    assert manager_api.post(f"/api/v1/role-definitions/{role.pk}/retire/").status_code == 400


def test_a_draft_without_duties_cannot_be_published(manager_api, riverside):
    body = _create(manager_api, riverside, duties=[])
    response = manager_api.post(f"/api/v1/role-definitions/{body['id']}/publish/")
    assert response.status_code == 400 and "duties" in response.json()


def test_the_team_of_a_definition_cannot_be_changed(manager_api, roles, harbour):
    response = manager_api.patch(
        f"/api/v1/role-definitions/{roles['peer_role'].pk}/", {"team": str(harbour.pk)}, format="json"
    )
    assert response.status_code == 400 and "team" in response.json()


def test_bad_input_names_the_field(manager_api, riverside):
    bad = [
        ({"title": ""}, "title"),
        ({"kind": "wizard"}, "kind"),
        ({"hours_per_week": "0"}, "hours_per_week"),
        ({"hours_per_week": "81"}, "hours_per_week"),
        ({"duties": [{"description": "x", "category": "sometimes"}]}, "duties"),
        ({"duties": [{"description": "", "category": "shared"}]}, "duties"),
        ({"duties": "not a list"}, "duties"),
    ]
    for override, field in bad:
        response = manager_api.post(
            "/api/v1/role-definitions/", {**NEW_ROLE, "team": str(riverside.pk), **override}, format="json"
        )
        assert response.status_code == 400 and field in response.json(), (override, response.json())


def test_the_database_allows_one_draft_and_one_published_version_per_lineage(roles):
    role = roles["peer_role"]
    duplicate = RoleDefinition(
        organisation=role.organisation,
        team=role.team,
        lineage=role.lineage,
        version=2,
        title=role.title,
        kind=role.kind,
        hours_per_week=role.hours_per_week,
        status=RoleDefinition.Status.PUBLISHED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_version_history_is_listed_by_lineage(manager_api, roles):
    role = roles["peer_role"]
    manager_api.patch(f"/api/v1/role-definitions/{role.pk}/", {"title": "Peer Support Worker (v2)"}, format="json")
    results = manager_api.get("/api/v1/role-definitions/", {"lineage": str(role.lineage)}).json()["results"]
    assert sorted((r["version"], r["status"]) for r in results) == [(1, "published"), (2, "draft")]


def test_writes_are_audited(manager_api, riverside, everyone):
    body = _create(manager_api, riverside)
    manager_api.post(f"/api/v1/role-definitions/{body['id']}/publish/")
    assignment = manager_api.post(
        "/api/v1/assignments/", {"worker": str(everyone["peer2"].pk), "role_definition": body["id"]}, format="json"
    ).json()
    from rest_framework.test import APIClient

    worker = APIClient()
    worker.force_login(everyone["peer2"])
    worker.post(f"/api/v1/assignments/{assignment['id']}/acknowledge/")
    events = list(AuditEvent.objects.order_by("at").values_list("target_type", "action", "detail"))
    assert ("roles.roledefinition", "create", "v1 draft") in events
    assert ("roles.roledefinition", "update", "v1 published without peer consultation") in events
    assert ("roles.assignment", "create", "Peer Navigator v1") in events
    assert ("roles.assignment", "update", "acknowledged") in events


def test_two_concurrent_next_versions_cannot_both_be_drafted(roles, everyone):
    role = roles["peer_role"]
    services.role_definition_update(actor=everyone["manager"], definition=role, data={"title": "A"})
    with pytest.raises(Exception) as caught:
        services.role_definition_update(actor=everyone["admin"], definition=role, data={"title": "B"})
    assert "already being drafted" in str(caught.value)
