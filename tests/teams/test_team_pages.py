"""Creating and changing a team in the browser (issue 15, item 1): org admins create teams;
a team's managers and org admins change its name, setting and description."""

import pytest

from apps.audit.models import AuditEvent
from apps.teams.models import Team

pytestmark = pytest.mark.django_db


def _state(team):
    team.refresh_from_db()
    return (team.name, team.setting, team.description, team.archived_at)


def test_an_org_admin_with_no_teams_is_offered_to_create_the_first_one(client, admin):
    client.force_login(admin)
    page = client.get("/teams/").content.decode()
    assert 'href="/teams/new/"' in page and "Create a team" in page
    assert "Your organisation has no teams yet" in page
    assert "You are not in any team yet" not in page


def test_an_org_admin_sees_every_team_of_the_organisation_and_no_other(
    client, admin, riverside, harbour, outsider_team
):
    client.force_login(admin)
    page = client.get("/teams/").content.decode()
    assert f'href="/teams/{riverside.pk}/"' in page and f'href="/teams/{harbour.pk}/"' in page
    assert f'href="/teams/{outsider_team.pk}/"' not in page


def test_an_org_admin_creates_a_team_and_is_taken_to_its_page_with_the_next_steps(client, admin, org):
    client.force_login(admin)
    response = client.post("/teams/new/", {"name": "  Hillside ", "setting": "inpatient", "description": "Ward 4."})
    team = Team.objects.get(organisation=org, name="Hillside")
    assert response.status_code == 302 and response["Location"] == f"/teams/{team.pk}/"
    assert (team.setting, team.description, team.archived_at) == ("inpatient", "Ward 4.", None)
    assert AuditEvent.objects.filter(target_id=team.pk, action="create", actor=admin).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Hillside is ready. Next, add its people and choose who manages it." in page
    assert "Next steps for Hillside" in page and 'href="/people/"' in page
    assert f'href="/roles/new/?team={team.pk}"' in page


def test_a_second_team_of_the_same_name_is_refused_naming_the_field_and_nothing_is_created(client, admin, riverside):
    client.force_login(admin)
    response = client.post("/teams/new/", {"name": "riverside", "setting": "community"})
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["A team with this name already exists in your organisation."]
    assert Team.objects.filter(organisation=riverside.organisation).count() == 1


@pytest.mark.parametrize("who", ["manager", "supervisor", "peer", "other_manager"])
def test_nobody_but_an_org_admin_creates_a_team(client, everyone, who):
    client.force_login(everyone[who])
    before = Team.objects.count()
    assert client.get("/teams/new/").status_code == 403
    assert client.post("/teams/new/", {"name": "Shadow team", "setting": "other"}).status_code == 403
    assert Team.objects.count() == before
    assert 'href="/teams/new/"' not in client.get("/teams/").content.decode()


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_the_teams_manager_and_an_org_admin_change_its_name_setting_and_description(client, everyone, riverside, who):
    client.force_login(everyone[who])
    page = client.get(f"/teams/{riverside.pk}/").content.decode()
    assert f'href="/teams/{riverside.pk}/edit/"' in page
    assert client.get(f"/teams/{riverside.pk}/edit/").status_code == 200
    data = {"name": "Riverside North", "setting": "crisis", "description": "Out of hours too."}
    response = client.post(f"/teams/{riverside.pk}/edit/", data)
    assert response.status_code == 302
    assert _state(riverside) == ("Riverside North", "crisis", "Out of hours too.", None)
    event = AuditEvent.objects.get(target_id=riverside.pk, action="update")
    assert event.actor == everyone[who]


def test_saving_the_form_unchanged_writes_nothing(client, manager, riverside):
    client.force_login(manager)
    before = _state(riverside)
    data = {"name": riverside.name, "setting": riverside.setting, "description": riverside.description}
    assert client.post(f"/teams/{riverside.pk}/edit/", data).status_code == 302
    assert _state(riverside) == before
    assert not AuditEvent.objects.filter(target_id=riverside.pk, action="update").exists()


@pytest.mark.parametrize("who", ["supervisor", "peer", "clinician"])
def test_a_member_who_does_not_manage_the_team_cannot_change_it(client, everyone, riverside, who):
    client.force_login(everyone[who])
    before = _state(riverside)
    assert f'href="/teams/{riverside.pk}/edit/"' not in client.get(f"/teams/{riverside.pk}/").content.decode()
    assert client.get(f"/teams/{riverside.pk}/edit/").status_code == 403
    assert client.post(f"/teams/{riverside.pk}/edit/", {"name": "Mine", "setting": "other"}).status_code == 403
    assert _state(riverside) == before


@pytest.mark.parametrize("who", ["other_manager", "outsider"])
def test_a_team_outside_ones_teams_is_404_to_change(client, everyone, riverside, who):
    client.force_login(everyone[who])
    before = _state(riverside)
    assert client.post(f"/teams/{riverside.pk}/edit/", {"name": "Mine", "setting": "other"}).status_code == 404
    assert _state(riverside) == before


def test_renaming_to_another_teams_name_is_refused_and_the_page_keeps_the_saved_name(client, admin, riverside, harbour):
    client.force_login(admin)
    before = _state(riverside)
    response = client.post(f"/teams/{riverside.pk}/edit/", {"name": "HARBOUR", "setting": "community"})
    assert response.status_code == 400
    assert "A team with this name already exists" in response.context["form"].errors["name"][0]
    assert "<h1>Change Riverside</h1>" in response.content.decode()
    assert _state(riverside) == before


def test_an_archived_team_cannot_be_changed_until_it_is_restored(client, admin, riverside):
    client.force_login(admin)
    assert client.post(f"/teams/{riverside.pk}/archive/").status_code == 302
    before = _state(riverside)
    assert f'href="/teams/{riverside.pk}/edit/"' not in client.get(f"/teams/{riverside.pk}/").content.decode()
    assert client.post(f"/teams/{riverside.pk}/edit/", {"name": "Old", "setting": "other"}).status_code == 403
    assert _state(riverside) == before
    assert client.post(f"/teams/{riverside.pk}/restore/").status_code == 302
    assert (
        client.post(f"/teams/{riverside.pk}/edit/", {"name": "Riverside again", "setting": "other"}).status_code == 302
    )
    assert _state(riverside)[:2] == ("Riverside again", "other")
