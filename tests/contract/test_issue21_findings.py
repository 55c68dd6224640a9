"""One test per finding of issue 21 ("An API an integrator can rely on"), each asserting what the
issue asks for. Where another test already proves a finding, it is named in a comment and only
what it leaves out is added here. Also behind these findings: tests/contract/
test_generated_client.py (the generated client imports and runs the team's story alone),
tests/security/test_fuzz.py (schemathesis with every check, three personas) and
tests/contract/test_documented_errors.py (every operation documents its errors)."""

from datetime import timedelta

import pytest
from openapi_spec_validator import validate

from apps.accounts.models import User
from apps.competencies import services as competencies
from apps.competencies.models import Competency
from apps.core.dates import org_today
from apps.teams.models import Membership, Team
from tests.boundaries.factories import BoundaryNoteFactory
from tests.competencies.conftest import load_shipped
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api, admin):
    return api.as_(admin).get("/api/schema/", {"format": "json"}).json()


def _values(schema, component, name):
    """Every value a response property allows: its enum, or its one-of's enums and formats."""
    components = schema["components"]["schemas"]
    prop = components[component]["properties"][name]
    options = [components[o["$ref"].rsplit("/", 1)[1]] if "$ref" in o else o for o in prop.get("oneOf", [prop])]
    return {value for option in options for value in option.get("enum", [option.get("format")])}


# 1. Every write in three body formats ------------------------------------------------------
# Also: test_conventions.py::test_a_form_body_is_a_415_and_creates_nothing and
# ::test_the_schema_documents_one_body_format_per_write_multipart_only_for_uploads;
# test_generated_client.py::test_every_generated_module_imports.


def test_finding_1_a_blank_display_name_is_a_400_as_json_and_a_form_body_a_415_both_changing_nothing(api, admin, peer):
    client = api.as_(admin)
    url = f"/api/v1/workers/{peer.pk}/"
    as_json = client.patch(url, {"display_name": ""}, format="json")
    assert as_json.status_code == 400 and "display_name" in as_json.json()
    as_form = client.patch(url, {"display_name": ""}, format="multipart")
    assert as_form.status_code == 415 and isinstance(as_form.json()["detail"], str)
    peer.refresh_from_db()
    assert peer.display_name  # the same as before: neither format blanked it


# 2. Response enums omit "" ----------------------------------------------------------------
# Also: test_conventions.py::test_a_blank_choice_the_server_answers_is_in_the_answers_enum.


def test_finding_2_a_supervisor_reads_a_reflection_whose_blank_perspective_and_reception_are_in_the_enums(
    api, schema, peer, supervisor
):
    reflection = ReflectionFactory(author=peer, visibility="supervisor")
    body = api.as_(supervisor).get(f"/api/v1/reflections/{reflection.pk}/").json()
    assert (body["perspective"], body["reception"]) == ("", "")
    for name in ("perspective", "reception"):
        assert body[name] in _values(schema, "Reflection", name)


# 3. Fields marked required are absent for some readers -------------------------------------
# Also: test_conventions.py::test_fields_only_some_readers_get_are_optional_in_the_answers_schema.


def test_finding_3_every_required_field_is_in_the_answer_of_a_reader_the_details_are_kept_from(
    api, schema, peer, manager
):
    competency = Competency.objects.get(framework=load_shipped(), code="LE1")
    assessment = competencies.assessment_create(actor=peer, competency=competency, level="developing", evidence=[])
    body = api.as_(manager).get(f"/api/v1/competencies/assessments/{assessment.pk}/").json()
    assert "evidence" not in body and "sign_offs" not in body  # kept from a manager
    required = schema["components"]["schemas"]["Assessment"]["required"]
    assert set(required) <= set(body), set(required) - set(body)


# 4. Boolean filters ignore 1, 0, yes, no ---------------------------------------------------
# Also: test_list_conventions.py::test_a_boolean_filter_refuses_anything_but_true_or_false_naming_it (one filter).


def test_finding_4_every_boolean_filter_of_every_list_refuses_1_0_yes_and_no_naming_it(api, schema, admin):
    client = api.as_(admin)
    filters = [
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        if "get" in operations and "{" not in path
        for parameter in operations["get"].get("parameters", [])
        if parameter["in"] == "query" and parameter["schema"].get("type") == "boolean"
    ]
    assert len(filters) >= 8, filters  # the issue found eight
    for path, name in filters:
        assert client.get(path, {name: "true"}).status_code == 200, (path, name)
        for value in ("1", "0", "yes", "no"):
            response = client.get(path, {name: value})
            assert response.status_code == 400, (path, name, value)
            assert response.json()[name] == ["Must be true or false."], (path, name, value)


# 5. A POST without the trailing slash looks successful ---------------------------------------
# Also: test_conventions.py::test_a_write_without_the_trailing_slash_is_a_404_naming_the_path_and_changes_nothing.


