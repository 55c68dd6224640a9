"""Wellbeing through the API: check-ins are private (own only; a supervisor reads only the
ones shared with them, audited; managers and admins never), and stepping away pauses
supervision."""

from datetime import timedelta

import pytest

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.supervision.models import Agreement
from apps.wellbeing.models import CheckIn, StepAway
from tests.wellbeing.factories import CheckInFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/wellbeing/check-ins/"
PRIVATE = "Struggling after a hard shift."
SHARED = "Would like to talk on Thursday."


@pytest.fixture
def check_ins(everyone):
    peer = everyone["peer"]
    private = CheckInFactory(organisation=peer.organisation, author=peer, mood=2, note=PRIVATE)
    shared = CheckInFactory(
        organisation=peer.organisation, author=peer, mood=3, note=SHARED, share_with_supervisor=True
    )
    return private, shared


def test_a_worker_records_a_check_in_and_author_comes_from_the_signed_in_user(api, everyone):
    refused = api.as_(everyone["peer"]).post(
        URL, {"mood": 4, "note": "Good day", "author": str(everyone["peer2"].pk)}, format="json"
    )
    assert refused.status_code == 400 and "author" in refused.json()
    assert not CheckIn.objects.exists()
    response = api.as_(everyone["peer"]).post(URL, {"mood": 4, "note": "Good day"}, format="json")
    assert response.status_code == 201, response.json()
    check_in = CheckIn.objects.get()
    assert check_in.author == everyone["peer"] and check_in.share_with_supervisor is False
    assert AuditEvent.objects.filter(target_id=check_in.pk, action="create").exists()


@pytest.mark.parametrize("mood", [0, 6, "happy", None])
def test_mood_is_1_to_5(api, everyone, mood):
    response = api.as_(everyone["peer"]).post(URL, {"mood": mood}, format="json")
    assert response.status_code == 400
    assert "mood" in response.json()


@pytest.mark.parametrize("persona", ["peer", "supervisor", "manager", "admin", "peer2", "outsider"])
def test_everyone_lists_only_their_own_check_ins(api, everyone, check_ins, persona):
    response = api.as_(everyone[persona]).get(URL)
    assert response.status_code == 200
    notes = {row["note"] for row in response.json()["results"]}
    assert notes == ({PRIVATE, SHARED} if persona == "peer" else set())


