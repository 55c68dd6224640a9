"""Supervision agreements through the API: every persona (spec §2), creation rules, the
overload flag, and "request supervision now"."""

from datetime import timedelta

import pytest
from django.test import override_settings

from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.supervision.models import Agreement
from tests.factories import AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/supervision/agreements/"


@pytest.fixture
def agreement(everyone):
    return Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])


# persona → (read, patch, request)
MATRIX = {
    "peer": (200, 403, 200),
    "supervisor": (200, 403, 403),
    "manager": (200, 200, 403),
    "admin": (200, 200, 403),
    "peer2": (404, 404, 404),
    "clinician": (404, 404, 404),
    "other_manager": (404, 404, 404),
    "harbour_peer": (404, 404, 404),
    "outsider": (404, 404, 404),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_every_persona_against_every_agreement_route(api, everyone, agreement, persona):
    read, patch, request = MATRIX[persona]
    client = api.as_(everyone[persona])
    assert client.get(f"{URL}{agreement.pk}/").status_code == read
    assert client.patch(f"{URL}{agreement.pk}/", {"frequency_days": 14}, format="json").status_code == patch
    assert client.post(f"{URL}{agreement.pk}/request/").status_code == request
    listed = {row["id"] for row in client.get(URL).json()["results"]}
    assert (str(agreement.pk) in listed) == (read == 200)


# persona → status creating an agreement for Robin (peer2, Riverside) with Sam
CREATE = {
    "manager": 201,
    "admin": 201,
    "other_manager": 403,  # Robin is not in Harbour
    "supervisor": 403,
    "peer": 403,
    "peer2": 403,  # nobody sets up their own supervision
    "clinician": 403,
    "harbour_peer": 403,
    "outsider": 400,  # Robin does not exist in Southbank
}


@pytest.mark.parametrize("persona", CREATE)
def test_only_managers_of_the_supervisees_team_and_org_admins_create_agreements(api, everyone, persona):
    body = {
        "supervisee": str(everyone["peer2"].pk),
        "supervisor": str(everyone["supervisor"].pk),
        "kind": "peer",
        "frequency_days": 21,
    }
    response = api.as_(everyone[persona]).post(URL, body, format="json")
    assert response.status_code == CREATE[persona], response.content
    if response.status_code == 201:
        created = Agreement.objects.get(pk=response.json()["id"])
        today = org_today(created.organisation)
        assert created.created_by == everyone[persona]
        assert created.starts_on == today
        assert created.next_due_on == today + timedelta(days=21)
        # Proposed, not in force: both people still have to accept (issue 13).
        assert created.status == Agreement.Status.PROPOSED
        assert response.json()["status"] == "proposed"
        assert response.json()["awaiting_consent_of"] == ["supervisee", "supervisor"]
        assert response.json()["state"] == "paused"
        assert response.json()["supervisor_has_lived_experience"] is True


def test_creating_tells_supervisee_and_supervisor(api, everyone):
    body = {"supervisee": str(everyone["peer2"].pk), "supervisor": str(everyone["clinician"].pk), "kind": "clinical"}
    response = api.as_(everyone["manager"]).post(URL, {**body, "frequency_days": 28}, format="json")
    assert response.status_code == 201
    assert response.json()["supervisor_has_lived_experience"] is False
    proposals = Notification.objects.filter(kind="agreement_proposed")
    assert set(proposals.values_list("recipient", flat=True)) == {everyone["peer2"].pk, everyone["clinician"].pk}
    # Content-free: no names, no dates, only what happened and a link to answer it.
    for message in proposals.values_list("message_template", flat=True):
        assert "Robin" not in message and "Casey" not in message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"supervisor": "self"}, "supervisor"),
        ({"supervisor": "outsider"}, "supervisor"),
        ({"kind": "friendship"}, "kind"),
        ({"frequency_days": 0}, "frequency_days"),
        ({"frequency_days": 400}, "frequency_days"),
        ({"ends_on": "2000-01-01", "starts_on": "2025-01-01"}, "ends_on"),
        ({"supervisee": "not-a-uuid"}, "supervisee"),
    ],
)
def test_bad_agreements_are_a_400_naming_the_field_and_nothing_is_proposed(api, everyone, change, field):
    body = {
        "supervisee": str(everyone["peer2"].pk),
        "supervisor": str(everyone["supervisor"].pk),
        "kind": "peer",
        "frequency_days": 28,
        **change,
    }
    if change.get("supervisor") == "self":
        body["supervisor"] = str(everyone["peer2"].pk)
    if change.get("supervisor") == "outsider":
        body["supervisor"] = str(everyone["outsider"].pk)
    before = set(Agreement.objects.values_list("pk", flat=True))
    response = api.as_(everyone["manager"]).post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert set(Agreement.objects.values_list("pk", flat=True)) == before
    assert not Notification.objects.filter(kind="agreement_proposed").exists()


def test_a_second_open_agreement_of_the_same_kind_between_the_same_people_is_refused_and_not_written(api, everyone):
    body = {
        "supervisee": str(everyone["peer"].pk),
        "supervisor": str(everyone["supervisor"].pk),
        "kind": "peer",
        "frequency_days": 28,
    }
    response = api.as_(everyone["manager"]).post(URL, body, format="json")
    assert response.status_code == 400
    assert "supervisor" in response.json()
    assert Agreement.objects.filter(supervisee=everyone["peer"], supervisor=everyone["supervisor"]).count() == 1


