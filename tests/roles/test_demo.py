import pytest

from apps.core.demo import DemoContext
from apps.roles import demo as roles_demo
from apps.roles.models import Assignment, RoleDefinition
from apps.roles.overlaps import CLINICAL_ONLY_IN_PEER_ROLE, SIMILAR_DUTIES, find_overlaps
from apps.roles.selectors import team_published_definitions
from apps.teams import demo as teams_demo

pytestmark = pytest.mark.django_db


def _seed():
    ctx = DemoContext()
    teams_demo.seed(ctx)
    roles_demo.seed(ctx)
    return ctx


def test_demo_roles_overlap_and_have_both_acknowledgement_states():
    ctx = _seed()
    riverside = ctx.teams["riverside"]
    titles = set(RoleDefinition.objects.published().filter(team=riverside).values_list("title", "kind"))
    assert titles == {("Peer Support Worker", "peer"), ("Care Coordinator", "clinical")}
    findings = find_overlaps(team_published_definitions(riverside))
    kinds = {(f.kind, f.peer_duty.description) for f in findings}
    assert (SIMILAR_DUTIES, "Support service users to develop their own recovery plans") in kinds
    assert any(kind == CLINICAL_ONLY_IN_PEER_ROLE for kind, _ in kinds)
    states = {
        a.worker.username: a.acknowledged_at is not None
        for a in Assignment.objects.select_related("worker").filter(team=riverside)
    }
    assert states == {"demo-peer": True, "demo-peer2": False, "demo-clinician": True}


def test_demo_seeding_is_idempotent():
    _seed()
    counts = (RoleDefinition.objects.count(), Assignment.objects.count())
    ctx = _seed()
    assert (RoleDefinition.objects.count(), Assignment.objects.count()) == counts
    assert ctx.created == []
