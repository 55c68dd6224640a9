"""A role definition lists the competencies it requires; a worker's roles set what they assess."""

import pytest
from django.urls import reverse

from apps.competencies import services
from apps.competencies.models import Competency, RoleRequirementSet
from apps.roles.models import RoleDefinition
from tests.roles.factories import AssignmentFactory, RoleDefinitionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/competencies/role-requirements/"


@pytest.fixture
def peer_role(everyone, riverside):
    role = RoleDefinitionFactory(team=riverside, title="Peer Support Worker")
    AssignmentFactory(role_definition=role, worker=everyone["peer"])
    return role


@pytest.fixture
def codes(shipped):
    def pick(*wanted):
        return [
            str(pk)
            for pk in Competency.objects.filter(framework=shipped, code__in=wanted)
            .order_by("position")
            .values_list("pk", flat=True)
        ]

    return pick


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager", 200),
        ("admin", 200),
        ("supervisor", 403),
        ("peer", 403),
        ("other_manager", 404),
        ("outsider", 404),
    ],
)
def test_a_teams_managers_set_what_its_roles_require(api, everyone, peer_role, codes, persona, status):
    response = api.as_(everyone[persona]).put(
        f"{URL}{peer_role.pk}/", {"competencies": codes("LE1", "BS2", "US3")}, format="json"
    )
    assert response.status_code == status
    if status == 200:
        assert [c["code"] for c in response.json()["competency_details"]] == ["LE1", "BS2", "US3"]
    assert RoleRequirementSet.objects.exists() is (status == 200)


def test_team_members_read_what_a_role_requires(api, everyone, peer_role, codes):
    api.as_(everyone["manager"]).put(f"{URL}{peer_role.pk}/", {"competencies": codes("LE1")}, format="json")
    body = api.as_(everyone["peer2"]).get(f"{URL}?team={peer_role.team_id}").json()
    assert [(r["title"], len(r["competencies"])) for r in body["results"]] == [("Peer Support Worker", 1)]


@pytest.mark.parametrize("bad", [["not-a-uuid"], ["00000000-0000-0000-0000-000000000000"], "LE1"])
def test_unknown_competencies_are_a_400_naming_the_field(api, everyone, peer_role, bad):
    response = api.as_(everyone["manager"]).put(f"{URL}{peer_role.pk}/", {"competencies": bad}, format="json")
    assert response.status_code == 400 and "competencies" in response.json()


def test_a_new_version_inherits_its_predecessors_requirements_until_changed(everyone, peer_role, shipped):
    from apps.competencies.selectors import effective_requirement_sets

    le1, bs2 = (Competency.objects.get(framework=shipped, code=c) for c in ("LE1", "BS2"))
    services.role_requirements_set(actor=everyone["manager"], role_definition=peer_role, competencies=[le1])
    v2 = RoleDefinitionFactory(
        team=peer_role.team,
        title=peer_role.title,
        lineage=peer_role.lineage,
        version=2,
        status=RoleDefinition.Status.DRAFT,
    )
    assert effective_requirement_sets([v2])[v2.pk] == [le1]
    services.role_requirements_set(actor=everyone["manager"], role_definition=v2, competencies=[le1, bs2])
    sets = effective_requirement_sets([peer_role, v2])
    assert sets[peer_role.pk] == [le1]  # the earlier version keeps what it required
    assert sets[v2.pk] == [le1, bs2]


def test_a_retired_version_is_history_and_is_not_changed(everyone, peer_role, shipped):
    from django.core.exceptions import ValidationError

    RoleDefinition.objects.filter(pk=peer_role.pk).update(status=RoleDefinition.Status.RETIRED)
    peer_role.refresh_from_db()
    with pytest.raises(ValidationError):
        services.role_requirements_set(actor=everyone["manager"], role_definition=peer_role, competencies=[])


def test_required_competencies_lead_a_workers_progress_page(client, everyone, peer_role, shipped):
    wanted = list(Competency.objects.filter(framework=shipped, code__in=["LE1", "WT3"]))
    services.role_requirements_set(actor=everyone["manager"], role_definition=peer_role, competencies=wanted)
    client.force_login(everyone["peer"])
    response = client.get(reverse("competencies:my-progress"))
    assert [row["competency"].code for row in response.context["required_rows"]] == ["LE1", "WT3"]
    assert response.context["counts"]["not_assessed"] == 2
    assert "Peer Support Worker" in response.content.decode()


def test_the_team_page_shows_what_each_published_role_requires(client, everyone, peer_role, shipped, riverside):
    wanted = list(Competency.objects.filter(framework=shipped, code__in=["MR2"]))
    services.role_requirements_set(actor=everyone["manager"], role_definition=peer_role, competencies=wanted)
    client.force_login(everyone["peer2"])
    page = client.get(reverse("teams:team-detail", args=[riverside.pk])).content.decode()
    assert "panel-team-competencies" in page and ">MR2<" in page


def test_the_manager_ticks_competencies_on_the_role_requirements_page(client, everyone, peer_role, shipped):
    client.force_login(everyone["manager"])
    url = reverse("competencies:role-requirements", args=[peer_role.pk])
    assert client.get(url).status_code == 200
    le1 = Competency.objects.get(framework=shipped, code="LE1")
    response = client.post(url, {"competencies": [str(le1.pk)]})
    assert response.status_code == 302
    assert list(peer_role.competency_requirements.competencies.all()) == [le1]
    client.force_login(everyone["peer"])
    assert client.post(url, {"competencies": []}).status_code == 403
