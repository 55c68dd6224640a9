"""Versioned resources (issue 21, finding 8; docs/api.md, "Versioned resources"): a PATCH on a
published role definition answers 201 with the next version (a new id) and its ``Location``, and
the schema says so, so a generated client expects the 201 and reads the new id from it."""

import pytest

from apps.roles.models import RoleDefinition
from tests.roles.test_versioning import NEW_ROLE as ROLE

pytestmark = pytest.mark.django_db

ROLE_DETAIL = "/api/v1/role-definitions/{id}/"


@pytest.fixture
def schema(api, admin):
    return api.as_(admin).get("/api/schema/", {"format": "json"}).json()


def test_the_schema_documents_200_for_a_draft_and_201_with_location_for_a_published_role(schema):
    responses = schema["paths"][ROLE_DETAIL]["patch"]["responses"]
    definition = {"$ref": "#/components/schemas/RoleDefinition"}
    assert responses["200"]["content"]["application/json"]["schema"] == definition
    created = responses["201"]
    assert created["content"]["application/json"]["schema"] == definition
    assert "new id" in created["description"] and "next version" in created["description"]
    assert created["headers"]["Location"]["schema"] == {"type": "string", "format": "uri"}


def test_every_201_in_the_schema_documents_its_location(schema):
    missing = [
        (method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict)
        and "201" in operation.get("responses", {})
        and "Location" not in operation["responses"]["201"].get("headers", {})
    ]
    assert missing == []


def test_a_draft_changes_in_place_and_a_published_version_answers_201_with_the_next(api, manager, riverside):
    client = api.as_(manager)
    v1 = client.post("/api/v1/role-definitions/", {**ROLE, "team": str(riverside.pk)}, format="json").json()

    draft = client.patch(ROLE_DETAIL.format(id=v1["id"]), {"title": "Peer Navigator (draft)"}, format="json")
    assert draft.status_code == 200 and draft.json()["id"] == v1["id"] and "Location" not in draft
    assert RoleDefinition.objects.get(pk=v1["id"]).title == "Peer Navigator (draft)"

    assert client.post(f"/api/v1/role-definitions/{v1['id']}/publish/").status_code == 200
    response = client.patch(ROLE_DETAIL.format(id=v1["id"]), {"title": "Peer Navigator II"}, format="json")
    assert response.status_code == 201
    body = response.json()
    v2 = RoleDefinition.objects.get(lineage=v1["lineage"], version=2)
    assert (body["id"], body["version"], body["lineage"], body["status"]) == (str(v2.pk), 2, v1["lineage"], "draft")
    assert response["Location"] == f"http://testserver/api/v1/role-definitions/{v2.pk}/"
    published = RoleDefinition.objects.get(pk=v1["id"])
    assert (published.title, published.status) == ("Peer Navigator (draft)", "published")
