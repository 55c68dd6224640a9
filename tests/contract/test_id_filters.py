"""Filtering a list by an id the reader cannot see (issue 21, finding 7): an empty list, the same
answer as for an id that matches nothing, never a 400 "Select a valid choice" that told whether
the id exists; a malformed id is still a 400 naming the parameter."""

import uuid

import pytest

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/memberships/", "/api/v1/assignments/"]


@pytest.mark.parametrize("url", LISTS)
def test_filtering_by_another_organisations_team_is_an_empty_list(api, manager, outsider_team, url):
    response = api.as_(manager).get(url, {"team": str(outsider_team.pk)})
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 0 and response.json()["results"] == []


@pytest.mark.parametrize("url", LISTS)
def test_filtering_by_another_organisations_worker_or_an_unknown_id_is_an_empty_list(api, manager, outsider, url):
    client = api.as_(manager)
    for worker in (str(outsider.pk), str(uuid.uuid4())):
        response = client.get(url, {"worker": worker})
        assert response.status_code == 200, response.json()
        assert response.json()["count"] == 0


def test_filtering_by_a_team_the_reader_sees_still_lists_that_teams_rows_only(api, everyone, riverside):
    client = api.as_(everyone["admin"])
    filtered = client.get("/api/v1/memberships/", {"team": str(riverside.pk)}).json()["results"]
    assert filtered and {row["team"] for row in filtered} == {str(riverside.pk)}
    assert len(filtered) < client.get("/api/v1/memberships/").json()["count"]


@pytest.mark.parametrize("url", LISTS)
def test_a_malformed_id_filter_is_still_a_400_naming_it(api, manager, url):
    response = api.as_(manager).get(url, {"team": "not-an-id"})
    assert response.status_code == 400 and "team" in response.json()
