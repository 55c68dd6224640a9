"""Issue 15, item 6: role blur is caught both ways — in definitions (a clinical-only duty in a
peer role, and a peer-distinct duty in a clinical role) and in who holds a role (a peer worker in
a clinical role, clinical staff in a peer role) — and shown in plain words, never as stems or scores."""

from decimal import Decimal

import pytest
from django.test import Client

from apps.dashboard.selectors import team_dashboard
from apps.roles.models import Duty
from apps.roles.overlaps import (
    CLINICAL_WORKER_IN_PEER_ROLE,
    PEER_DISTINCT_IN_CLINICAL_ROLE,
    PEER_WORKER_IN_CLINICAL_ROLE,
    find_overlaps,
)
from tests.roles.factories import AssignmentFactory, RoleDefinitionFactory

pytestmark = pytest.mark.django_db
C = Duty.Category


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_peer_distinct_duty_in_a_clinical_role_is_a_finding_even_alone(riverside):
    clinical = RoleDefinitionFactory(
        team=riverside, kind="clinical", duties=[("Share lived experience of recovery", C.PEER_DISTINCT)]
    )
    [finding] = find_overlaps([clinical])
    assert finding.kind == PEER_DISTINCT_IN_CLINICAL_ROLE and finding.severity == "attention"
    assert finding.peer_role is None and finding.clinical_duty.description == "Share lived experience of recovery"
    assert "clinical role" in finding.advice and "peer-distinct" in finding.advice


def test_a_peer_distinct_duty_in_a_clinical_role_is_paired_with_the_peer_duty_it_matches(riverside):
    peer = RoleDefinitionFactory(team=riverside, kind="peer", duties=[("Run a hearing voices group", C.SHARED)])
    clinical = RoleDefinitionFactory(
        team=riverside, kind="clinical", duties=[("Run the hearing voices groups", C.PEER_DISTINCT)]
    )
    [finding] = find_overlaps([peer, clinical])
    assert finding.kind == PEER_DISTINCT_IN_CLINICAL_ROLE
    assert (finding.peer_role, finding.clinical_role) == (peer, clinical)


def test_a_peer_worker_in_a_clinical_role_is_a_finding_in_the_api_and_on_the_pages(api, everyone, roles, riverside):
    # Pat, a peer support worker, is given the clinical role for 37.5 hours.
    blur = AssignmentFactory(
        role_definition=roles["clinical_role"], worker=everyone["peer"], hours_per_week=Decimal("37.5")
    )
    body = api.as_(everyone["peer2"]).get(f"/api/v1/teams/{riverside.pk}/role-overlaps/").json()
    [finding] = body["assignment_findings"]
    assert finding["kind"] == PEER_WORKER_IN_CLINICAL_ROLE and finding["assignment"] == str(blur.pk)
    assert finding["worker"]["display_name"] == "Pat Peer" and finding["hours_per_week"] == "37.5"
    assert body["assignment_count"] == 1
    # The team's overlap report, the role's page and the assignment's page all say it.
    sentence = "Pat Peer is a peer support worker and holds the clinical role “Care Coordinator” for 37.5 hours"
    manager = _as(everyone["manager"])
    assert sentence in manager.get(f"/roles/teams/{riverside.pk}/overlaps/").content.decode()
    assert sentence in manager.get(f"/roles/{roles['clinical_role'].pk}/").content.decode()
    assert sentence in _as(everyone["peer"]).get(f"/roles/assignments/{blur.pk}/").content.decode()


def test_clinical_staff_in_a_peer_role_is_a_finding_and_ended_assignments_are_not(api, everyone, roles, riverside):
    held = AssignmentFactory(role_definition=roles["peer_role"], worker=everyone["clinician"])
    body = api.as_(everyone["manager"]).get(f"/api/v1/teams/{riverside.pk}/role-overlaps/").json()
    assert [f["kind"] for f in body["assignment_findings"]] == [CLINICAL_WORKER_IN_PEER_ROLE]
    held.ends_on = held.starts_on
    held.save()
    body = api.as_(everyone["manager"]).get(f"/api/v1/teams/{riverside.pk}/role-overlaps/").json()
    assert body["assignment_findings"] == [] and body["assignment_count"] == 0


