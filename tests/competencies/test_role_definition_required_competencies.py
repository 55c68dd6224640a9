"""``required_competencies`` on role definitions (SPEC §4): written and read with the role
definition itself, through the roles app's hook (apps/roles/extensions.py) and the competencies
service that keeps requirements. Every write is re-read from the database; every refused write
leaves the definition, its duties and its requirements as they were."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.competencies import services
from apps.competencies.models import Competency, RoleRequirementSet
from apps.competencies.selectors import effective_requirement_sets
from apps.core.dates import org_today
from apps.roles.extensions import definition_field_names
from apps.roles.models import Duty, RoleDefinition
from apps.roles.selectors import team_role_overview
from tests.roles.factories import AssignmentFactory, RoleDefinitionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/role-definitions/"
NEW_ROLE = {
    "title": "Peer Navigator",
    "kind": "peer",
    "hours_per_week": "15",
    "duties": [{"description": "Walk alongside people leaving hospital", "category": "peer_distinct"}],
}


@pytest.fixture
def manager_api(api, everyone):
    return api.as_(everyone["manager"])


@pytest.fixture
def ids(shipped):
    """``ids("LE1", "US3")``: the shipped competencies' ids as strings, in the order named."""

    def pick(*codes):
        by_code = {c.code: str(c.pk) for c in Competency.objects.filter(framework=shipped, code__in=codes)}
        return [by_code[code] for code in codes]

    return pick


@pytest.fixture
def published(everyone, riverside, ids):
    """A published peer role requiring LE1, held by the peer."""
    role = RoleDefinitionFactory(team=riverside, title="Peer Support Worker")
    services.role_requirements_set(actor=everyone["manager"], role_definition=role, competencies=ids("LE1"))
    AssignmentFactory(role_definition=role, worker=everyone["peer"])
    return role


def _required_codes(definition) -> list[str]:
    """What the database says ``definition`` requires (its own set or the inherited one)."""
    return [c.code for c in effective_requirement_sets([definition])[definition.pk]]


def _snapshot(definition) -> tuple:
    definition.refresh_from_db()
    return (
        definition.title,
        definition.status,
        list(definition.duties.values_list("description", flat=True)),
        _required_codes(definition),
        RoleDefinition.objects.filter(lineage=definition.lineage).count(),
        RoleRequirementSet.objects.count(),
    )


def test_the_field_is_registered_by_competencies():
    assert "required_competencies" in definition_field_names()


def test_a_new_definition_saves_the_required_competencies_it_is_sent(manager_api, riverside, ids):
    response = manager_api.post(
        URL, {**NEW_ROLE, "team": str(riverside.pk), "required_competencies": ids("US3", "LE1")}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    definition = RoleDefinition.objects.get(pk=body["id"])
    assert sorted(_required_codes(definition)) == ["LE1", "US3"]
    assert sorted(body["required_competencies"]) == sorted(ids("US3", "LE1"))
    assert AuditEvent.objects.filter(target_type="competencies.rolerequirementset", detail="2 competencies").exists()


def test_a_new_definition_without_the_field_requires_nothing_and_writes_no_set(manager_api, riverside):
    body = manager_api.post(URL, {**NEW_ROLE, "team": str(riverside.pk)}, format="json").json()
    assert body["required_competencies"] == []
    assert not RoleRequirementSet.objects.filter(role_definition_id=body["id"]).exists()


def test_reads_return_what_each_version_requires_including_inherited(manager_api, published, ids):
    listed = manager_api.get(URL).json()["results"]
    assert next(d for d in listed if d["id"] == str(published.pk))["required_competencies"] == ids("LE1")
    # A new version starts with its predecessor's requirements (no set of its own yet).
    draft = manager_api.patch(f"{URL}{published.pk}/", {"title": "Peer Support Worker (v2)"}, format="json").json()
    assert draft["version"] == 2 and draft["required_competencies"] == ids("LE1")
    assert manager_api.get(f"{URL}{draft['id']}/").json()["required_competencies"] == ids("LE1")
    assert not RoleRequirementSet.objects.filter(role_definition_id=draft["id"]).exists()


def test_patching_a_published_version_sets_the_new_drafts_requirements_and_leaves_the_published_one(
    manager_api, published, ids
):
    response = manager_api.patch(f"{URL}{published.pk}/", {"required_competencies": ids("LE1", "US3")}, format="json")
    assert response.status_code == 201, response.json()
    draft = RoleDefinition.objects.get(pk=response.json()["id"])
    assert (draft.version, draft.status) == (2, "draft")
    assert sorted(_required_codes(draft)) == ["LE1", "US3"]
    assert _required_codes(published) == ["LE1"]


def test_patching_a_draft_with_an_empty_list_clears_its_requirements(manager_api, riverside, ids):
    body = manager_api.post(
        URL, {**NEW_ROLE, "team": str(riverside.pk), "required_competencies": ids("LE1")}, format="json"
    ).json()
    response = manager_api.patch(f"{URL}{body['id']}/", {"required_competencies": []}, format="json")
    assert response.status_code == 200 and response.json()["required_competencies"] == []
    assert _required_codes(RoleDefinition.objects.get(pk=body["id"])) == []


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(lambda ids, theirs: [str(theirs.pk)], id="another-organisations-competency"),
        pytest.param(lambda ids, theirs: ["7d1e4c5a-0000-4000-8000-000000000000"], id="unknown-id"),
        pytest.param(lambda ids, theirs: ["not-a-uuid"], id="malformed-id"),
        pytest.param(lambda ids, theirs: "LE1", id="not-a-list"),
        pytest.param(lambda ids, theirs: [*ids("US3"), str(theirs.pk)], id="one-bad-among-good"),
    ],
)
def test_a_bad_list_is_a_400_naming_the_field_and_changes_nothing(manager_api, published, ids, theirs, bad):
    before = _snapshot(published)
    events = AuditEvent.objects.count()
    create = manager_api.post(
        URL, {**NEW_ROLE, "team": str(published.team_id), "required_competencies": bad(ids, theirs)}, format="json"
    )
    patch = manager_api.patch(
        f"{URL}{published.pk}/", {"title": "Renamed", "required_competencies": bad(ids, theirs)}, format="json"
    )
    for response in (create, patch):
        assert response.status_code == 400
        assert "required_competencies" in response.json()
    assert _snapshot(published) == before
    assert not RoleDefinition.objects.filter(title__in=["Peer Navigator", "Renamed"]).exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("persona", "status"), [("supervisor", 403), ("peer", 403), ("other_manager", 404), ("outsider", 404)]
)
def test_only_the_teams_managers_change_what_a_role_requires(api, everyone, published, ids, persona, status):
    before = _snapshot(published)
    response = api.as_(everyone[persona]).patch(
        f"{URL}{published.pk}/", {"required_competencies": ids("US3")}, format="json"
    )
    assert response.status_code == status
    assert _snapshot(published) == before


