"""Who may see which dashboard, for every persona: pages, CSV, print view and API.

Riverside's manager and org admins: 200. Other members of Riverside (peers, supervisor,
clinician): 403 — they can see the team, not its dashboard. Harbour's people and the outsider
of another organisation cannot see Riverside at all: 404.
"""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TEAM_DASHBOARD_STATUS = {
    "manager": 200,
    "admin": 200,
    "supervisor": 403,
    "peer": 403,
    "peer2": 403,
    "clinician": 403,
    "other_manager": 404,
    "harbour_peer": 404,
    "outsider": 404,
}

TEAM_URLS = [
    "/dashboard/teams/{team}/",
    "/dashboard/teams/{team}/print/",
    "/dashboard/teams/{team}/export.csv",
    "/api/v1/teams/{team}/dashboard/",
]

# The overview: admins see every team, managers theirs (one team: straight to its dashboard).
OVERVIEW_STATUS = {
    "manager": 302,
    "other_manager": 302,
    "admin": 200,
    "outsider": 200,
    "supervisor": 403,
    "peer": 403,
    "peer2": 403,
    "clinician": 403,
    "harbour_peer": 403,
}


@pytest.mark.parametrize("persona", sorted(TEAM_DASHBOARD_STATUS))
def test_the_team_dashboard_is_for_the_teams_managers_and_org_admins(everyone, riverside, persona):
    client = Client()
    client.force_login(everyone[persona])

    statuses = {url: client.get(url.format(team=riverside.pk)).status_code for url in TEAM_URLS}

    assert statuses == dict.fromkeys(TEAM_URLS, TEAM_DASHBOARD_STATUS[persona]), persona


@pytest.mark.parametrize("persona", sorted(OVERVIEW_STATUS))
def test_the_overview_is_for_org_admins_and_managers(everyone, persona):
    client = Client()
    client.force_login(everyone[persona])

    assert client.get("/dashboard/").status_code == OVERVIEW_STATUS[persona]
    expected_export = 200 if OVERVIEW_STATUS[persona] != 403 else 403
    assert client.get("/dashboard/export.csv").status_code == expected_export
    assert client.get("/api/v1/dashboard/organisation/").status_code == expected_export


def test_a_manager_of_one_team_goes_straight_to_its_dashboard(everyone, riverside):
    client = Client()
    client.force_login(everyone["manager"])

    assert client.get("/dashboard/")["Location"] == f"/dashboard/teams/{riverside.pk}/"


def test_the_overview_shows_an_org_admin_every_team_and_an_outsider_only_their_own(everyone, riverside, harbour):
    client = Client()
    client.force_login(everyone["admin"])
    names = [t["team"]["name"] for t in client.get("/api/v1/dashboard/organisation/").json()["teams"]]
    assert names == ["Harbour", "Riverside"]

    client.force_login(everyone["outsider"])
    names = [t["team"]["name"] for t in client.get("/api/v1/dashboard/organisation/").json()["teams"]]
    assert names == ["Southbank Team"]


def test_a_manager_of_two_teams_sees_both_side_by_side_and_no_other(everyone, riverside, harbour):
    from apps.teams.models import Membership
    from tests.factories import MembershipFactory, TeamFactory

    third = TeamFactory(organisation=riverside.organisation, name="Estuary")
    MembershipFactory(team=third, worker=everyone["manager"], team_role=Membership.TeamRole.MANAGER)
    client = Client()
    client.force_login(everyone["manager"])

    page = client.get("/dashboard/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Estuary" in html and "Riverside" in html and "Harbour" not in html


def test_anonymous_visitors_are_sent_to_sign_in_or_refused(riverside):
    client = Client()
    assert client.get(f"/dashboard/teams/{riverside.pk}/")["Location"].startswith("/accounts/login/")
    assert client.get(f"/api/v1/teams/{riverside.pk}/dashboard/").status_code in (401, 403)


def test_a_malformed_or_unknown_team_id_is_not_found(everyone):
    client = Client()
    client.force_login(everyone["admin"])
    assert client.get("/dashboard/teams/not-a-uuid/").status_code == 404
    assert client.get("/dashboard/teams/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/api/v1/teams/00000000-0000-0000-0000-000000000000/dashboard/").status_code == 404


def test_the_dashboard_pages_refuse_writes(everyone, riverside):
    client = Client()
    client.force_login(everyone["manager"])
    assert client.post(f"/dashboard/teams/{riverside.pk}/").status_code == 405
    assert client.post(f"/api/v1/teams/{riverside.pk}/dashboard/").status_code == 405
