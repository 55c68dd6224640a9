"""Issue 15, item 12: the People page's status column, and the workers API, shows "Stepped away" only to those the
worker's step-away tells (``Capabilities.is_told_stepped_away`` — their supervisors); managers
and org admins as such see "Active", as the step-away form promised the worker."""

import re

import pytest
from rest_framework.test import APIClient

from apps.core.dates import org_today
from apps.teams.models import Membership
from tests.dashboard.helpers import stepped_away

pytestmark = pytest.mark.django_db


def status_cell(client, viewer, name: str) -> str:
    client.force_login(viewer)
    response = client.get("/people/")
    assert response.status_code == 200
    row = re.search(rf"<tr><td><a [^>]*>{name}</a>.*?</tr>", response.content.decode(), re.S)
    assert row, f"{name} is not listed"
    return re.findall(r"<td>(.*?)</td>", row.group(0), re.S)[3]  # Name, Username, Kind, Status


@pytest.fixture
def away(everyone, riverside):
    stepped_away(everyone["peer"], started_on=org_today(riverside.organisation))
    everyone["peer"].refresh_from_db()
    assert everyone["peer"].status == "stepped_away"
    return everyone["peer"]


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_managers_and_org_admins_see_active(client, everyone, away, who):
    assert status_cell(client, everyone[who], "Pat Peer") == "Active"


def test_the_workers_supervisor_sees_stepped_away(client, everyone, riverside, away):
    # Sam supervises Pat; made a manager of Riverside so the People page is open to them.
    Membership.objects.filter(worker=everyone["supervisor"], team=riverside).update(
        team_role=Membership.TeamRole.MANAGER
    )
    assert status_cell(client, everyone["supervisor"], "Pat Peer") == "Stepped away"
    # Another worker's status is unchanged by the rule.
    assert status_cell(client, everyone["supervisor"], "Robin Peer") == "Active"


def _api_worker(viewer, worker):
    api = APIClient()
    api.force_authenticate(viewer)
    response = api.get(f"/api/v1/workers/{worker.pk}/")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("who", ["manager", "admin", "peer2", "clinician"])
def test_the_api_shows_others_a_worker_who_stepped_away_as_active(everyone, away, who):
    seen = _api_worker(everyone[who], away)
    assert (seen["status"], seen["stepped_away_until"]) == ("active", None)


@pytest.mark.parametrize("who", ["supervisor", "peer"])
def test_the_api_tells_the_worker_and_their_supervisor(everyone, away, who):
    seen = _api_worker(everyone[who], away)
    assert seen["status"] == "stepped_away"
