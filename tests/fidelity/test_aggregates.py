"""Team and organisation views (issue 18, item 1): aggregates only, and only from at least
``VOICE_MIN_GROUP`` distinct workers; below it the group reads "not enough answers to show
without identifying anyone". Managers receive no private text on any channel (pages, JSON, CSV)."""

import pytest

from apps.fidelity.policies import SUPPRESSED
from tests.fidelity.conftest import NOTE_MARKER, make_check

pytestmark = pytest.mark.django_db

SUPPRESSED_PAGE = "Not enough answers to show without identifying anyone."


def _url(team):
    return f"/api/v1/fidelity/teams/{team.pk}/summary/"


def _latest(summary):
    return summary["periods"][-1]


def test_below_the_minimum_group_nothing_but_the_message_is_shown(
    api, client, everyone, more_peers, riverside, settings
):
    settings.VOICE_MIN_GROUP = 5
    # Four distinct workers, one of them twice: still four people.
    for person in [everyone["peer"], everyone["peer2"], *more_peers[:2]]:
        make_check(person, score=2, note=NOTE_MARKER)
    make_check(everyone["peer"], score=4, note=NOTE_MARKER)
    summary = api.as_(everyone["manager"]).get(_url(riverside)).json()
    latest = _latest(summary)
    assert latest["shown"] is False and latest["workers"] is None and latest["message"] == SUPPRESSED
    assert all(p["average"] is None and p["answered"] is None for p in latest["principles"])
    client.force_login(everyone["manager"])
    page = client.get(f"/fidelity/teams/{riverside.pk}/").content.decode()
    assert SUPPRESSED_PAGE in page and NOTE_MARKER not in page
    team_page = client.get(f"/teams/{riverside.pk}/").content.decode()
    assert "Peer practice" in team_page and SUPPRESSED_PAGE in team_page
    csv = client.get(f"/fidelity/teams/{riverside.pk}/export.csv").content.decode()
    assert SUPPRESSED_PAGE in csv and NOTE_MARKER not in csv


def test_at_the_minimum_group_the_averages_show_without_names_or_notes(
    api, client, everyone, more_peers, riverside, settings
):
    settings.VOICE_MIN_GROUP = 5
    people = [everyone["peer"], everyone["peer2"], *more_peers]
    for n, person in enumerate(people):
        make_check(person, score=1 + n % 4, note=NOTE_MARKER)
    # An earlier check the same quarter does not count: each worker's latest one does.
    make_check(everyone["peer"], days_ago=0, score=4, note=NOTE_MARKER).delete()
    response = api.as_(everyone["manager"]).get(_url(riverside))
    latest = _latest(response.json())
    assert latest["shown"] is True and latest["workers"] == 5
    assert latest["principles"][0]["average"] == pytest.approx((1 + 2 + 3 + 4 + 1) / 5)
    body = response.content.decode()
    for person in people:
        assert person.display_name not in body and str(person.pk) not in body
    assert NOTE_MARKER not in body
    client.force_login(everyone["manager"])
    for url in (f"/fidelity/teams/{riverside.pk}/", f"/fidelity/teams/{riverside.pk}/export.csv"):
        text = client.get(url).content.decode()
        assert NOTE_MARKER not in text, url
        assert "Fid Peer" not in text and "Pat Peer" not in text, url
    # The team page lists its members (as it always has), never a note.
    assert NOTE_MARKER not in client.get(f"/teams/{riverside.pk}/").content.decode()
    assert "summary-trend-data" in client.get(f"/fidelity/teams/{riverside.pk}/").content.decode()


def test_a_principle_answered_by_fewer_than_the_group_is_not_shown(api, everyone, more_peers, riverside, settings):
    settings.VOICE_MIN_GROUP = 5
    people = [everyone["peer"], everyone["peer2"], *more_peers]
    for person in people:
        check = make_check(person, score=3)
    check.answers.filter(principle="community").update(score=None, skipped="not_applicable")
    latest = _latest(api.as_(everyone["manager"]).get(_url(riverside)).json())
    by_key = {p["principle"]: p for p in latest["principles"]}
    assert latest["shown"] and by_key["mutuality"]["average"] == 3
    assert by_key["community"]["average"] is None and by_key["community"]["answered"] is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager", 200), ("admin", 200), ("peer", 200), ("other_manager", 404), ("harbour_peer", 404), ("outsider", 404)],
)
def test_who_reads_the_team_aggregate(api, everyone, riverside, persona, status):
    assert api.as_(everyone[persona]).get(_url(riverside)).status_code == status


def test_the_organisation_view_is_for_org_admins_and_aggregate_only(api, client, everyone, more_peers, settings):
    settings.VOICE_MIN_GROUP = 5
    for person in [everyone["peer"], everyone["peer2"], *more_peers]:
        make_check(person, note=NOTE_MARKER)
    assert api.as_(everyone["manager"]).get("/api/v1/fidelity/organisation/summary/").status_code == 403
    response = api.as_(everyone["admin"]).get("/api/v1/fidelity/organisation/summary/")
    assert response.status_code == 200 and _latest(response.json())["workers"] == 5
    assert NOTE_MARKER not in response.content.decode()
    client.force_login(everyone["admin"])
    assert NOTE_MARKER not in client.get("/fidelity/organisation/").content.decode()


def test_org_admins_set_the_interval_and_due_dates_move(api, everyone):
    check = make_check(everyone["peer"])
    assert (
        api.as_(everyone["manager"])
        .patch("/api/v1/fidelity/settings/", {"interval_days": 60}, format="json")
        .status_code
        == 403
    )
    bad = api.as_(everyone["admin"]).patch("/api/v1/fidelity/settings/", {"interval_days": 5}, format="json")
    assert bad.status_code == 400 and "interval_days" in bad.json()
    check.refresh_from_db()
    assert (check.next_due_on - check.taken_on).days == 91
    ok = api.as_(everyone["admin"]).patch("/api/v1/fidelity/settings/", {"interval_days": 60}, format="json")
    assert ok.status_code == 200 and ok.json() == {"interval_days": 60}
    check.refresh_from_db()
    assert (check.next_due_on - check.taken_on).days == 60
