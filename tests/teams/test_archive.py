"""Teams are archived, never deleted (issue 14): nothing cascades, history stays readable."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.roles.models import Assignment, RoleDefinition
from apps.supervision.models import Agreement
from apps.teams.models import Membership, Team
from apps.teams.services import team_archive, team_restore
from tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _held_role(team, worker, *, starts_on):
    """A published role version held by ``worker``: deleting the team used to reach it (a 500)."""
    definition = RoleDefinition.objects.create(
        organisation=team.organisation,
        team=team,
        title="Peer support worker",
        kind="peer",
        hours_per_week=Decimal("20"),
        status=RoleDefinition.Status.PUBLISHED,
    )
    return Assignment.objects.create(
        organisation=team.organisation,
        worker=worker,
        role_definition=definition,
        team=team,
        starts_on=starts_on,
        hours_per_week=Decimal("20"),
    )


def _counts(team):
    return {
        "teams": Team.objects.filter(pk=team.pk).count(),
        "memberships": Membership.objects.filter(team=team).count(),
        "definitions": RoleDefinition.objects.filter(team=team).count(),
        "assignments": Assignment.objects.filter(team=team).count(),
        "agreements": Agreement.objects.count(),
    }


def _state(team):
    """Everything a refused archive must leave as it was."""
    team.refresh_from_db()
    rows = Membership.objects.filter(team=team).order_by("pk").values_list("pk", "left_on")
    return team.archived_at, list(rows), AuditEvent.objects.count()


@pytest.fixture
def emptied_team(org, admin):
    """Every member has left (the former 500: a held role version is protected)."""
    team = TeamFactory(organisation=org, name="Willow")
    today = org_today(org)
    leaver = UserFactory(organisation=org, display_name="Lee Leaver")
    MembershipFactory(team=team, worker=leaver, joined_on=today - timedelta(days=90), left_on=today - timedelta(days=5))
    _held_role(team, leaver, starts_on=today - timedelta(days=90))
    return team


def test_delete_of_a_team_whose_members_all_left_is_a_409_naming_archive_and_deletes_nothing(api, admin, emptied_team):
    before = _counts(emptied_team)
    response = api.as_(admin).delete(f"/api/v1/teams/{emptied_team.pk}/")
    assert response.status_code == 409
    assert "archive" in response.json()["detail"]
    assert _counts(emptied_team) == before
    emptied_team.refresh_from_db()
    assert emptied_team.archived_at is None


def test_archiving_the_former_500_team_cascades_nothing_and_keeps_its_history_readable(api, admin, emptied_team):
    before = _counts(emptied_team)
    response = api.as_(admin).post(f"/api/v1/teams/{emptied_team.pk}/archive/")
    assert response.status_code == 200, response.json()
    assert response.json()["archived_at"] is not None
    assert _counts(emptied_team) == before
    emptied_team.refresh_from_db()
    assert emptied_team.archived_at is not None
    assert emptied_team.archived_by == admin
    # Still readable: the team, its memberships (history) and its role assignments.
    assert api.as_(admin).get(f"/api/v1/teams/{emptied_team.pk}/").json()["name"] == "Willow"
    history = api.as_(admin).get("/api/v1/memberships/", {"team": str(emptied_team.pk)}).json()["results"]
    assert [m["worker_display_name"] for m in history] == ["Lee Leaver"]
    assert Assignment.objects.filter(team=emptied_team).exists()


def test_archive_ends_current_memberships_today_and_cancels_the_one_starting_next_week(
    api, manager, peer, riverside, admin
):
    today = org_today(riverside.organisation)
    newcomer = UserFactory(organisation=riverside.organisation, display_name="Nia Newcomer")
    future = MembershipFactory(team=riverside, worker=newcomer, joined_on=today + timedelta(days=7))
    before = _counts(riverside)

    response = api.as_(manager).post(f"/api/v1/teams/{riverside.pk}/archive/")

    assert response.status_code == 200, response.json()
    assert _counts(riverside) == before  # nothing deleted, the newcomer included
    future.refresh_from_db()
    assert future.left_on == future.joined_on  # cancelled: never in force, still in the history
    current = Membership.objects.get(team=riverside, worker=peer)
    assert current.left_on == today
    assert not Membership.objects.active(today).filter(team=riverside).exists()
    assert not Membership.objects.active(today + timedelta(days=7)).filter(team=riverside).exists()
    details = set(
        AuditEvent.objects.filter(target_type="teams.membership", action="delete").values_list("detail", flat=True)
    )
    assert details == {"team archived", "cancelled: team archived"}
    assert AuditEvent.objects.filter(target_id=riverside.pk, action="update", detail="archived").count() == 1


def test_agreements_of_an_archived_teams_people_are_untouched(api, admin, peer, riverside):
    agreement = Agreement.objects.get(supervisee=peer)
    api.as_(admin).post(f"/api/v1/teams/{riverside.pk}/archive/")
    refreshed = Agreement.objects.get(pk=agreement.pk)
    assert (refreshed.status, refreshed.ends_on) == (agreement.status, agreement.ends_on)


def test_archived_team_leaves_the_list_and_is_listed_with_archived_true(api, admin, riverside, harbour, manager):
    api.as_(admin).post(f"/api/v1/teams/{riverside.pk}/archive/")
    client = api.as_(admin)
    assert [t["name"] for t in client.get("/api/v1/teams/").json()["results"]] == ["Harbour"]
    assert [t["name"] for t in client.get("/api/v1/teams/", {"archived": "true"}).json()["results"]] == ["Riverside"]
    assert [t["name"] for t in client.get("/api/v1/teams/", {"archived": "false"}).json()["results"]] == ["Harbour"]


def test_archived_team_is_refused_as_a_new_members_team(api, admin, riverside, harbour_peer):
    api.as_(admin).post(f"/api/v1/teams/{riverside.pk}/archive/")
    before = Membership.objects.filter(team=riverside).count()
    response = api.as_(admin).post(
        "/api/v1/memberships/", {"team": str(riverside.pk), "worker": str(harbour_peer.pk)}, format="json"
    )
    assert response.status_code == 400
    assert "team" in response.json()
    assert Membership.objects.filter(team=riverside).count() == before


def test_team_of_another_organisation_is_404_to_archive_and_stays_as_it_was(api, admin, outsider_team):
    before = _state(outsider_team)
    assert api.as_(admin).post(f"/api/v1/teams/{outsider_team.pk}/archive/").status_code == 404
    assert api.as_(admin).delete(f"/api/v1/teams/{outsider_team.pk}/").status_code == 404
    assert _state(outsider_team) == before


@pytest.mark.parametrize("who", ["peer", "supervisor", "other_manager"])
def test_who_does_not_manage_the_team_cannot_archive_it_and_nothing_changes(api, everyone, riverside, who):
    before = _state(riverside)
    response = api.as_(everyone[who]).post(f"/api/v1/teams/{riverside.pk}/archive/")
    # Harbour's manager cannot see Riverside (404); its own members can (403).
    assert response.status_code == (404 if who == "other_manager" else 403)
    assert _state(riverside) == before


def test_only_an_org_admin_restores_and_the_team_comes_back_empty(api, admin, manager, riverside):
    api.as_(manager).post(f"/api/v1/teams/{riverside.pk}/archive/")
    # The manager archived their own team: they are no longer in it, so it is now 404 to them.
    before = _state(riverside)
    assert api.as_(manager).post(f"/api/v1/teams/{riverside.pk}/restore/").status_code == 404
    assert _state(riverside) == before

    response = api.as_(admin).post(f"/api/v1/teams/{riverside.pk}/restore/")
    assert response.status_code == 200
    assert response.json()["member_count"] == 0
    riverside.refresh_from_db()
    assert (riverside.archived_at, riverside.archived_by) == (None, None)
    assert not Membership.objects.filter(team=riverside, left_on__isnull=True).exists()


def test_archiving_twice_changes_nothing_the_second_time(api, admin, riverside):
    api.as_(admin).post(f"/api/v1/teams/{riverside.pk}/archive/")
    before = _state(riverside)
    assert api.as_(admin).post(f"/api/v1/teams/{riverside.pk}/archive/").status_code == 200
    assert _state(riverside) == before


def test_archived_team_takes_no_edits(api, admin, riverside):
    api.as_(admin).post(f"/api/v1/teams/{riverside.pk}/archive/")
    response = api.as_(admin).patch(f"/api/v1/teams/{riverside.pk}/", {"description": "x"}, format="json")
    assert response.status_code == 400
    riverside.refresh_from_db()
    assert riverside.description == ""


# --- pages -------------------------------------------------------------------------------------


def test_team_page_offers_archive_to_its_manager_with_a_confirmation_naming_the_consequences(
    client, manager, riverside
):
    client.force_login(manager)
    page = client.get(f"/teams/{riverside.pk}/").content.decode()
    assert "Archive team" in page
    assert "data-confirm=\"Archive Riverside? Everyone's membership ends today" in page
    assert "memberships that have not started are cancelled" in page


def test_team_page_archive_button_archives_and_the_archived_view_lists_it(client, admin, manager, riverside):
    client.force_login(manager)
    response = client.post(f"/teams/{riverside.pk}/archive/")
    assert response.status_code == 302
    riverside.refresh_from_db()
    assert riverside.archived_at is not None
    client.force_login(admin)
    link = f'href="/teams/{riverside.pk}/"'
    assert link not in client.get("/teams/").content.decode()
    assert link in client.get("/teams/archived/").content.decode()
    page = client.get(f"/teams/{riverside.pk}/").content.decode()
    assert "Who was in the team" in page and "Morgan Manager" in page
    assert "Restore team" in page and "Add a member" not in page


def test_team_page_archive_by_a_member_is_403_and_changes_nothing(client, peer, riverside):
    before = _state(riverside)
    client.force_login(peer)
    assert client.post(f"/teams/{riverside.pk}/archive/").status_code == 403
    assert _state(riverside) == before
    assert "Archive team" not in client.get(f"/teams/{riverside.pk}/").content.decode()


def test_the_restore_service_refuses_anyone_but_an_org_admin_even_past_the_views_scope(admin, manager, riverside):
    """The page and API hide an archived team from its former manager (404); the service keeps
    the rule itself, so a new caller that finds the team some other way still cannot restore it."""
    team_archive(actor=manager, team=riverside)
    before = _state(riverside)
    with pytest.raises(PermissionDenied):
        team_restore(actor=manager, team=riverside)
    assert _state(riverside) == before
    assert team_restore(actor=admin, team=riverside).archived_at is None
