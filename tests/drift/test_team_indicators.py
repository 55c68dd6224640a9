"""Team-level role-drift indicators (dashboard, overlap report, CSV, API): aggregates only, each
figure from at least VOICE_MIN_GROUP people, and a manager never reads a named worker's figure or
any private text."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.boundaries.models import BoundaryNote
from apps.core.dates import org_today
from apps.reminders.services import reminders_scan
from tests.boundaries.factories import BoundaryNoteFactory
from tests.fidelity.conftest import make_check
from tests.supervision.test_values_reframed import _joint, _session

pytestmark = pytest.mark.django_db

NOTE_MARKER = "DRIFT-NOTE-SITUATION-5T"
FIDELITY_MARKER = "DRIFT-FIDELITY-NOTE-8W"
VALUES_MARKER = "VALUES-CHANGE-TEXT-9Z"  # tests.supervision.test_values_reframed.CHANGE_MARKER


def _latest(api, user, team):
    response = api.as_(user).get(f"/api/v1/teams/{team.pk}/drift-indicators/")
    assert response.status_code == 200
    return response.json()["periods"][-1]


def test_each_figure_is_shown_only_from_the_minimum_group(api, everyone, drifting, riverside, settings):
    # Riverside's peer workers: sam (supervisor), pat (25 % peer-distinct) and robin (75 %);
    # measured: pat and robin. Clinical staff measured: casey only.
    today = org_today(riverside.organisation)
    BoundaryNoteFactory(author=everyone["peer"], category=BoundaryNote.Category.ROLE_DRIFT, occurred_on=today)
    reminders_scan()
    manager = everyone["manager"]
    settings.VOICE_MIN_GROUP = 2
    now = _latest(api, manager, riverside)
    assert now["peer_share"] == {"shown": True, "value": 50.0, "message": ""}  # 20 of 40 hours
    assert now["clinical_absorbing"]["shown"] is False and now["clinical_absorbing"]["value"] is None
    # pat: one spell under the line and one clinical-only duty; the managers' copies are not counted again.
    assert now["drift_findings"] == {"shown": True, "value": 2.0, "message": ""}
    assert now["non_peer_work_notes"]["value"] == 1.0
    settings.VOICE_MIN_GROUP = 3
    now = _latest(api, manager, riverside)
    assert now["peer_share"]["shown"] is False and now["peer_share"]["value"] is None
    assert now["drift_findings"]["value"] == 2.0  # three peer workers in the team
    settings.VOICE_MIN_GROUP = 4
    now = _latest(api, manager, riverside)
    assert now["drift_findings"] == {"shown": False, "value": None, "message": now["drift_findings"]["message"]}
    assert now["non_peer_work_notes"]["value"] is None and now["drift_findings"]["message"]
    settings.VOICE_MIN_GROUP = 1
    assert _latest(api, manager, riverside)["clinical_absorbing"]["value"] == 50.0  # the reverse direction


def test_values_concerns_and_fidelity_averages_come_from_their_own_aggregates(
    api, everyone, drifting, riverside, settings
):
    settings.VOICE_MIN_GROUP = 2
    agreement = everyone["peer"].agreements_as_supervisee.get()
    _session(agreement, values_check=_joint("mutuality", "equally_shared_power"))
    make_check(everyone["peer"], score=2, note=FIDELITY_MARKER)
    make_check(everyone["peer2"], score=4)
    now = _latest(api, everyone["manager"], riverside)
    # One worker's session: under the group of two, so not shown; the checks of two workers are.
    assert now["values_concerns"]["shown"] is False and now["values_concerns"]["value"] is None
    assert now["fidelity_average"] == {"shown": True, "value": 3.0, "message": ""}


def test_a_manager_never_reads_a_named_workers_figure_or_private_text(api, client, everyone, drifting, riverside):
    peer, manager = everyone["peer"], everyone["manager"]
    BoundaryNoteFactory(author=peer, category=BoundaryNote.Category.ROLE_DRIFT, situation=NOTE_MARKER)
    make_check(peer, note=FIDELITY_MARKER)
    _session(peer.agreements_as_supervisee.get(), values_check=_joint("mutuality"))
    reminders_scan()
    client.force_login(manager)
    dashboard = client.get(f"/dashboard/teams/{riverside.pk}/").content.decode()
    overlaps = client.get(f"/roles/teams/{riverside.pk}/overlaps/").content.decode()
    csv = client.get(f"/dashboard/teams/{riverside.pk}/export.csv").content.decode()
    printed = client.get(f"/dashboard/teams/{riverside.pk}/print/").content.decode()
    board = json.dumps(api.as_(manager).get(f"/api/v1/teams/{riverside.pk}/dashboard/").json())
    indicators = json.dumps(api.as_(manager).get(f"/api/v1/teams/{riverside.pk}/drift-indicators/").json())
    mine = api.as_(manager).get("/api/v1/drift/my-snapshots/").json()
    shape = client.get("/drift/").content.decode()
    for text in (dashboard, overlaps, csv, printed, board, indicators, shape):
        for marker in (NOTE_MARKER, FIDELITY_MARKER, VALUES_MARKER, "peer_distinct_hours", "below_since"):
            assert marker not in text
    assert "Is the peer role holding?" in dashboard and "Is the peer role holding?" in overlaps
    assert "Is the peer role holding?" in csv and "drift_indicators" in board
    # Under the minimum group (five): no figure of the team's two measured peer workers at all.
    for section in (_section(dashboard), _section(overlaps)):
        assert "%" not in section.split("</thead>")[1].split("</table>")[0]
        assert peer.display_name not in section and everyone["peer2"].display_name not in section
    assert str(peer.pk) not in indicators and peer.display_name not in indicators
    assert mine["count"] == 0 and "Nothing measured yet" in shape


def _section(page):
    start = page.index('id="drift-indicators-heading"')
    return page[start : page.index("</section>", start)]


def test_who_reads_the_team_indicators(api, everyone, drifting, riverside, harbour):
    for who in ("manager", "admin", "peer2", "clinician"):
        assert api.as_(everyone[who]).get(f"/api/v1/teams/{riverside.pk}/drift-indicators/").status_code == 200
    # Another team's member, another organisation: the team is not theirs to see.
    assert api.as_(everyone["harbour_peer"]).get(f"/api/v1/teams/{riverside.pk}/drift-indicators/").status_code == 404
    assert api.as_(everyone["outsider"]).get(f"/api/v1/teams/{riverside.pk}/drift-indicators/").status_code == 404
    assert api.as_(everyone["peer"]).get(f"/api/v1/teams/{harbour.pk}/drift-indicators/").status_code == 404


def test_the_worker_sees_their_own_shape_over_time(api, client, everyone, drifting):
    import time_machine
    from django.utils import timezone

    peer = everyone["peer"]
    reminders_scan()
    with time_machine.travel(timezone.now() + timedelta(days=40), tick=False):
        reminders_scan()
    body = api.as_(peer).get("/api/v1/drift/my-snapshots/").json()
    assert body["count"] == 2 and body["results"][0]["peer_distinct_share"] == 25
    assert body["results"][0]["below_since"] == body["results"][1]["taken_on"]
    assert (
        api.as_(everyone["peer2"]).get("/api/v1/drift/my-snapshots/").json()["results"][0]["peer_distinct_share"] == 75
    )
    client.force_login(peer)
    page = client.get("/drift/").content.decode()
    assert "Peer-distinct: 25%" in page and "Clinical only: 50%" in page and "under 50%" in page
    assert api.as_(peer).get("/api/v1/drift/my-snapshots/?worker=x").status_code == 400


def test_the_indicators_cost_the_same_queries_for_few_and_many_members(api, everyone, drifting, riverside):
    from django.utils import timezone

    from apps.drift.models import DriftSnapshot
    from apps.drift.services import snapshots_take
    from apps.reminders.engine import ScanContext
    from tests.fidelity.conftest import three_more_peers
    from tests.roles.factories import AssignmentFactory

    reminders_scan()
    client = api.as_(everyone["manager"])
    url = f"/api/v1/teams/{riverside.pk}/drift-indicators/"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for worker in three_more_peers(riverside):
        AssignmentFactory(role_definition=drifting["blurred"], worker=worker)
    snapshots_take(ScanContext.build(timezone.now()).today_by_zone)
    assert DriftSnapshot.objects.count() == 6
    assert count() == few == INDICATOR_QUERIES


# session, user (with organisation), team, the reader's memberships (caps) · members with their kinds ·
# agreements in force (who writes notes) · snapshots · findings · notes · values-check sessions ·
# fidelity answers (the last two by the supervision and fidelity apps' own aggregates).
INDICATOR_QUERIES = 11
