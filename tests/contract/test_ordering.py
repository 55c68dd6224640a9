"""``ordering`` on lists (issue 21, finding 8; docs/api.md, "Lists"): a list that offers it
documents its fields as an enum in the schema, sorts by the one asked for and then by id (so equal
values keep one order across pages), and answers any other value with a 400 naming ``ordering``;
a list that does not offer it has no such parameter, and ``?ordering=`` there is unknown (a 400)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.teams.models import Team
from apps.wellness_plans.services import plan_save
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

# Lists whose order is fixed, each for a reason: a framework's competencies and a role's
# requirements follow the framework; comments, follow-ups and check-ins read as a conversation
# or a diary, newest (or oldest) first (so do a worker's role-drift snapshots).
WITHOUT_ORDERING = {
    "/api/v1/competencies/frameworks/",
    "/api/v1/competencies/role-requirements/",
    "/api/v1/reflections/{id}/comments/",
    "/api/v1/boundary-notes/{id}/follow-ups/",
    # Conversations about a role (issue 18, item 3): oldest first.
    "/api/v1/role-definitions/{id}/comments/",
    "/api/v1/assignments/{id}/comments/",
    "/api/v1/wellbeing/check-ins/",
    "/api/v1/wellbeing/support-contacts/",
    "/api/v1/fidelity/checks/",
    # A worker's own role-drift snapshots read as a diary, newest first (issue 18, item 2).
    "/api/v1/drift/my-snapshots/",
    # A wellness plan's readers, its versions (newest first) and the plans shared with me: a
    # handful each, in the one order that reads naturally.
    "/api/v1/wellness-plans/mine/readers/",
    "/api/v1/wellness-plans/mine/versions/",
    "/api/v1/wellness-plans/shared-with-me/",
}


@pytest.fixture
def schema(api, admin):
    return api.as_(admin).get("/api/schema/", {"format": "json"}).json()


def _lists(schema):
    """``{path: ordering parameter or None}`` for every paginated list."""
    lists = {}
    for path, operations in schema["paths"].items():
        parameters = {p["name"]: p for p in operations.get("get", {}).get("parameters", [])}
        if "page" in parameters:
            lists[path] = parameters.get("ordering")
    return lists


def test_every_list_documents_its_ordering_fields_or_offers_none(schema):
    lists = _lists(schema)
    assert {path for path, ordering in lists.items() if ordering is None} == WITHOUT_ORDERING
    for path, ordering in lists.items():
        if ordering is None:
            continue
        allowed = ordering["schema"]["enum"]
        fields = [value for value in allowed if not value.startswith("-")]
        assert fields and allowed == [v for f in fields for v in (f, f"-{f}")], path
        assert all(value in ordering["description"] for value in allowed), path


def test_every_documented_ordering_value_is_accepted_and_any_other_is_a_400_naming_ordering(api, admin, schema):
    client = api.as_(admin)
    for path, ordering in _lists(schema).items():
        if ordering is None or "{" in path:
            continue
        for value in ordering["schema"]["enum"]:
            response = client.get(path, {"ordering": value})
            assert response.status_code == 200, (path, value, response.content[:200])
        for bad in ("id", "nonsense", f"{ordering['schema']['enum'][0]},-{ordering['schema']['enum'][0]}"):
            response = client.get(path, {"ordering": bad})
            assert response.status_code == 400 and "ordering" in response.json(), (path, bad)


@pytest.mark.parametrize("path", sorted(p for p in WITHOUT_ORDERING if "{" not in p))
def test_a_list_without_ordering_refuses_the_parameter_as_unknown(api, admin, path):
    plan_save(actor=admin, keeps_well="A walk at lunch")  # "my plan" lists need a plan to list
    response = api.as_(admin).get(path, {"ordering": "created_at"})
    assert response.status_code == 400 and response.json()["ordering"] == ["Unknown query parameter."]


def test_teams_sort_by_the_field_asked_both_ways(api, admin, org):
    for name in ("Beacon", "Anchor", "Cove"):
        TeamFactory(organisation=org, name=name)
    client = api.as_(admin)
    names = [t["name"] for t in client.get("/api/v1/teams/", {"ordering": "name"}).json()["results"]]
    assert names == sorted(names) and len(names) >= 3
    backwards = [t["name"] for t in client.get("/api/v1/teams/", {"ordering": "-name"}).json()["results"]]
    assert backwards == names[::-1]


def test_equal_values_keep_id_order_across_pages(api, admin, org):
    teams = [TeamFactory(organisation=org, name=f"Tie {n}") for n in range(4)]
    Team.objects.filter(pk__in=[t.pk for t in teams]).update(created_at=timezone.now() - timedelta(days=1))
    assert Team.objects.filter(organisation=org).count() == 4
    client = api.as_(admin)
    for ordering in ("created_at", "-created_at"):
        seen = [
            client.get("/api/v1/teams/", {"ordering": ordering, "page_size": 1, "page": page}).json()["results"][0][
                "id"
            ]
            for page in (1, 2, 3, 4)
        ]
        assert seen == sorted(str(t.pk) for t in teams), ordering
