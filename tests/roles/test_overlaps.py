"""The role overlap report: which findings, naming both roles and both duties."""

import pytest

from apps.roles.models import Duty, RoleDefinition
from apps.roles.overlaps import CLINICAL_ONLY_IN_PEER_ROLE, SIMILAR_DUTIES, find_overlaps
from tests.roles.factories import RoleDefinitionFactory

pytestmark = pytest.mark.django_db
C = Duty.Category


def _report(api, user, team):
    response = api.as_(user).get(f"/api/v1/teams/{team.pk}/role-overlaps/")
    assert response.status_code == 200
    return response.json()


def test_the_report_names_both_roles_and_both_duties(api, everyone, roles, riverside):
    body = _report(api, everyone["peer"], riverside)
    similar = [f for f in body["findings"] if f["kind"] == SIMILAR_DUTIES]
    assert len(similar) == 1
    finding = similar[0]
    assert finding["peer_role"]["title"] == "Peer Support Worker"
    assert finding["peer_duty"]["description"] == "Help service users develop a recovery plan"
    assert finding["clinical_role"]["title"] == "Care Coordinator"
    assert finding["clinical_duty"]["description"] == "Develop recovery plans with service users"
    assert finding["severity"] == "attention"
    assert finding["similarity"]["shared_terms"] == ["develop", "plan", "recovery"]
    assert body["roles_compared"] == 2 and body["count"] == len(body["findings"])
    assert "Jaccard" in body["rule"]


def test_a_clinical_only_duty_in_a_peer_role_is_reported_even_without_a_clinical_counterpart(
    api, everyone, roles, riverside
):
    body = _report(api, everyone["manager"], riverside)
    [finding] = [f for f in body["findings"] if f["kind"] == CLINICAL_ONLY_IN_PEER_ROLE]
    assert finding["peer_duty"]["description"] == "Administer prescribed medication"
    assert finding["peer_duty"]["category"] == "clinical_only"
    assert finding["clinical_role"] is None and finding["clinical_duty"] is None


def test_a_clinical_only_duty_in_a_peer_role_is_paired_with_the_clinical_duty_it_matches(riverside):
    peer = RoleDefinitionFactory(
        team=riverside, kind="peer", duties=[("Administer prescribed medication", C.CLINICAL_ONLY)]
    )
    clinical = RoleDefinitionFactory(
        team=riverside, kind="clinical", duties=[("Administer and review prescribed medication", C.CLINICAL_ONLY)]
    )
    [finding] = find_overlaps([peer, clinical])
    assert finding.kind == CLINICAL_ONLY_IN_PEER_ROLE
    assert (finding.peer_role, finding.clinical_role) == (peer, clinical)
    assert finding.clinical_duty.description == "Administer and review prescribed medication"


def test_duties_both_tagged_shared_are_listed_for_information(riverside):
    peer = RoleDefinitionFactory(team=riverside, kind="peer", duties=[("Attend team meetings", C.SHARED)])
    clinical = RoleDefinitionFactory(team=riverside, kind="clinical", duties=[("Attend the team meetings", C.SHARED)])
    [finding] = find_overlaps([peer, clinical])
    assert finding.severity == "info"


def test_drafts_retired_versions_other_kinds_and_other_teams_are_not_compared(api, everyone, riverside, harbour):
    text = [("Develop recovery plans with service users", C.SHARED)]
    RoleDefinitionFactory(team=riverside, kind="peer", duties=text)
    RoleDefinitionFactory(team=riverside, kind="clinical", duties=text, status=RoleDefinition.Status.DRAFT)
    RoleDefinitionFactory(team=riverside, kind="clinical", duties=text, status=RoleDefinition.Status.RETIRED)
    RoleDefinitionFactory(team=riverside, kind="other", duties=text)
    RoleDefinitionFactory(team=harbour, kind="clinical", duties=text)
    assert _report(api, everyone["manager"], riverside)["findings"] == []


def test_two_peer_roles_are_not_compared_with_each_other(riverside):
    text = [("Develop recovery plans with service users", C.PEER_DISTINCT)]
    a = RoleDefinitionFactory(team=riverside, kind="peer", duties=text)
    b = RoleDefinitionFactory(team=riverside, kind="peer", duties=text)
    assert find_overlaps([a, b]) == []