# persona → what ``?shared_with_me=true`` shows
SHARED_WITH = {
    "supervisor": {SHARED},
    "manager": set(),  # never, even for their own team
    "admin": set(),  # never
    "peer": set(),
    "peer2": set(),
    "clinician": set(),
    "other_manager": set(),
    "harbour_peer": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("persona", SHARED_WITH)
def test_only_the_supervisor_reads_check_ins_shared_with_them(api, everyone, check_ins, persona):
    response = api.as_(everyone[persona]).get(URL, {"shared_with_me": "true"})
    assert response.status_code == 200
    assert {row["note"] for row in response.json()["results"]} == SHARED_WITH[persona]
    assert PRIVATE not in response.content.decode()


def test_a_supervisor_reading_shared_check_ins_is_audited(api, everyone, check_ins):
    private, shared = check_ins
    api.as_(everyone["supervisor"]).get(URL, {"shared_with_me": "true"})
    reads = AuditEvent.objects.filter(action="read")
    assert [(e.target_id, e.actor, e.subject) for e in reads] == [(shared.pk, everyone["supervisor"], everyone["peer"])]


def test_check_ins_have_no_other_routes(api, everyone, check_ins):
    private, _ = check_ins
    client = api.as_(everyone["peer"])
    assert client.get(f"{URL}{private.pk}/").status_code in (404, 405)
    # PATCH changes only who reads it (tests/wellbeing/test_reshare.py): mood and note stay.
    assert client.patch(f"{URL}{private.pk}/", {"mood": 5}, format="json").status_code == 400
    assert CheckIn.objects.get(pk=private.pk).mood == 2
    assert client.delete(f"{URL}{private.pk}/").status_code in (404, 405)


def test_check_in_list_query_count_is_constant(api, everyone, check_ins, django_assert_num_queries):
    client = api.as_(everyone["supervisor"])
    client.get(URL, {"shared_with_me": "true"})
    # session, user, caps.supervisee_ids, COUNT, the page (authors joined), one INSERT of audit rows
    with django_assert_num_queries(6):
        client.get(URL, {"shared_with_me": "true"})


# --- stepping away -------------------------------------------------------------------------


def test_stepping_away_pauses_agreements_and_tells_supervisors_without_the_message(api, everyone):
    peer = everyone["peer"]
    until = org_today(peer.organisation) + timedelta(days=14)
    response = api.as_(peer).post(
        "/api/v1/workers/me/step-away/", {"until": until.isoformat(), "message": "Need rest."}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "stepped_away", "stepped_away_until": until.isoformat()}
    peer.refresh_from_db()
    assert (peer.status, peer.stepped_away_until) == (User.Status.STEPPED_AWAY, until)
    agreement = Agreement.objects.get(supervisee=peer)
    url = f"/api/v1/supervision/agreements/{agreement.pk}/"
    assert api.as_(everyone["supervisor"]).get(url).json()["state"] == "paused"
    # The manager is not told anyone stepped away (issue 15): the agreement reads by its dates.
    assert api.as_(everyone["manager"]).get(url).json()["state"] == "overdue"
    told = Notification.objects.get(recipient=everyone["supervisor"], kind="worker_stepped_away")
    assert "rest" not in told.message.lower()
    assert StepAway.objects.get(author=peer).message == "Need rest."


def test_returning_makes_the_worker_active_and_unpauses(api, everyone):
    peer = everyone["peer"]
    until = org_today(peer.organisation) + timedelta(days=7)
    api.as_(peer).post("/api/v1/workers/me/step-away/", {"until": until.isoformat()}, format="json")
    response = api.as_(peer).post("/api/v1/workers/me/return/")
    assert response.status_code == 200
    assert response.json() == {"status": "active", "stepped_away_until": None}
    agreement = Agreement.objects.get(supervisee=peer)
    state = api.as_(everyone["manager"]).get(f"/api/v1/supervision/agreements/{agreement.pk}/").json()["state"]
    assert state == "overdue"  # the due date did not move while away
    assert StepAway.objects.get(author=peer).returned_on == org_today(peer.organisation)


def test_stepping_away_needs_a_future_return_date(api, everyone):
    today = org_today(everyone["peer"].organisation)
    for until in (today, today - timedelta(days=1), today + timedelta(days=400)):
        response = api.as_(everyone["peer"]).post(
            "/api/v1/workers/me/step-away/", {"until": until.isoformat()}, format="json"
        )
        assert response.status_code == 400
        assert "until" in response.json()
    assert api.as_(everyone["peer"]).post("/api/v1/workers/me/step-away/", {}, format="json").status_code == 400


def test_returning_without_having_stepped_away_is_a_400(api, everyone):
    assert api.as_(everyone["peer"]).post("/api/v1/workers/me/return/").status_code == 400


def test_stepping_away_again_changes_the_planned_return(api, everyone):
    peer = everyone["peer"]
    today = org_today(peer.organisation)
    client = api.as_(peer)
    client.post("/api/v1/workers/me/step-away/", {"until": (today + timedelta(days=7)).isoformat()}, format="json")
    client.post("/api/v1/workers/me/step-away/", {"until": (today + timedelta(days=21)).isoformat()}, format="json")
    assert StepAway.objects.filter(author=peer).count() == 1
    assert StepAway.objects.get(author=peer).planned_return_on == today + timedelta(days=21)


def test_step_away_is_only_ever_about_yourself(api, everyone):
    # There is no way to name another worker: the body's worker is ignored.
    until = org_today(everyone["peer"].organisation) + timedelta(days=7)
    api.as_(everyone["manager"]).post(
        "/api/v1/workers/me/step-away/", {"until": until.isoformat(), "worker": str(everyone["peer"].pk)}, format="json"
    )
    everyone["peer"].refresh_from_db()
    assert everyone["peer"].status == "active"