def test_people_and_kind_cannot_be_patched_and_the_agreement_stays_as_it_was(api, everyone, agreement):
    before = (agreement.supervisor_id, agreement.kind, agreement.next_due_on, agreement.updated_at)
    for body in ({"supervisor": str(everyone["clinician"].pk)}, {"kind": "line"}, {"next_due_on": "2030-01-01"}):
        response = api.as_(everyone["manager"]).patch(f"{URL}{agreement.pk}/", body, format="json")
        assert response.status_code == 400
        assert next(iter(body)) in response.json()
        agreement.refresh_from_db()
        assert (agreement.supervisor_id, agreement.kind, agreement.next_due_on, agreement.updated_at) == before


def test_changing_the_frequency_moves_the_due_date(api, everyone, agreement):
    response = api.as_(everyone["manager"]).patch(f"{URL}{agreement.pk}/", {"frequency_days": 90}, format="json")
    assert response.status_code == 200
    assert response.json()["next_due_on"] == (agreement.starts_on + timedelta(days=90)).isoformat()


def test_ending_an_agreement_pauses_it_and_ends_supervisor_rights(api, everyone, agreement):
    yesterday = org_today(agreement.organisation) - timedelta(days=1)
    response = api.as_(everyone["manager"]).patch(
        f"{URL}{agreement.pk}/", {"ends_on": yesterday.isoformat()}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "paused"
    assert api.as_(everyone["supervisor"]).get(f"{URL}{agreement.pk}/").status_code == 200  # still theirs to read
    note_url = "/api/v1/boundary-notes/"
    api.as_(everyone["peer"]).post(
        note_url,
        {"occurred_on": "2025-01-01", "category": "gifts", "situation": "A card", "risk": "low"},
        format="json",
    )
    assert api.as_(everyone["supervisor"]).get(note_url).json()["count"] == 0


def test_list_filters_by_state(api, everyone, agreement):
    # Pat's agreement started 60 days ago, every 28 days, no session: overdue.
    AgreementFactory(
        supervisee=everyone["peer2"],
        supervisor=everyone["supervisor"],
        starts_on=org_today(agreement.organisation) - timedelta(days=1),
        frequency_days=28,
    )
    rows = api.as_(everyone["manager"]).get(URL, {"state": "on_track"}).json()["results"]
    assert [r["supervisee"] for r in rows] == [str(everyone["peer2"].pk)]
    rows = api.as_(everyone["manager"]).get(URL, {"state": "overdue"}).json()["results"]
    assert [r["supervisee"] for r in rows] == [str(everyone["peer"].pk)]
    assert api.as_(everyone["manager"]).get(URL, {"state": "sideways"}).status_code == 400


# --- overload --------------------------------------------------------------------------------


@override_settings(MAX_SUPERVISEES=2)
def test_a_supervisor_over_max_supervisees_is_flagged_to_the_manager(api, everyone, riverside):
    from tests.conftest import _member

    sam = everyone["supervisor"]
    extra = [_member(riverside, "member", username=f"extra{i}") for i in range(2)]
    for person in extra:
        response = api.as_(everyone["manager"]).post(
            URL,
            {"supervisee": str(person.pk), "supervisor": str(sam.pk), "kind": "peer", "frequency_days": 28},
            format="json",
        )
        # Only agreements in force count: both accept.
        for party in (person, sam):
            assert api.as_(party).post(f"{URL}{response.json()['id']}/accept/").status_code == 200
    # Pat + 2 extra = 3 > 2
    assert api.as_(everyone["manager"]).get(f"{URL}{response.json()['id']}/").json()["supervisor_overloaded"] is True
    managers_view = api.as_(everyone["manager"]).get(URL).json()["results"]
    assert all(row["supervisor_overloaded"] for row in managers_view if row["supervisor"] == str(sam.pk))
    # The supervisee is not burdened with their supervisor's caseload.
    pats_view = api.as_(everyone["peer"]).get(URL).json()["results"]
    assert [row["supervisor_overloaded"] for row in pats_view] == [None]


def test_supervisor_at_the_limit_is_not_flagged(api, everyone, agreement):
    body = api.as_(everyone["manager"]).get(f"{URL}{agreement.pk}/").json()
    assert body["supervisor_overloaded"] is False


# --- request supervision now -------------------------------------------------------------------


def test_supervisee_requests_supervision_and_the_supervisor_is_told_at_once(api, everyone, agreement):
    response = api.as_(everyone["peer"]).post(f"{URL}{agreement.pk}/request/")
    assert response.status_code == 200
    assert response.json()["last_requested_at"]
    told = Notification.objects.get(recipient=everyone["supervisor"], kind="supervision_requested")
    assert "Pat Peer" in told.message and told.link == "/supervision/queue/"


def test_supervision_can_be_requested_once_a_day(api, everyone, agreement):
    client = api.as_(everyone["peer"])
    assert client.post(f"{URL}{agreement.pk}/request/").status_code == 200
    again = client.post(f"{URL}{agreement.pk}/request/")
    assert again.status_code == 429
    assert "today" in again.json()["detail"]
    assert Notification.objects.filter(kind="supervision_requested").count() == 1


def test_requesting_under_an_ended_agreement_is_refused(api, everyone, agreement):
    agreement.ends_on = org_today(agreement.organisation) - timedelta(days=1)
    agreement.save()
    assert api.as_(everyone["peer"]).post(f"{URL}{agreement.pk}/request/").status_code == 400


# --- query counts ---------------------------------------------------------------------------------


def test_agreement_list_query_count_does_not_grow_with_agreements(api, everyone, admin, django_assert_num_queries):
    for _ in range(4):
        person = UserFactory(organisation=admin.organisation)
        AgreementFactory(supervisee=person, supervisor=everyone["supervisor"])
    client = api.as_(admin)
    client.get(URL)
    # session, user, COUNT, the page (people joined; state, rank and supervisor load computed in SQL)
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.json()["count"] == 5
