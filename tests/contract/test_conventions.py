"""One convention for every resource (docs/api.md; issue 21, findings 1, 5, 6 and 8): JSON
bodies, no redirect for a write without its slash, one error shape, ``Retry-After`` on 429,
``Location`` on 201, and a schema that documents all of it."""

import pytest
from openapi_spec_validator import validate
from rest_framework.exceptions import ValidationError

from apps.core.api.exceptions import error_body
from apps.core.dates import org_today
from apps.roles.models import RoleDefinition
from apps.supervision.models import Agreement
from apps.teams.models import Team
from tests.roles.test_versioning import NEW_ROLE as ROLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api, admin):
    return api.as_(admin).get("/api/schema/", {"format": "json"}).json()


# --- body formats ---------------------------------------------------------------------------


def test_a_form_body_is_a_415_and_creates_nothing(api, admin):
    response = api.as_(admin).post("/api/v1/teams/", {"name": "Form team"}, format="multipart")
    assert response.status_code == 415 and isinstance(response.json()["detail"], str)
    assert not Team.objects.filter(name="Form team").exists()


def test_the_schema_documents_one_body_format_per_write_multipart_only_for_uploads(schema):
    formats = {
        (method, path): sorted(operation["requestBody"]["content"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }
    assert formats and all(len(types) == 1 for types in formats.values()), formats
    multipart = {key for key, types in formats.items() if types == ["multipart/form-data"]}
    assert multipart == {("post", "/api/v1/training-records/"), ("patch", "/api/v1/training-records/{id}/")}


# --- trailing slash -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_without_the_trailing_slash_is_a_404_naming_the_path_and_changes_nothing(api, admin, riverside, method):
    client = api.as_(admin)
    path = "/api/v1/teams" if method == "post" else f"/api/v1/teams/{riverside.pk}"
    response = getattr(client, method)(path, {"name": "Renamed"}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": f"Not found. API paths end with a slash: {method.upper()} {path}/"}
    riverside.refresh_from_db()
    assert riverside.name == "Riverside" and not Team.objects.filter(name="Renamed").exists()


def test_a_read_without_the_trailing_slash_is_redirected_with_its_query(api, admin):
    response = api.as_(admin).get("/api/v1/teams?page=1")
    assert response.status_code == 301 and response["Location"] == "/api/v1/teams/?page=1"


def test_a_path_that_exists_with_no_slash_either_is_a_plain_404(api, admin):
    response = api.as_(admin).post("/api/v1/no-such-thing", {}, format="json")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


# --- one error shape ------------------------------------------------------------------------


def test_field_errors_come_with_a_detail_string(api, admin):
    response = api.as_(admin).post("/api/v1/teams/", {"name": ""}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid input: name." and body["name"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["A list error."], {"detail": "A list error."}),
        ({"detail": ["One.", "Two."]}, {"detail": "One. Two."}),
        ({"non_field_errors": ["Both dates."]}, {"detail": "Both dates.", "non_field_errors": ["Both dates."]}),
        ({"detail": "Already a string."}, {"detail": "Already a string."}),
    ],
)
def test_every_error_body_has_detail_as_a_string(raw, expected):
    assert error_body(ValidationError(raw).detail) == expected


def test_a_domain_error_without_a_field_has_detail_as_a_string_not_a_list(api, peer):
    agreement = Agreement.objects.get(supervisee=peer)
    Agreement.objects.filter(pk=agreement.pk).update(ends_on=agreement.starts_on)
    response = api.as_(peer).post(f"/api/v1/supervision/agreements/{agreement.pk}/request/")
    assert response.status_code == 400
    assert response.json() == {"detail": "This agreement is not in force today."}


def test_a_429_says_when_to_retry(api, peer):
    agreement = Agreement.objects.get(supervisee=peer)
    client = api.as_(peer)
    assert client.post(f"/api/v1/supervision/agreements/{agreement.pk}/request/").status_code == 200
    response = client.post(f"/api/v1/supervision/agreements/{agreement.pk}/request/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 24 * 3600 + 3600
    assert isinstance(response.json()["detail"], str)


def test_every_documented_error_has_the_error_body_and_every_429_a_retry_after(schema):
    missing, no_header = [], []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code.startswith("4") and response.get("content", {}).get("application/json", {}).get("schema") != {
                    "$ref": "#/components/schemas/Error"
                }:
                    missing.append((method, path, code))
                if code == "429" and "Retry-After" not in response.get("headers", {}):
                    no_header.append((method, path))
    assert not missing and not no_header, (missing, no_header)
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


def test_a_paginated_sub_collection_documents_its_400(schema):
    assert "400" in schema["paths"]["/api/v1/reflections/{id}/comments/"]["get"]["responses"]


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("/api/v1/reflections/{id}/comments/", "PaginatedCommentList"),
        ("/api/v1/boundary-notes/{id}/follow-ups/", "PaginatedFollowUpList"),
    ],
)
def test_sub_collections_are_documented_as_pages_with_their_bounds(schema, path, page):
    operation = schema["paths"][path]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": f"#/components/schemas/{page}"
    }
    assert {"page", "page_size"} <= {p["name"] for p in operation["parameters"]}
    assert "400" in operation["responses"]


