"""Unknown body fields are refused, read-only ones sent back are ignored (docs/api.md; issue 21,
finding 8; issue 14). Every write is checked in tests/security/test_bad_input.py."""

import pytest

from apps.roles.models import RoleDefinition
from apps.teams.models import Team
from tests.roles.test_versioning import NEW_ROLE

pytestmark = pytest.mark.django_db


def test_an_unknown_field_is_a_400_naming_it_and_creates_nothing(api, admin):
    response = api.as_(admin).post("/api/v1/teams/", {"name": "Estuary", "colour": "blue"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid input: colour.", "colour": ["Unknown field."]}
    assert not Team.objects.filter(name="Estuary").exists()


def test_read_only_fields_sent_back_are_ignored(api, manager, riverside):
    client = api.as_(manager)
    team = client.get(f"/api/v1/teams/{riverside.pk}/").json()
    response = client.patch(f"/api/v1/teams/{riverside.pk}/", {**team, "name": "Riverside East", "member_count": 99})
    assert response.status_code == 200, response.json()
    riverside.refresh_from_db()
    assert riverside.name == "Riverside East" and str(riverside.pk) == team["id"]


def test_an_unknown_field_inside_a_nested_item_is_named_under_its_list(api, manager, riverside):
    duties = [NEW_ROLE["duties"][0], {**NEW_ROLE["duties"][1], "priority": "high"}]
    response = api.as_(manager).post(
        "/api/v1/role-definitions/", {**NEW_ROLE, "team": str(riverside.pk), "duties": duties}
    )
    assert response.status_code == 400
    assert response.json()["duties"] == {"1": {"priority": ["Unknown field."]}}  # by position in the list
    assert not RoleDefinition.objects.filter(team=riverside).exists()