def test_the_fixture_team_holds_no_blur_in_its_assignments(api, everyone, roles, riverside):
    # Peers hold the peer role and the clinician the clinical one: nothing to say.
    body = api.as_(everyone["manager"]).get(f"/api/v1/teams/{riverside.pk}/role-overlaps/").json()
    assert body["assignment_findings"] == []
    html = _as(everyone["manager"]).get(f"/roles/teams/{riverside.pk}/overlaps/").content.decode()
    assert "No peer support worker holds a clinical role" in html


def test_pages_show_the_two_duties_side_by_side_in_plain_words_and_the_api_keeps_the_numbers(
    api, everyone, roles, riverside
):
    html = _as(everyone["peer"]).get(f"/roles/{roles['peer_role'].pk}/").content.decode()
    assert "The two duties, side by side" in html
    assert "<q>Help service users develop a recovery plan</q>" in html
    assert "<q>Develop recovery plans with service users</q>" in html
    for jargon in ("Jaccard", "shared terms", "text ratio", "recoveri"):
        assert jargon not in html
    body = api.as_(everyone["peer"]).get(f"/api/v1/teams/{riverside.pk}/role-overlaps/").json()
    similar = next(f for f in body["findings"] if f["similarity"])
    assert set(similar["similarity"]) == {"jaccard", "ratio", "shared_terms"}


def test_the_team_dashboard_counts_blur_in_who_holds_a_role(everyone, roles, riverside):
    before = team_dashboard(everyone["manager"], riverside)["roles"]["overlap_count"]
    AssignmentFactory(role_definition=roles["clinical_role"], worker=everyone["peer"], hours_per_week=Decimal("37.5"))
    after = team_dashboard(everyone["manager"], riverside)["roles"]["overlap_count"]
    assert after == before + 1


def test_assigning_a_clinical_role_to_a_peer_worker_says_so_at_once(everyone, roles, riverside):
    manager = _as(everyone["manager"])
    response = manager.post(
        "/roles/assign/",
        {
            "role_definition": str(roles["clinical_role"].pk),
            "worker": str(everyone["peer2"].pk),
            "hours_per_week": "5",
            "confirm_over_allocation": "on",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "It reaches them as a proposal" in html
    assert "Robin Peer is a peer support worker and holds the clinical role “Care Coordinator” for 5" in html


def test_hours_in_a_finding_and_on_the_role_pages_read_as_people_write_them(api, everyone, roles, riverside):
    """Issue 15: "25 hours", never "25.0" (a Decimal of one place formatted with ``g``)."""
    blur = AssignmentFactory(
        role_definition=roles["clinical_role"], worker=everyone["peer"], hours_per_week=Decimal("25.0")
    )
    manager = _as(everyone["manager"])
    pages = [
        manager.get(f"/roles/teams/{riverside.pk}/overlaps/").content.decode(),
        manager.get(f"/roles/{roles['clinical_role'].pk}/").content.decode(),
        _as(everyone["peer"]).get(f"/roles/assignments/{blur.pk}/").content.decode(),
    ]
    for page in pages:
        assert "“Care Coordinator” for 25 hours a week" in page
        assert "25.0" not in page
    assert f"{roles['clinical_role'].hours_per_week.normalize():f} hours a week" in pages[1]
    # The API keeps its decimal string.
    [finding] = (
        api.as_(everyone["manager"]).get(f"/api/v1/teams/{riverside.pk}/role-overlaps/").json()["assignment_findings"]
    )
    assert finding["hours_per_week"] == "25.0"