def test_every_action_on_a_boundary_note_documents_the_representation_get_returns(schema):
    note = "/api/v1/boundary-notes/{id}/"
    documented = {
        path: schema["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
        for path, method in [(note, "get"), (f"{note}review/", "post"), (f"{note}close/", "post")]
    }
    assert set(map(str, documented.values())) == {str({"$ref": "#/components/schemas/BoundaryNote"})}, documented


# --- Location on 201 ------------------------------------------------------------------------


def test_a_create_answers_201_with_the_location_of_the_new_resource(api, admin):
    response = api.as_(admin).post("/api/v1/teams/", {"name": "Estuary", "setting": "community"}, format="json")
    assert response.status_code == 201, response.json()
    team = Team.objects.get(name="Estuary")
    assert response["Location"] == f"http://testserver/api/v1/teams/{team.pk}/"
    assert api.get(response["Location"]).json()["id"] == str(team.pk)


def test_editing_a_published_role_answers_201_with_the_new_versions_location(api, manager, riverside):
    client = api.as_(manager)
    v1 = client.post("/api/v1/role-definitions/", {**ROLE, "team": str(riverside.pk)}, format="json").json()
    assert client.post(f"/api/v1/role-definitions/{v1['id']}/publish/").status_code == 200
    response = client.patch(f"/api/v1/role-definitions/{v1['id']}/", {"title": "Peer Navigator II"}, format="json")
    assert response.status_code == 201
    v2 = RoleDefinition.objects.get(lineage=v1["lineage"], version=2)
    assert response.json()["id"] == str(v2.pk)
    assert response["Location"] == f"http://testserver/api/v1/role-definitions/{v2.pk}/"


def test_an_entry_without_its_own_url_is_located_at_the_list_that_shows_it(api, peer):
    client = api.as_(peer)
    note = client.post(
        "/api/v1/boundary-notes/",
        {
            "category": "other",
            "situation": "Asked to lend money.",
            "occurred_on": str(org_today(peer.organisation)),
            "risk": "low",
        },
        format="json",
    )
    assert note.status_code == 201, note.json()
    assert note["Location"].endswith(f"/api/v1/boundary-notes/{note.json()['id']}/")
    follow_up = client.post(
        f"/api/v1/boundary-notes/{note.json()['id']}/follow-ups/", {"body": "Talked."}, format="json"
    )
    assert follow_up.status_code == 201, follow_up.json()
    assert follow_up["Location"] == f"http://testserver/api/v1/boundary-notes/{note.json()['id']}/follow-ups/"


# --- the schema itself ----------------------------------------------------------------------


def test_the_live_schema_is_valid_openapi(schema):
    validate(schema)  # raises, naming the place, on any violation of the OpenAPI 3 specification


def test_a_blank_choice_the_server_answers_is_in_the_answers_enum(schema):
    components = schema["components"]["schemas"]
    for name in ("perspective", "reception"):
        refs = [option["$ref"].rsplit("/", 1)[1] for option in components["Reflection"]["properties"][name]["oneOf"]]
        assert "" in [value for ref in refs for value in components[ref]["enum"]], name


def test_a_locked_out_sign_in_says_when_to_retry(api, peer, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/v1/auth/token/", {"username": peer.username, "password": f"wrong {attempt}"})
    response = api.post("/api/v1/auth/token/", {"username": peer.username, "password": "wrong again"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()


def test_fields_only_some_readers_get_are_optional_in_the_answers_schema(schema):
    components = schema["components"]["schemas"]
    assert not {"evidence", "evidence_details", "sign_offs"} & set(components["Assessment"]["required"])
    assert not {"certificate", "certificate_name"} & set(components["TrainingRecord"]["required"])
    assert {"evidence", "sign_offs"} <= set(components["Assessment"]["properties"])