def test_a_retired_version_keeps_its_requirements(manager_api, everyone, published, ids):
    published.status = RoleDefinition.Status.RETIRED
    published.save(update_fields=["status"])
    before = _snapshot(published)
    response = manager_api.patch(f"{URL}{published.pk}/", {"required_competencies": ids("US3")}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    assert _snapshot(published) == before


def test_the_editor_page_offers_the_required_competencies_and_saves_them(client, everyone, riverside, ids):
    client.force_login(everyone["manager"])
    page = client.get(reverse("roles:role-create"))
    assert page.status_code == 200
    assert 'name="required_competencies"' in page.content.decode()
    response = client.post(
        reverse("roles:role-create"),
        {
            "team": str(riverside.pk),
            "title": "Peer Navigator",
            "kind": "peer",
            "hours_per_week": "15",
            "required_competencies": ids("LE1", "US3"),
            "duties-TOTAL_FORMS": "1",
            "duties-INITIAL_FORMS": "0",
            "duties-0-description": "Walk alongside people",
            "duties-0-category": Duty.Category.PEER_DISTINCT,
        },
    )
    assert response.status_code == 302
    definition = RoleDefinition.objects.get(title="Peer Navigator")
    assert sorted(_required_codes(definition)) == ["LE1", "US3"]


def test_the_editor_shows_the_current_requirements_ticked_and_an_untouched_list_stays_inherited(
    client, everyone, published, ids
):
    client.force_login(everyone["manager"])
    page = client.get(reverse("roles:role-edit", args=[published.pk])).content.decode()
    assert f'value="{ids("LE1")[0]}"' in page and "checked" in page.split(f'value="{ids("LE1")[0]}"')[1][:40]
    response = client.post(
        reverse("roles:role-edit", args=[published.pk]),
        {
            "title": "Peer Support Worker",
            "kind": "peer",
            "hours_per_week": "20",
            "required_competencies": ids("LE1"),
            "duties-TOTAL_FORMS": "1",
            "duties-INITIAL_FORMS": "0",
            "duties-0-description": "Share lived experience",
            "duties-0-category": Duty.Category.PEER_DISTINCT,
        },
    )
    assert response.status_code == 302
    draft = RoleDefinition.objects.get(lineage=published.lineage, version=2)
    assert _required_codes(draft) == ["LE1"]
    # Unchanged: inherited from version 1, not written again.
    assert not RoleRequirementSet.objects.filter(role_definition=draft).exists()


def test_the_team_role_overview_shows_what_each_held_role_requires_in_fixed_queries(
    everyone, published, riverside, django_assert_num_queries
):
    # Queries: members; assignments with definitions; duties; newer versions; requirement
    # sets of the lineages and their competencies.
    with django_assert_num_queries(6):
        rows = team_role_overview(riverside, today=org_today(riverside.organisation), with_hours=False)
    held = next(h for row in rows for h in row["roles"] if row["worker"] == everyone["peer"])
    [extra] = held["extras"]
    assert extra["template"] == "competencies/_required_competencies.html"
    assert [c.code for c in extra["value"]] == ["LE1"]
