"""The dashboard costs the same number of queries however many workers a team has: measured with
N workers and with 3N, each with an agreement and sessions, a step-away, notes, reflections, a
role, assessments and training records. The selector and the API are pinned exactly; the pages
are compared N against 3N (their header runs other apps' navigation predicates)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.competencies import services as competency_services
from apps.competencies.models import Competency
from apps.core.dates import org_today
from apps.dashboard.selectors import dashboards, team_dashboard
from apps.teams.models import Membership
from apps.voice.models import Pulse, PulseAnswer
from tests.boundaries.factories import BoundaryNoteFactory
from tests.competencies.factories import AssessmentFactory, TrainingRecordFactory
from tests.dashboard.helpers import hold, stepped_away
from tests.factories import AgreementFactory, MembershipFactory
from tests.reflections.factories import ReflectionFactory
from tests.roles.factories import AssignmentFactory, RoleDefinitionFactory

pytestmark = pytest.mark.django_db

N = 3

# The selector, for one team or several, as an org admin (19):
#   memberships with workers · agreements in force with state · step-away periods (dates) ·
#   sessions in the window with the previous session's date · assignments held today ·
#   their requirement sets · those sets' competencies · the reader's supervisees (caps, asked by
#   the reflections' and competencies' read rules) · current assessment states · training
#   expiring or expired · assigned hours · published roles · their duties · assignments that blur
#   peer and clinical work (issue 15, item 6) · boundary-note counts ·
#   reflection counts · pulses · pulse answer aggregates · released readiness periods (issue 19).
SELECTOR_QUERIES = 19
# One team's dashboard adds its role-drift indicators (issue 18, item 2; apps/dashboard/drift_indicators.py):
#   members with their kinds · agreements in force (who writes notes) · drift snapshots · drift
#   findings · "asked to do non-peer work" notes · values-check sessions · fidelity answers.
TEAM_SELECTOR_QUERIES = SELECTOR_QUERIES + 7
# A request adds the session and the user (with organisation) and the team; a manager also the
# caps' memberships and the members of the teams they manage (the agreements' read rule).
API_QUERIES = {"admin": TEAM_SELECTOR_QUERIES + 3, "manager": TEAM_SELECTOR_QUERIES + 5}


@pytest.fixture
def setting(riverside, manager):
    """Shared by every worker: a role with required competencies, and a closed pulse."""
    today = org_today(riverside.organisation)
    role = RoleDefinitionFactory(team=riverside, hours_per_week=Decimal("20"))
    competencies = list(Competency.objects.filter(is_active=True, kind="practice").order_by("code")[:3])
    competency_services.role_requirements_set(actor=manager, role_definition=role, competencies=competencies)
    pulse = Pulse.objects.create(
        organisation=riverside.organisation,
        team=riverside,
        opened_by=manager,
        opened_on=today - timedelta(days=30),
        closes_on=today - timedelta(days=2),
    )
    PulseAnswer.objects.bulk_create(PulseAnswer(pulse=pulse, q1=3, q2=3, q3=4, q4=4, q5=5) for _ in range(6))
    return {"role": role, "competencies": competencies, "today": today}


def add_workers(team, count, setting, supervisor):
    today = setting["today"]
    for _ in range(count):
        worker = MembershipFactory(team=team, team_role=Membership.TeamRole.MEMBER).worker
        agreement = AgreementFactory(supervisee=worker, supervisor=supervisor, starts_on=today - timedelta(days=200))
        hold(agreement, on=today - timedelta(days=40))
        hold(agreement, on=today - timedelta(days=5))
        stepped_away(worker, started_on=today - timedelta(days=300), returned_on=today - timedelta(days=290))
        BoundaryNoteFactory(author=worker, category="role_drift", occurred_on=today)
        ReflectionFactory(author=worker, visibility="team", team=team, reception="welcomed", occurred_on=today)
        AssignmentFactory(role_definition=setting["role"], worker=worker, hours_per_week=Decimal("10"))
        AssessmentFactory(worker=worker, competency=setting["competencies"][0])
        TrainingRecordFactory(worker=worker, expires_on=today + timedelta(days=3))


def count(fn):
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def test_the_selector_runs_a_fixed_number_of_queries_for_n_and_3n_workers(admin, riverside, supervisor, setting):
    add_workers(riverside, N, setting, supervisor)
    admin.organisation  # loaded with the session user in a request  # noqa: B018
    at_n = count(lambda: team_dashboard(admin, riverside))
    add_workers(riverside, 2 * N, setting, supervisor)
    from apps.core.capabilities import forget_caps

    forget_caps(admin)
    at_3n = count(lambda: team_dashboard(admin, riverside))

    board = team_dashboard(admin, riverside)
    assert board["member_count"] == 3 * N + 2  # and the manager and the supervisor
    assert board["supervision"]["total"]["counted"] == 2 * 3 * N
    assert at_n == at_3n == TEAM_SELECTOR_QUERIES


def test_several_teams_side_by_side_cost_the_same_as_one(admin, riverside, harbour, supervisor, setting):
    add_workers(riverside, N, setting, supervisor)
    add_workers(harbour, N, setting, supervisor)
    admin.organisation  # noqa: B018

    assert count(lambda: dashboards(admin, [riverside, harbour])) == SELECTOR_QUERIES


def measure(client, url):
    client.get(url)  # the first request of a session records its start (a session write)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("persona", ["manager", "admin"])
def test_the_pages_csv_and_api_do_not_grow_with_the_number_of_workers(
    everyone, riverside, supervisor, setting, persona
):
    client = Client()
    client.force_login(everyone[persona])
    urls = [
        f"/dashboard/teams/{riverside.pk}/",
        f"/dashboard/teams/{riverside.pk}/print/",
        f"/dashboard/teams/{riverside.pk}/export.csv",
        f"/api/v1/teams/{riverside.pk}/dashboard/",
        "/dashboard/export.csv",
    ]
    add_workers(riverside, N, setting, supervisor)
    at_n = {url: measure(client, url) for url in urls}
    add_workers(riverside, 2 * N, setting, supervisor)
    at_3n = {url: measure(client, url) for url in urls}

    assert at_n == at_3n
    assert at_n[f"/api/v1/teams/{riverside.pk}/dashboard/"] == API_QUERIES[persona]
