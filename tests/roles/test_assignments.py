"""Assignment rules: team members only, dates, hours and over-allocation, ending, acknowledging."""

from datetime import timedelta
from decimal import Decimal

import pytest

from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.roles.models import Assignment
from apps.roles.selectors import peak_hours
from tests.roles.factories import AssignmentFactory, RoleDefinitionFactory

pytestmark = pytest.mark.django_db


def _assign(client, worker, role, **extra):
    body = {"worker": str(worker.pk), "role_definition": str(role.pk), **extra}
    return client.post("/api/v1/assignments/", body, format="json")


def test_only_current_members_of_the_roles_team_can_be_assigned(api, everyone, roles):
    manager = api.as_(everyone["manager"])
    response = _assign(manager, everyone["harbour_peer"], roles["peer_role"])
    assert response.status_code == 400 and "not a current member" in response.json()["worker"][0]
    response = _assign(manager, everyone["outsider"], roles["peer_role"])
    assert response.status_code == 400 and "worker" in response.json()


def test_hours_default_to_the_roles_hours_and_the_team_comes_from_the_role(api, everyone, roles, riverside):
    response = _assign(api.as_(everyone["manager"]), everyone["clinician"], roles["peer_role"])
    body = response.json()
    assert response.status_code == 201
    assert body["hours_per_week"] == "20.0" and body["team"] == str(riverside.pk)
    assert body["starts_on"] == org_today(riverside.organisation).isoformat()


def test_the_end_cannot_be_before_the_start(api, everyone, roles):
    today = org_today(everyone["manager"].organisation)
    response = _assign(
        api.as_(everyone["manager"]),
        everyone["clinician"],
        roles["peer_role"],
        starts_on=today.isoformat(),
        ends_on=(today - timedelta(days=1)).isoformat(),
    )
    assert response.status_code == 400 and "ends_on" in response.json()


def test_the_same_role_cannot_be_held_twice_at_once(api, everyone, roles):
    response = _assign(api.as_(everyone["manager"]), everyone["peer"], roles["peer_role"])
    assert response.status_code == 400 and "already holds" in response.json()["worker"][0]


def test_over_allocation_is_reported_not_silently_accepted(api, everyone, roles):
    # peer2: contracted 30 h, holds the peer role for 10 h; add the clinical role for 25 h.
    response = _assign(api.as_(everyone["manager"]), everyone["peer2"], roles["clinical_role"], hours_per_week="25")
    assert response.status_code == 201
    body = response.json()
    assert (body["contracted_hours_per_week"], body["assigned_hours_total"], body["over_allocated"]) == (
        "30.0",
        "35.0",
        True,
    )
    listed = api.as_(everyone["peer2"]).get("/api/v1/assignments/").json()["results"]
    assert all(a["over_allocated"] for a in listed)


def test_a_handover_between_roles_is_not_counted_twice():
    today = org_today.__globals__["timezone"].now().date()
    periods = [
        (today - timedelta(days=100), today + timedelta(days=9), Decimal("20")),
        (today + timedelta(days=10), None, Decimal("20")),
    ]
    assert peak_hours(periods, today) == Decimal("20")
    # A later overlap is still caught, and ended assignments do not count.
    periods.append((today + timedelta(days=5), today + timedelta(days=12), Decimal("5")))
    periods.append((today - timedelta(days=50), today - timedelta(days=1), Decimal("30")))
    assert peak_hours(periods, today) == Decimal("25")


