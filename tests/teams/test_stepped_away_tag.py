"""Issue 15, item 12: the "stepped away" tag on the team page is shown only to the people the
worker's step-away tells — their supervisors — and to the worker; never to colleagues,
clinicians or managers as such (the step-away form promises only supervisors are told)."""

import pytest

from apps.core.capabilities import caps
from apps.core.dates import org_today
from apps.teams.selectors import stepped_away_shown_to, team_members
from tests.dashboard.helpers import stepped_away

pytestmark = pytest.mark.django_db

TAG = '<span class="tag">stepped away</span>'


@pytest.fixture
def away(everyone, riverside):
    """Pat (supervised by Sam under the personas' peer agreement) has stepped away."""
    stepped_away(everyone["peer"], started_on=org_today(riverside.organisation))
    return everyone["peer"]


def team_page(client, user, team):
    client.force_login(user)
    response = client.get(f"/teams/{team.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index(f"Members of {team.name}") :]  # the members table (the header names the viewer)


@pytest.mark.parametrize("who", ["clinician", "peer2", "manager", "admin"])
def test_colleagues_clinicians_and_managers_are_not_shown_the_tag(client, everyone, riverside, away, who):
    html = team_page(client, everyone[who], riverside)

    assert "Pat Peer" in html and TAG not in html


@pytest.mark.parametrize("who", ["supervisor", "peer"])
def test_the_supervisor_and_the_worker_are_shown_it(client, everyone, riverside, away, who):
    html = team_page(client, everyone[who], riverside)

    row = html[html.index("Pat Peer") :]
    assert row[: row.index("</td>")].endswith(TAG)


def test_the_rule_is_the_capability_and_the_selector_asks_it(everyone, riverside, away):
    members = [m.worker for m in team_members(riverside, on_date=org_today(riverside.organisation))]

    assert caps(everyone["supervisor"]).is_told_stepped_away(away.pk)
    assert not caps(everyone["clinician"]).is_told_stepped_away(away.pk)
    assert stepped_away_shown_to(everyone["supervisor"], members) == {away.pk}
    assert stepped_away_shown_to(everyone["clinician"], members) == set()
    assert stepped_away_shown_to(everyone["manager"], members) == set()
