import pytest

from apps.teams.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra_members", [3, 30])
def test_worker_list_query_count_does_not_grow_with_rows(
    api, everyone, riverside, extra_members, django_assert_num_queries
):
    for _ in range(extra_members):
        MembershipFactory(team=riverside, team_role=Membership.TeamRole.MEMBER)
    client = api.as_(everyone["peer"])
    # session, user, caps: memberships, supervisees, supervisors, count, page
    with django_assert_num_queries(7):
        response = client.get("/api/v1/workers/")
    assert response.status_code == 200


@pytest.mark.parametrize("extra_members", [3, 30])
def test_membership_list_query_count_does_not_grow_with_rows(
    api, everyone, riverside, extra_members, django_assert_num_queries
):
    for _ in range(extra_members):
        MembershipFactory(team=riverside)
    client = api.as_(everyone["manager"])
    # session, user, caps: memberships, count, page (team and worker joined)
    with django_assert_num_queries(5):
        response = client.get("/api/v1/memberships/")
    assert response.status_code == 200