def test_ending_an_assignment_keeps_its_history(api, everyone, roles):
    assignment = roles["peer2_assignment"]
    manager = api.as_(everyone["manager"])
    yesterday = org_today(assignment.organisation) - timedelta(days=1)
    response = manager.patch(f"/api/v1/assignments/{assignment.pk}/", {"ends_on": yesterday.isoformat()}, format="json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    ended = manager.get("/api/v1/assignments/", {"state": "ended"}).json()["results"]
    assert [a["id"] for a in ended] == [str(assignment.pk)]
    active = manager.get("/api/v1/assignments/", {"state": "active"}).json()["results"]
    assert str(assignment.pk) not in {a["id"] for a in active}
    # An ended assignment's hours are history.
    response = manager.patch(f"/api/v1/assignments/{assignment.pk}/", {"hours_per_week": "5"}, format="json")
    assert response.status_code == 400 and "hours_per_week" in response.json()


def test_worker_and_role_of_an_assignment_cannot_be_changed(api, everyone, roles):
    assignment = roles["peer_assignment"]
    response = api.as_(everyone["manager"]).patch(
        f"/api/v1/assignments/{assignment.pk}/",
        {"worker": str(everyone["peer2"].pk), "role_definition": str(roles["clinical_role"].pk)},
        format="json",
    )
    assert response.status_code == 400 and {"worker", "role_definition"} <= set(response.json())


def test_acknowledging_records_when_and_is_idempotent(api, everyone, roles):
    assignment = roles["peer_assignment"]
    client = api.as_(everyone["peer"])
    first = client.post(f"/api/v1/assignments/{assignment.pk}/acknowledge/").json()["acknowledged_at"]
    assert first is not None
    second = client.post(f"/api/v1/assignments/{assignment.pk}/acknowledge/").json()["acknowledged_at"]
    assert second == first


def test_the_worker_is_told_about_a_new_assignment_without_sensitive_text(api, everyone, roles):
    _assign(api.as_(everyone["manager"]), everyone["clinician"], roles["peer_role"])
    note = Notification.objects.get(recipient=everyone["clinician"], kind="role_assigned")
    assert "Peer Support Worker" in note.message and note.link.startswith("/roles/")


def test_filters_and_pagination(api, everyone, roles, riverside):
    manager = api.as_(everyone["manager"])
    unacked = manager.get("/api/v1/assignments/", {"acknowledged": "false"}).json()
    assert unacked["count"] == 3
    manager_peer = api.as_(everyone["peer"])
    manager_peer.post(f"/api/v1/assignments/{roles['peer_assignment'].pk}/acknowledge/")
    manager = api.as_(everyone["manager"])
    assert manager.get("/api/v1/assignments/", {"acknowledged": "true"}).json()["count"] == 1
    assert manager.get("/api/v1/assignments/", {"kind": "clinical"}).json()["count"] == 1
    assert manager.get("/api/v1/assignments/", {"worker": str(everyone["peer2"].pk)}).json()["count"] == 1
    page = manager.get("/api/v1/assignments/", {"team": str(riverside.pk), "page_size": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    defs = manager.get("/api/v1/role-definitions/", {"status": "draft"}).json()["results"]
    assert [d["title"] for d in defs] == ["Peer Trainer"]
    assert manager.get("/api/v1/role-definitions/", {"kind": "clinical"}).json()["count"] == 1
    assert manager.get("/api/v1/role-definitions/", {"team": str(riverside.pk)}).json()["count"] == 3


def test_an_org_admin_assigns_in_any_team_of_the_organisation(api, everyone, harbour):
    role = RoleDefinitionFactory(team=harbour)
    response = _assign(api.as_(everyone["admin"]), everyone["harbour_peer"], role)
    assert response.status_code == 201


def test_assigning_to_a_worker_who_has_left_is_refused(api, everyone, roles):
    worker = everyone["clinician"]
    worker.status = "left"
    worker.save()
    response = _assign(api.as_(everyone["manager"]), worker, roles["peer_role"])
    assert response.status_code == 400 and "worker" in response.json()


def test_upcoming_assignments_count_towards_hours_from_their_start(api, everyone, roles):
    today = org_today(everyone["peer"].organisation)
    AssignmentFactory(
        role_definition=roles["clinical_role"],
        worker=everyone["peer"],
        starts_on=today + timedelta(days=30),
        hours_per_week=Decimal("25"),
    )
    body = api.as_(everyone["peer"]).get(f"/api/v1/assignments/{roles['peer_assignment'].pk}/").json()
    assert body["assigned_hours_total"] == "35.0" and body["over_allocated"] is True
