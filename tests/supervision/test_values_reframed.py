"""The peer-values check, reframed (issue 18, item 4): agreed together, about how the
organisation and the team let the values be lived; the earlier checks kept readable as the
supervisor's own; a team indicator of values "getting in the way", counts only, never below
``VOICE_MIN_GROUP`` distinct workers."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps

from apps.core.dates import org_today
from apps.supervision.models import SupervisionSession
from apps.supervision.values_indicator import SUPPRESSED
from tests.factories import AgreementFactory
from tests.fidelity.conftest import three_more_peers

pytestmark = pytest.mark.django_db

CHANGE_MARKER = "VALUES-CHANGE-TEXT-9Z"
LEGACY_MARKER = "LEGACY-VALUES-NOTE-4K"
migration = importlib.import_module("apps.supervision.migrations.0009_values_check_reframed")


def _session(agreement, *, values_check, days_ago=1):
    session = SupervisionSession.objects.create(
        organisation=agreement.organisation,
        recorded_by=agreement.supervisor,
        held_on=org_today(agreement.organisation) - timedelta(days=days_ago),
        duration_minutes=60,
        functions=["formative"],
        values_check=values_check,
    )
    session.agreements.set([agreement])
    return session


def _joint(*in_the_way):
    return {
        "answers": {**{key: "in_the_way" for key in in_the_way}, "respect": "lived_well"},
        "organisation_could_change": CHANGE_MARKER,
        "agreed_together": True,
    }


def test_earlier_checks_move_to_legacy_unchanged_and_read_as_the_supervisors(api, client, everyone):
    agreement = everyone["peer"].agreements_as_supervisee.get()
    old = {"hope": {"status": "concern", "note": LEGACY_MARKER}}
    session = _session(agreement, values_check=old)
    migration.move_to_legacy(django_apps, None)
    session.refresh_from_db()
    assert session.values_check is None and session.legacy_values_check == old
    body = api.as_(everyone["peer"]).get(f"/api/v1/supervision/sessions/{session.pk}/").json()
    assert body["values_check"] is None and body["legacy_values_check"] == old
    client.force_login(everyone["peer"])
    page = client.get(f"/supervision/sessions/{session.pk}/").content.decode()
    assert "earlier form" in page and "Recorded by the supervisor alone" in page and LEGACY_MARKER in page
    assert "Agreed together in the session" not in page
    # And back, for a rollback.
    migration.move_back(django_apps, None)
    session.refresh_from_db()
    assert session.values_check == old and session.legacy_values_check is None


@pytest.fixture
def five_supervisees(everyone, riverside):
    """Five Riverside peer workers, each under a peer agreement with Sam."""
    people = [everyone["peer"], everyone["peer2"], *three_more_peers(riverside)]
    agreements = []
    for person in people:
        existing = person.agreements_as_supervisee.first()
        agreements.append(existing or AgreementFactory(supervisee=person, supervisor=everyone["supervisor"]))
    return agreements


def test_the_indicator_counts_sessions_naming_a_value_only_from_five_people(
    api, client, everyone, riverside, five_supervisees, settings
):
    settings.VOICE_MIN_GROUP = 5
    url = f"/api/v1/supervision/teams/{riverside.pk}/values/"
    # Four people: nothing shown but the message.
    for agreement in five_supervisees[:4]:
        _session(agreement, values_check=_joint("shared_power"))
    _session(five_supervisees[0], values_check=_joint("shared_power", "voluntary"))
    latest = api.as_(everyone["manager"]).get(url).json()["periods"][-1]
    assert latest["shown"] is False and latest["message"] == SUPPRESSED and latest["sessions"] is None
    assert all(v["in_the_way"] is None for v in latest["values"])
    client.force_login(everyone["manager"])
    team_page = client.get(f"/teams/{riverside.pk}/").content.decode()
    assert "Peer values: what gets in the way here" in team_page and SUPPRESSED in team_page
    # A fifth person: the counts show, and never a text or a name.
    _session(five_supervisees[4], values_check=_joint("shared_power"))
    response = api.as_(everyone["manager"]).get(url)
    latest = response.json()["periods"][-1]
    by_key = {v["peer_value"]: v["in_the_way"] for v in latest["values"]}
    assert latest["shown"] and latest["sessions"] == 6
    assert by_key["shared_power"] == 6 and by_key["voluntary"] == 1 and by_key["respect"] == 0
    body = response.content.decode()
    assert CHANGE_MARKER not in body and "Pat Peer" not in body
    team_page = client.get(f"/teams/{riverside.pk}/").content.decode()
    assert CHANGE_MARKER not in team_page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager", 200), ("admin", 200), ("peer", 200), ("other_manager", 404), ("harbour_peer", 404), ("outsider", 404)],
)
def test_who_reads_the_values_indicator(api, everyone, riverside, persona, status):
    assert api.as_(everyone[persona]).get(f"/api/v1/supervision/teams/{riverside.pk}/values/").status_code == status


def test_managers_never_receive_what_the_organisation_could_change(api, client, everyone, riverside):
    agreement = everyone["peer"].agreements_as_supervisee.get()
    session = _session(agreement, values_check=_joint("equity"))
    assert api.as_(everyone["manager"]).get(f"/api/v1/supervision/sessions/{session.pk}/").status_code == 404
    peer_view = api.as_(everyone["peer"]).get(f"/api/v1/supervision/sessions/{session.pk}/").content.decode()
    assert CHANGE_MARKER in peer_view
    client.force_login(everyone["manager"])
    for url in (
        f"/teams/{riverside.pk}/",
        f"/dashboard/teams/{riverside.pk}/",
        f"/dashboard/teams/{riverside.pk}/export.csv",
    ):
        assert CHANGE_MARKER not in client.get(url).content.decode(), url
