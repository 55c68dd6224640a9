"""Editing people on the People page (issue 15, item 2): contracted hours are an explicit choice
(a number, or "No contracted hours", never a silent 0), a worker with no contracted hours is never
flagged as over them, a team role changes in place through the same service as the API, and
recording that someone left first says what they keep (item 12)."""

import re
from decimal import Decimal

import pytest

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.dashboard.selectors import _hours_row
from apps.roles.selectors import hours_summary
from apps.teams.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

NEW_PERSON = {
    "worker-username": "jo",
    "worker-display_name": "Jo Newcomer",
    "worker-email": "jo@example.invalid",
    "worker-worker_kind": "peer",
    "worker-password": "",
}


def test_adding_a_person_without_choosing_hours_is_refused_naming_the_field(client, everyone):
    client.force_login(everyone["admin"])
    response = client.post("/people/", NEW_PERSON)
    assert response.status_code == 400
    assert "Enter their contracted hours per week, or tick" in response.content.decode()
    assert not User.objects.filter(username="jo").exists()


def test_hours_and_no_contracted_hours_together_are_refused(client, everyone):
    client.force_login(everyone["admin"])
    body = NEW_PERSON | {"worker-contracted_hours_per_week": "20", "worker-no_contracted_hours": "on"}
    response = client.post("/people/", body)
    assert response.status_code == 400 and not User.objects.filter(username="jo").exists()


def test_no_contracted_hours_is_an_explicit_choice_stored_and_shown(client, everyone):
    client.force_login(everyone["admin"])
    response = client.post("/people/", NEW_PERSON | {"worker-no_contracted_hours": "on"})
    assert response.status_code == 302
    jo = User.objects.get(username="jo")
    assert jo.contracted_hours_per_week == 0 and not jo.has_contracted_hours
    listing = client.get("/people/?q=Jo").content.decode()
    assert "No contracted hours" in listing


def test_no_contracted_hours_is_never_over_allocated_but_contracted_hours_are(everyone):
    peer = everyone["peer"]
    peer.contracted_hours_per_week = Decimal(0)
    assert not peer.is_over_contract(Decimal("37.5"))
    assert hours_summary(peer, Decimal("37.5"))["over_allocated"] is False
    assert _hours_row(peer, Decimal("37.5"))["flag"] == "none"
    peer.contracted_hours_per_week = Decimal(20)
    assert peer.is_over_contract(Decimal("20.5")) and not peer.is_over_contract(Decimal(20))
    assert hours_summary(peer, Decimal("20.5"))["over_allocated"] is True
    assert _hours_row(peer, Decimal("20.5"))["flag"] == "over"


def test_manager_sets_no_contracted_hours_on_the_edit_page(client, everyone):
    peer = everyone["peer"]
    client.force_login(everyone["manager"])
    page = client.get(f"/people/{peer.pk}/edit/").content.decode()
    assert 'value="30' in page  # the current hours, not an empty field
    response = client.post(
        f"/people/{peer.pk}/edit/",
        {"display_name": peer.display_name, "worker_kind": "peer", "no_contracted_hours": "on"},
    )
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.contracted_hours_per_week == 0
    assert "No contracted hours" in client.get(f"/people/{peer.pk}/edit/").content.decode()


def test_hours_rule_is_the_services_so_the_api_follows_it(api, everyone):
    peer = everyone["peer"]
    client = api.as_(everyone["manager"])
    response = client.patch(f"/api/v1/workers/{peer.pk}/", {"contracted_hours_per_week": "0.2"}, format="json")
    assert response.status_code == 400 and "contracted_hours_per_week" in response.json()
    peer.refresh_from_db()
    assert peer.contracted_hours_per_week == 30
    response = client.patch(f"/api/v1/workers/{peer.pk}/", {"contracted_hours_per_week": "0"}, format="json")
    assert response.status_code == 200
    peer.refresh_from_db()
    assert peer.contracted_hours_per_week == 0


def _membership(worker, team):
    return Membership.objects.get(worker=worker, team=team, left_on__isnull=True)


def test_manager_changes_a_team_role_in_place(client, everyone, riverside):
    peer = everyone["peer2"]
    before = _membership(peer, riverside)
    client.force_login(everyone["manager"])
    response = client.post(
        f"/people/{peer.pk}/edit/", {"membership": str(before.pk), f"{before.pk}-team_role": "supervisor"}
    )
    assert response.status_code == 302
    after = _membership(peer, riverside)
    assert after.pk == before.pk and after.team_role == "supervisor" and after.left_on is None
    assert Membership.objects.filter(worker=peer, team=riverside).count() == 1  # not removed and re-added
    assert AuditEvent.objects.filter(target_id=str(before.pk), action=AuditEvent.Action.UPDATE).exists()


def test_a_manager_of_another_team_cannot_change_the_role(client, everyone, harbour):
    member = everyone["harbour_peer"]
    membership = _membership(member, harbour)
    client.force_login(everyone["manager"])  # manages Riverside, not Harbour
    response = client.post(
        f"/people/{member.pk}/edit/", {"membership": str(membership.pk), f"{membership.pk}-team_role": "manager"}
    )
    assert response.status_code in (403, 404)
    membership.refresh_from_db()
    assert membership.team_role == "member"


def test_other_manager_sees_the_role_but_no_control_for_a_team_they_do_not_manage(client, everyone, harbour):
    # An org admin's view of a person in two teams shows both; a manager sees a control only for theirs.
    peer = everyone["peer2"]
    MembershipFactory(team=harbour, worker=peer, team_role="member")
    client.force_login(everyone["manager"])
    page = client.get(f"/people/{peer.pk}/edit/").content.decode()
    assert "Team role in Riverside" in page and "Team role in Harbour" not in page
    assert "only this team's managers or an org admin can change it" in page


def test_record_leaving_first_says_what_the_worker_keeps(client, everyone):
    peer = everyone["peer"]
    client.force_login(everyone["manager"])
    page = client.get(f"/people/{peer.pk}/leave/").content.decode()
    assert "What Pat Peer keeps" in page and "pat@example.invalid" in page and "30 days" in page
    peer.refresh_from_db()
    assert peer.status == User.Status.ACTIVE  # looking changes nothing
    response = client.post(f"/people/{peer.pk}/leave/")
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.status == User.Status.LEFT


def test_record_leaving_warns_when_the_worker_cannot_be_sent_their_data(client, everyone):
    peer = everyone["peer"]
    User.objects.filter(pk=peer.pk).update(email="")
    client.force_login(everyone["manager"])
    page = client.get(f"/people/{peer.pk}/leave/").content.decode()
    assert "has no e-mail address" in page and "Download my data" in page


def test_the_team_dashboard_shows_no_contracted_hours_as_none_not_zero(client, everyone, riverside):
    User.objects.filter(pk=everyone["peer"].pk).update(contracted_hours_per_week=Decimal(0))
    client.force_login(everyone["manager"])
    page = client.get(f"/dashboard/teams/{riverside.pk}/").content.decode()
    row = re.search(r'<tr[^>]*><th scope="row">Pat Peer</th>(.*?)</tr>', page, re.S)
    assert row, "Pat Peer has no hours row"
    cells = dict(re.findall(r'<td data-label="(\w+)">(.*?)</td>', row.group(1), re.S))
    assert cells["Contracted"] == "None" and cells["Difference"] == "—"
    assert "No contracted hours" in cells["Allocation"]