def test_finding_5_a_post_to_any_collection_without_its_slash_is_a_json_404_never_a_redirect(api, schema, admin):
    client = api.as_(admin)
    before = Team.objects.count()
    collections = [path for path, ops in schema["paths"].items() if "post" in ops and "{" not in path]
    assert len(collections) > 15
    for path in collections:
        response = client.post(path.rstrip("/"), {"name": "Slashless"}, format="json")
        assert response.status_code in (404, 405), (path, response.status_code)
        assert response["Content-Type"] == "application/json" and isinstance(response.json()["detail"], str)
    assert Team.objects.count() == before


# 6. Error shapes vary ------------------------------------------------------------------------
# Also: test_conventions.py::test_every_error_body_has_detail_as_a_string,
# ::test_a_domain_error_without_a_field_has_detail_as_a_string_not_a_list, ::test_a_429_says_when_to_retry,
# ::test_a_locked_out_sign_in_says_when_to_retry, and test_documented_errors.py (every 4xx has a body schema).


@pytest.mark.parametrize("page", ["abc", "0", "99"])
def test_finding_6_a_bad_page_on_comments_is_the_documented_400_with_the_error_body(api, schema, peer, page):
    reflection = ReflectionFactory(author=peer)
    response = api.as_(peer).get(f"/api/v1/reflections/{reflection.pk}/comments/", {"page": page})
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str) and response.json()["page"]
    documented = schema["paths"]["/api/v1/reflections/{id}/comments/"]["get"]["responses"]["400"]
    assert documented["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


# 7. Schema imprecision -----------------------------------------------------------------------
# Also: test_conventions.py::test_the_live_schema_is_valid_openapi; test_schema_bounds.py (decimals,
# minItems); test_list_conventions.py (page bounds); test_download_types.py; test_id_filters.py.


def test_finding_7_the_spec_validator_passes_and_a_worker_without_an_email_is_answered_as_documented(
    api, schema, admin, peer
):
    validate(schema)
    User.objects.filter(pk=peer.pk).update(email="")
    body = api.as_(admin).get(f"/api/v1/workers/{peer.pk}/").json()
    # null, never "" (no address; tests/contract/test_worker_email.py)
    assert body["email"] is None and schema["components"]["schemas"]["Worker"]["properties"]["email"]["nullable"]


# 8. Conventions vary ---------------------------------------------------------------------------
# Also: test_list_conventions.py (ordering, date ranges), test_unknown_fields.py, test_conventions.py
# (Location on 201, a published role's PATCH answering 201), tests/workers/test_separation_of_duties.py::
# test_manager_is_refused_before_the_body_is_validated, tests/boundaries/test_api.py::
# test_follow_ups_are_a_paginated_list_like_a_reflections_comments and
# ::test_close_and_review_answer_with_the_note_exactly_as_get_returns_it.


def test_finding_8_follow_ups_come_in_pages_of_the_same_shape_as_comments(api, peer):
    client = api.as_(peer)
    note = BoundaryNoteFactory(author=peer)
    reflection = ReflectionFactory(author=peer)
    follow_ups = client.get(f"/api/v1/boundary-notes/{note.pk}/follow-ups/", {"page_size": 1})
    comments = client.get(f"/api/v1/reflections/{reflection.pk}/comments/", {"page_size": 1})
    assert follow_ups.status_code == comments.status_code == 200
    assert list(follow_ups.json()) == list(comments.json()) == ["count", "next", "previous", "results"]


def test_finding_8_close_and_review_on_a_boundary_note_answer_the_same_fields_as_get(api, peer, supervisor):
    note = BoundaryNoteFactory(author=peer)
    client = api.as_(supervisor)
    reviewed = client.post(f"/api/v1/boundary-notes/{note.pk}/review/", {"response": "Thank you."}, format="json")
    closed = client.post(f"/api/v1/boundary-notes/{note.pk}/close/")
    read = client.get(f"/api/v1/boundary-notes/{note.pk}/")
    assert (reviewed.status_code, closed.status_code, read.status_code) == (200, 200, 200)
    assert set(reviewed.json()) == set(closed.json()) == set(read.json())
    assert closed.json() == read.json() and read.json()["status"] == "closed"


# 9. A team delete with history is a 500 -------------------------------------------------------
# Also: tests/teams/test_api.py::test_deleting_a_team_with_members_is_refused_with_a_409_pointing_at_archive.


def test_finding_9_deleting_a_team_with_history_is_the_documented_409_and_keeps_it_all(api, schema, admin, peer2):
    team = Team.objects.create(organisation=admin.organisation, name="Former team")
    today = org_today(admin.organisation)
    Membership.objects.create(
        team=team, worker=peer2, team_role="member", joined_on=today - timedelta(days=90), left_on=today
    )
    response = api.as_(admin).delete(f"/api/v1/teams/{team.pk}/")
    assert response.status_code == 409 and isinstance(response.json()["detail"], str)
    assert "409" in schema["paths"]["/api/v1/teams/{id}/"]["delete"]["responses"]
    assert Team.objects.filter(pk=team.pk).exists() and Membership.objects.filter(team=team).count() == 1
