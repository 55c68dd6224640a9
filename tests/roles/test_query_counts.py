"""List endpoints and the team pages cost the same number of queries however many roles,
duties and assignments there are: measured at N roles (N duties each) and at 3N.

API endpoints are pinned exactly. The pages are compared N against 3N (and pinned too):
their header runs other apps' navigation predicates, which those apps may change.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.roles.models import Duty
from apps.teams.models import Membership
from tests.factories import MembershipFactory
from tests.roles.factories import AssignmentFactory, RoleDefinitionFactory

pytestmark = pytest.mark.django_db

N = 2


def add_roles(team, count, duties):
    """``count`` published roles with ``duties`` duties each, each held by a new member of ``team``."""
    for i in range(count):
        role = RoleDefinitionFactory(
            team=team,
            kind="peer" if i % 2 else "clinical",
            duties=[(f"Duty {j} of a role about recovery planning", Duty.Category.SHARED) for j in range(duties)],
        )
        member = MembershipFactory(team=team, team_role=Membership.TeamRole.MEMBER).worker
        AssignmentFactory(role_definition=role, worker=member, hours_per_week=Decimal("5"))


def count_queries(client, url):
    client.get(url)  # the first request of a session records its start (a session write)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def measure_at_n_and_3n(team, client, url):
    add_roles(team, N, duties=N)
    at_n = count_queries(client, url)
    add_roles(team, 2 * N, duties=3 * N)
    at_3n = count_queries(client, url)
    return at_n, at_3n


@pytest.fixture
def manager_api(api, everyone):
    return api.as_(everyone["manager"])


@pytest.fixture
def manager_client(everyone):
    client = Client()
    client.force_login(everyone["manager"])
    return client


def test_role_definition_list_query_count_is_constant(manager_api, riverside):
    # session, user, caps: memberships, supervisees; count, page (team joined), duties, consultations
    assert measure_at_n_and_3n(riverside, manager_api, "/api/v1/role-definitions/") == (8, 8)


def test_assignment_list_query_count_is_constant(manager_api, riverside):
    # session, user, caps: memberships, supervisees; count, page (worker, role and team joined),
    # the listed workers' assignments (assigned hours)
    assert measure_at_n_and_3n(riverside, manager_api, "/api/v1/assignments/") == (7, 7)


def test_overlap_report_query_count_is_constant(manager_api, riverside):
    # session, user, caps: memberships; team; published definitions (team joined), their duties;
    # the assignments that blur peer and clinical work (worker and role joined)
    assert measure_at_n_and_3n(riverside, manager_api, f"/api/v1/teams/{riverside.pk}/role-overlaps/") == (7, 7)


def test_team_role_overview_query_count_is_constant(manager_client, riverside):
    # session, user, caps: memberships; team; members; the team's assignments (role joined);
    # their duties; newer published versions; members' assignments (hours); the competencies
    # the held roles require (one query for the page);
    # header: supervision's nav predicate (supervisors, supervisees), unread notifications
    assert measure_at_n_and_3n(riverside, manager_client, f"/roles/teams/{riverside.pk}/") == (13, 13)


def test_team_page_with_the_roles_panel_query_count_is_constant(manager_client, riverside):
    at_n, at_3n = measure_at_n_and_3n(riverside, manager_client, f"/teams/{riverside.pk}/")
    assert at_n == at_3n


def test_role_list_page_query_count_is_constant(manager_client, riverside):
    at_n, at_3n = measure_at_n_and_3n(riverside, manager_client, "/roles/")
    assert at_n == at_3n
