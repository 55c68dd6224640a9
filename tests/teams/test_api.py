import pytest

from apps.teams.models import Membership, Team

pytestmark = pytest.mark.django_db


def test_member_sees_only_own_teams(api, everyone, riverside, harbour):
    response = api.as_(everyone["peer"]).get("/api/v1/teams/")
    assert response.status_code == 200
    assert [t["name"] for t in response.json()["results"]] == ["Riverside"]


def test_org_admin_sees_every_team_of_the_organisation_only(api, everyone):
    names = [t["name"] for t in api.as_(everyone["admin"]).get("/api/v1/teams/").json()["results"]]
    assert names == ["Harbour", "Riverside"]


def test_team_of_another_organisation_is_404(api, everyone, outsider_team, riverside):
    assert api.as_(everyone["admin"]).get(f"/api/v1/teams/{outsider_team.pk}/").status_code == 404
    assert api.as_(everyone["outsider"]).get(f"/api/v1/teams/{riverside.pk}/").status_code == 404


def test_only_org_admin_creates_teams_and_organisation_comes_from_the_user(api, everyone, other_org):
    body = {"name": "Willow Ward", "setting": "inpatient"}
    assert api.as_(everyone["manager"]).post("/api/v1/teams/", body, format="json").status_code == 403
    refused = api.as_(everyone["admin"]).post(
        "/api/v1/teams/", {**body, "organisation": str(other_org.pk)}, format="json"
    )
    assert refused.status_code == 400 and "organisation" in refused.json()
    assert not Team.objects.filter(name="Willow Ward").exists()
    response = api.as_(everyone["admin"]).post("/api/v1/teams/", body, format="json")
    assert response.status_code == 201, response.json()
    assert Team.objects.get(pk=response.json()["id"]).organisation == everyone["admin"].organisation


def test_duplicate_team_name_is_a_400_naming_the_field(api, everyone, riverside):
    response = api.as_(everyone["admin"]).post("/api/v1/teams/", {"name": "riverside"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


def test_deleting_a_team_with_members_is_refused_with_a_409_pointing_at_archive(api, everyone, riverside):
    before = Membership.objects.filter(team=riverside, left_on__isnull=True).count()
    response = api.as_(everyone["admin"]).delete(f"/api/v1/teams/{riverside.pk}/")
    assert response.status_code == 409
    assert "archive" in response.json()["detail"]
    assert Team.objects.filter(pk=riverside.pk, archived_at__isnull=True).exists()
    assert Membership.objects.filter(team=riverside, left_on__isnull=True).count() == before


def test_deleting_an_empty_team_is_refused_too_teams_are_archived(api, everyone):
    team = Team.objects.create(organisation=everyone["admin"].organisation, name="Empty")
    assert api.as_(everyone["admin"]).delete(f"/api/v1/teams/{team.pk}/").status_code == 409
    assert Team.objects.filter(pk=team.pk, archived_at__isnull=True).exists()


def test_manager_edits_own_team_but_not_another(api, everyone, riverside, harbour):
    client = api.as_(everyone["manager"])
    assert client.patch(f"/api/v1/teams/{riverside.pk}/", {"description": "Hello"}, format="json").status_code == 200
    # Harbour is invisible to Riverside's manager: 404, not 403.
    assert client.patch(f"/api/v1/teams/{harbour.pk}/", {"description": "x"}, format="json").status_code == 404


def test_manager_adds_a_member_of_the_same_organisation(api, everyone, riverside):
    newcomer = everyone["harbour_peer"]
    response = api.as_(everyone["manager"]).post(
        "/api/v1/memberships/",
        {"team": str(riverside.pk), "worker": str(newcomer.pk), "team_role": "member"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Membership.objects.filter(team=riverside, worker=newcomer, left_on__isnull=True).exists()


def test_adding_a_worker_of_another_organisation_is_a_400_on_worker(api, everyone, riverside):
    response = api.as_(everyone["manager"]).post(
        "/api/v1/memberships/", {"team": str(riverside.pk), "worker": str(everyone["outsider"].pk)}, format="json"
    )
    assert response.status_code == 400
    assert "worker" in response.json()


def test_team_of_another_organisation_in_a_create_body_is_a_400_on_team(api, everyone, outsider_team):
    response = api.as_(everyone["manager"]).post(
        "/api/v1/memberships/", {"team": str(outsider_team.pk), "worker": str(everyone["peer2"].pk)}, format="json"
    )
    assert response.status_code == 400
    assert "team" in response.json()


def test_member_cannot_add_members(api, everyone, riverside):
    response = api.as_(everyone["peer"]).post(
        "/api/v1/memberships/", {"team": str(riverside.pk), "worker": str(everyone["harbour_peer"].pk)}, format="json"
    )
    assert response.status_code == 403


def test_manager_of_another_team_cannot_add_to_this_team(api, everyone, riverside):
    response = api.as_(everyone["other_manager"]).post(
        "/api/v1/memberships/", {"team": str(riverside.pk), "worker": str(everyone["harbour_peer"].pk)}, format="json"
    )
    assert response.status_code == 400  # Riverside is not a team Oakley can reference
    assert "team" in response.json()


def test_removing_a_member_keeps_the_history(api, everyone, riverside):
    membership = Membership.objects.get(team=riverside, worker=everyone["peer2"])
    assert api.as_(everyone["manager"]).delete(f"/api/v1/memberships/{membership.pk}/").status_code == 204
    membership.refresh_from_db()
    assert membership.left_on is not None
    active = api.as_(everyone["manager"]).get("/api/v1/memberships/", {"team": str(riverside.pk), "active": "true"})
    assert str(everyone["peer2"].pk) not in {m["worker"] for m in active.json()["results"]}


def test_memberships_list_is_paginated_and_filterable(api, everyone, riverside):
    response = api.as_(everyone["admin"]).get("/api/v1/memberships/", {"team": str(riverside.pk), "page_size": 2})
    body = response.json()
    assert body["count"] == 5 and len(body["results"]) == 2 and body["next"]


def test_a_page_that_does_not_exist_is_a_400_naming_page(api, everyone):
    response = api.as_(everyone["admin"]).get("/api/v1/teams/", {"page": 99})
    assert response.status_code == 400 and "page" in response.json()


def test_created_team_answer_includes_its_member_count(api, everyone):
    response = api.as_(everyone["admin"]).post("/api/v1/teams/", {"name": "Counted"}, format="json")
    assert response.status_code == 201 and response.json()["member_count"] == 0
