"""Fidelity checks (issue 18, item 1): a peer worker's own, private by default; shared only
with the supervisors they name (each read audited); managers and org admins never read one."""

import pytest

from apps.audit.models import AuditEvent
from apps.fidelity.models import FidelityAnswer, FidelityCheck
from apps.fidelity.principles import PRINCIPLE_KEYS
from tests.fidelity.conftest import NOTE_MARKER, answers, make_check

pytestmark = pytest.mark.django_db

URL = "/api/v1/fidelity/checks/"


def test_a_peer_worker_records_a_check_private_by_default(api, everyone):
    body = answers("4")
    body["mutuality"] = {"answer": "rather_not_say", "note": NOTE_MARKER}
    response = api.as_(everyone["peer"]).post(URL, {"answers": body}, format="json")
    assert response.status_code == 201, response.json()
    check = FidelityCheck.objects.get()
    assert check.author == everyone["peer"] and not check.share_with_supervisor
    assert not check.readers.exists()
    rows = {a.principle: a for a in FidelityAnswer.objects.filter(fidelity_check=check)}
    assert set(rows) == set(PRINCIPLE_KEYS)
    assert rows["mutuality"].score is None and rows["mutuality"].skipped == "rather_not_say"
    assert rows["mutuality"].note == NOTE_MARKER and rows["hope_recovery"].score == 4
    assert (check.next_due_on - check.taken_on).days == 91
    assert AuditEvent.objects.filter(target_id=check.pk, action="create").exists()
    listed = api.as_(everyone["peer"]).get(URL).json()["results"]
    assert [row["id"] for row in listed] == [str(check.pk)]


@pytest.mark.parametrize(
    "change",
    [
        {"mutuality": {"answer": "5"}},
        {"mutuality": {"answer": "sometimes"}},
        {"mutuality": {"answer": "3", "note": "x" * 1001}},
        {"obedience": {"answer": "3"}},
    ],
)
def test_bad_answers_are_a_400_naming_answers_and_create_nothing(api, everyone, change):
    body = {**answers(), **change}
    response = api.as_(everyone["peer"]).post(URL, {"answers": body}, format="json")
    assert response.status_code == 400 and "answers" in response.json(), response.json()
    assert not FidelityCheck.objects.exists() and not FidelityAnswer.objects.exists()


def test_every_principle_must_be_answered(api, everyone):
    body = answers()
    del body["community"]
    response = api.as_(everyone["peer"]).post(URL, {"answers": body}, format="json")
    assert response.status_code == 400 and "community" in str(response.json()["answers"])
    assert not FidelityCheck.objects.exists()


@pytest.mark.parametrize("persona", ["manager", "clinician", "admin"])
def test_only_peer_workers_take_the_check(api, everyone, persona):
    response = api.as_(everyone[persona]).post(URL, {"answers": answers()}, format="json")
    assert response.status_code == 403
    assert not FidelityCheck.objects.exists()


def test_sharing_with_a_named_supervisor_lets_them_read_it_audited(api, everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    check = make_check(peer, note=NOTE_MARKER)
    detail = f"{URL}{check.pk}/"
    for persona in ("supervisor", "manager", "admin", "peer2", "clinician", "outsider"):
        assert api.as_(everyone[persona]).get(detail).status_code == 404, persona
    response = api.as_(peer).patch(
        detail, {"share_with_supervisor": True, "readers": [str(supervisor.pk)]}, format="json"
    )
    assert response.status_code == 200, response.json()
    check.refresh_from_db()
    assert check.share_with_supervisor and list(check.readers.all()) == [supervisor]
    read = api.as_(supervisor).get(detail)
    assert read.status_code == 200 and NOTE_MARKER in str(read.json())
    assert AuditEvent.objects.filter(target_id=check.pk, action="read", actor=supervisor).count() == 1
    shared = api.as_(supervisor).get(URL, {"shared_with_me": "true"}).json()["results"]
    assert [row["id"] for row in shared] == [str(check.pk)]
    for persona in ("manager", "admin", "peer2"):
        assert api.as_(everyone[persona]).get(detail).status_code == 404, persona
    # Only the author changes who reads it; a refused change changes nothing.
    assert api.as_(supervisor).patch(detail, {"share_with_supervisor": False}, format="json").status_code == 403
    check.refresh_from_db()
    assert check.share_with_supervisor


def test_a_reader_who_is_not_a_current_supervisor_is_refused(api, everyone):
    check = make_check(everyone["peer"])
    response = api.as_(everyone["peer"]).patch(
        f"{URL}{check.pk}/", {"share_with_supervisor": True, "readers": [str(everyone["manager"].pk)]}, format="json"
    )
    assert response.status_code == 400 and "readers" in response.json()
    check.refresh_from_db()
    assert not check.share_with_supervisor and not check.readers.exists()


def test_pages_take_the_check_and_show_the_trend_with_a_table(client, everyone):
    peer = everyone["peer"]
    client.force_login(peer)
    form = {f"answer_{key}": "3" for key in PRINCIPLE_KEYS}
    form["answer_community"] = "not_applicable"
    form["note_mutuality"] = NOTE_MARKER
    response = client.post("/fidelity/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    check = FidelityCheck.objects.get()
    assert check.answers.get(principle="community").skipped == "not_applicable"
    page = client.get("/fidelity/").content.decode()
    assert "my-trend-data" in page and "<table" in page and "Equally shared power" in page
    detail = client.get(f"/fidelity/{check.pk}/").content.decode()
    assert NOTE_MARKER in detail


def test_a_missing_answer_on_the_page_is_a_400_and_saves_nothing(client, everyone):
    client.force_login(everyone["peer"])
    form = {f"answer_{key}": "3" for key in PRINCIPLE_KEYS[:-1]}
    response = client.post("/fidelity/new/", form)
    assert response.status_code == 400 and "Choose an answer" in response.content.decode()
    assert not FidelityCheck.objects.exists()


def test_the_ticked_peer_supervisor_is_not_named_on_a_check_kept_private(client, everyone):
    """The form ticks the peer supervisors for convenience; unshared, nobody is named."""
    client.force_login(everyone["peer"])
    form = {f"answer_{key}": "2" for key in PRINCIPLE_KEYS}
    form["readers"] = [str(everyone["supervisor"].pk)]
    assert client.post("/fidelity/new/", form).status_code == 302
    check = FidelityCheck.objects.get()
    assert not check.share_with_supervisor and not check.readers.exists()
