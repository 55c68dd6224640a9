"""Supervision sessions through the API: who records and reads them, group sessions, linked
boundary notes, the values check, and how recording moves ``next_due_on``."""

from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.supervision.models import Agreement, SupervisionSession
from tests.boundaries.factories import BoundaryNoteFactory
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/supervision/sessions/"


@pytest.fixture
def agreement(everyone):
    return Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])


@pytest.fixture
def today(org):
    return org_today(org)


def body(covered, today, **overrides):
    data = {
        "agreements": [str(a.pk) for a in covered],
        "held_on": today.isoformat(),
        "duration_minutes": 50,
        "topics": "Sharing my story in first meetings.",
        "functions": ["formative", "restorative"],
        "agreed_actions": "Try a shorter version next time.",
    }
    return {**data, **overrides}


@pytest.fixture
def session(api, everyone, agreement, today):
    response = api.as_(everyone["supervisor"]).post(URL, body([agreement], today), format="json")
    assert response.status_code == 201, response.json()
    return SupervisionSession.objects.get(pk=response.json()["id"])


def test_supervisor_records_a_session_and_the_due_date_moves(api, everyone, agreement, today):
    assert agreement.next_due_on < today  # overdue before
    held = today - timedelta(days=2)
    refused = api.as_(everyone["supervisor"]).post(
        URL, body([agreement], today, held_on=held.isoformat(), recorded_by=str(everyone["manager"].pk)), format="json"
    )
    assert refused.status_code == 400 and "recorded_by" in refused.json()
    assert not SupervisionSession.objects.exists()
    response = api.as_(everyone["supervisor"]).post(
        URL, body([agreement], today, held_on=held.isoformat()), format="json"
    )
    assert response.status_code == 201, response.json()
    session = SupervisionSession.objects.get(pk=response.json()["id"])
    assert session.recorded_by == everyone["supervisor"]
    assert session.functions == ["formative", "restorative"]
    agreement.refresh_from_db()
    assert agreement.next_due_on == held + timedelta(days=28)
    state = api.as_(everyone["peer"]).get(f"/api/v1/supervision/agreements/{agreement.pk}/").json()["state"]
    assert state == "on_track"
    assert AuditEvent.objects.filter(target_id=session.pk, action="create", subject=everyone["peer"]).exists()
    told = Notification.objects.get(recipient=everyone["peer"], kind="session_recorded")
    assert "Sharing" not in told.message


def test_an_older_session_does_not_move_the_due_date_back(api, everyone, agreement, today, session):
    agreement.refresh_from_db()
    due = agreement.next_due_on
    api.as_(everyone["supervisor"]).post(
        URL, body([agreement], today, held_on=(today - timedelta(days=10)).isoformat()), format="json"
    )
    agreement.refresh_from_db()
    assert agreement.next_due_on == due


# persona → status recording a session under Sam's agreement with Pat
RECORD = {
    "supervisor": 201,
    "peer": 403,  # the supervisee cannot record their own supervision
    "manager": 403,  # managers read the state, not record sessions
    "admin": 403,
    # Supervising under no agreement, they may not record at all: 403 before the body is read
    # (docs/api.md, "Permission first"), not a 400 on an agreement id they cannot see.
    "peer2": 403,
    "clinician": 403,
    "other_manager": 403,
    "harbour_peer": 403,
    "outsider": 403,
}


@pytest.mark.parametrize("persona", RECORD)
def test_nobody_records_a_session_under_someone_elses_agreement(api, everyone, agreement, today, persona):
    due = agreement.next_due_on
    response = api.as_(everyone[persona]).post(URL, body([agreement], today), format="json")
    assert response.status_code == RECORD[persona]
    if RECORD[persona] == 400:
        assert "agreements" in response.json()
    if RECORD[persona] != 201:
        assert not SupervisionSession.objects.exists()
        agreement.refresh_from_db()
        assert agreement.next_due_on == due


# persona → (read, patch, delete)
READ = {
    "supervisor": (200, 200, 204),
    "peer": (200, 403, 403),
    "manager": (404, 404, 404),
    "admin": (404, 404, 404),
    "peer2": (404, 404, 404),
    "clinician": (404, 404, 404),
    "other_manager": (404, 404, 404),
    "harbour_peer": (404, 404, 404),
    "outsider": (404, 404, 404),
}


@pytest.mark.parametrize("persona", READ)
def test_sessions_are_read_by_the_supervisor_and_the_supervisee_only(api, everyone, session, persona):
    read, patch, delete = READ[persona]
    client = api.as_(everyone[persona])
    response = client.get(f"{URL}{session.pk}/")
    assert response.status_code == read
    if read == 404:
        assert "Sharing my story" not in response.content.decode()
    listed = {row["id"] for row in client.get(URL).json()["results"]}
    assert (str(session.pk) in listed) == (read == 200)
    assert client.patch(f"{URL}{session.pk}/", {"duration_minutes": 30}, format="json").status_code == patch
    assert client.delete(f"{URL}{session.pk}/").status_code == delete


def test_supervisee_reads_the_record_of_their_session(api, everyone, session):
    record = api.as_(everyone["peer"]).get(f"{URL}{session.pk}/").json()
    assert record["topics"] == "Sharing my story in first meetings."
    assert record["agreed_actions"] == "Try a shorter version next time."
    assert record["recorded_by_display_name"] == "Sam Supervisor"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"held_on": "tomorrow"}, "held_on"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 1000}, "duration_minutes"),
        ({"functions": []}, "functions"),
        ({"functions": ["punitive"]}, "functions"),
        ({"agreements": []}, "agreements"),
        ({"agreements": ["not-a-uuid"]}, "agreements"),
        ({"values_check": {"answers": {"mutuality": "meh"}, "agreed_together": True}}, "values_check"),
        ({"values_check": {"answers": {"obedience": "lived_well"}, "agreed_together": True}}, "values_check"),
        # The earlier shape (the supervisor's upheld / concern about the supervisee) is refused.
        ({"values_check": {"hope": {"status": "upheld"}}}, "values_check"),
        # Agreed together, or not recorded.
        ({"values_check": {"answers": {"mutuality": "in_the_way"}}}, "values_check"),
    ],
)
def test_bad_sessions_are_a_400_naming_the_field_and_nothing_is_recorded(
    api, everyone, agreement, today, change, field
):
    if change.get("held_on") == "tomorrow":
        change = {"held_on": (today + timedelta(days=1)).isoformat()}
    due = agreement.next_due_on
    response = api.as_(everyone["supervisor"]).post(URL, body([agreement], today, **change), format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert not SupervisionSession.objects.exists()
    agreement.refresh_from_db()
    assert agreement.next_due_on == due


def test_a_session_before_the_agreement_started_is_refused_and_not_recorded(api, everyone, agreement, today):
    before = agreement.starts_on - timedelta(days=1)
    response = api.as_(everyone["supervisor"]).post(
        URL, body([agreement], today, held_on=before.isoformat()), format="json"
    )
    assert response.status_code == 400
    assert "held_on" in response.json()
    assert not SupervisionSession.objects.exists()


def test_values_check_is_agreed_together_about_the_organisation(api, everyone, agreement, today):
    check = {
        "answers": {"respect": "lived_well", "mutuality": "in_the_way", "voluntary": "not_discussed"},
        "organisation_could_change": "Stop asking peer workers to act as escorts.",
        "agreed_together": True,
    }
    response = api.as_(everyone["supervisor"]).post(URL, body([agreement], today, values_check=check), format="json")
    assert response.status_code == 201, response.json()
    expected = {
        # In the data file's order; "not discussed" is left out.
        "answers": {"mutuality": "in_the_way", "respect": "lived_well"},
        "organisation_could_change": "Stop asking peer workers to act as escorts.",
        "agreed_together": True,
    }
    assert response.json()["values_check"] == expected
    assert response.json()["legacy_values_check"] is None
    assert SupervisionSession.objects.get().values_check == expected


# --- group sessions ----------------------------------------------------------------------------


@pytest.fixture
def robins_agreement(everyone, today):
    return AgreementFactory(
        supervisee=everyone["peer2"],
        supervisor=everyone["supervisor"],
        starts_on=today - timedelta(days=20),
        frequency_days=14,
    )


def test_a_group_session_moves_every_covered_agreement(api, everyone, agreement, robins_agreement, today):
    held = today - timedelta(days=1)
    response = api.as_(everyone["supervisor"]).post(
        URL, body([agreement, robins_agreement], today, held_on=held.isoformat()), format="json"
    )
    assert response.status_code == 201, response.json()
    agreement.refresh_from_db()
    robins_agreement.refresh_from_db()
    assert agreement.next_due_on == held + timedelta(days=28)
    assert robins_agreement.next_due_on == held + timedelta(days=14)


def test_in_a_group_session_each_supervisee_sees_only_their_own_part(api, everyone, agreement, robins_agreement, today):
    pats_note = BoundaryNoteFactory(author=everyone["peer"])
    robins_note = BoundaryNoteFactory(author=everyone["peer2"])
    response = api.as_(everyone["supervisor"]).post(
        URL,
        body([agreement, robins_agreement], today, boundary_notes=[str(pats_note.pk), str(robins_note.pk)]),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["boundary_notes"]) == 2
    robin = api.as_(everyone["peer2"]).get(f"{URL}{response.json()['id']}/").json()
    assert robin["agreements"] == [str(robins_agreement.pk)]
    assert robin["supervisees"] == ["Robin Peer"]
    assert robin["boundary_notes"] == [str(robins_note.pk)]


def test_a_group_session_including_someone_elses_agreement_is_refused_entirely(
    api, everyone, agreement, today, riverside
):
    clinicians = AgreementFactory(
        supervisee=everyone["peer2"], supervisor=everyone["clinician"], starts_on=today - timedelta(days=30)
    )
    # Robin's agreement with Casey is not visible to Sam: 400 on the field, nothing is recorded.
    response = api.as_(everyone["supervisor"]).post(URL, body([agreement, clinicians], today), format="json")
    assert response.status_code == 400
    assert "agreements" in response.json()
    # A manager can see both agreements but supervises neither: 403.
    response = api.as_(everyone["manager"]).post(URL, body([agreement, clinicians], today), format="json")
    assert response.status_code == 403
    assert not SupervisionSession.objects.exists()


# --- linked boundary notes -----------------------------------------------------------------------


def test_linked_notes_must_belong_to_a_covered_supervisee_or_nothing_is_recorded(
    api, everyone, agreement, robins_agreement, today
):
    robins_note = BoundaryNoteFactory(author=everyone["peer2"])  # Sam supervises Robin, but Robin is not covered
    response = api.as_(everyone["supervisor"]).post(
        URL, body([agreement], today, boundary_notes=[str(robins_note.pk)]), format="json"
    )
    assert response.status_code == 400
    assert "boundary_notes" in response.json()
    assert not SupervisionSession.objects.exists()


def test_a_note_the_supervisor_cannot_see_is_a_400(api, everyone, agreement, today):
    stranger = BoundaryNoteFactory(author=everyone["harbour_peer"])
    response = api.as_(everyone["supervisor"]).post(
        URL, body([agreement], today, boundary_notes=[str(stranger.pk)]), format="json"
    )
    assert response.status_code == 400
    assert "boundary_notes" in response.json()


# --- corrections ---------------------------------------------------------------------------------


def test_moving_or_deleting_a_session_moves_the_due_date(api, everyone, agreement, today, session):
    client = api.as_(everyone["supervisor"])
    earlier = today - timedelta(days=5)
    response = client.patch(f"{URL}{session.pk}/", {"held_on": earlier.isoformat()}, format="json")
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.next_due_on == earlier + timedelta(days=28)
    assert client.delete(f"{URL}{session.pk}/").status_code == 204
    agreement.refresh_from_db()
    assert agreement.next_due_on == agreement.starts_on + timedelta(days=28)


def test_covered_agreements_cannot_be_patched_and_stay_as_they_were(api, everyone, session, robins_agreement):
    before = set(session.agreements.values_list("pk", flat=True))
    response = api.as_(everyone["supervisor"]).patch(
        f"{URL}{session.pk}/", {"agreements": [str(robins_agreement.pk)]}, format="json"
    )
    assert response.status_code == 400
    assert "agreements" in response.json()
    assert set(session.agreements.values_list("pk", flat=True)) == before


def test_changing_the_start_after_a_session_is_refused_and_the_start_stays(api, everyone, agreement, today):
    held = today - timedelta(days=10)
    api.as_(everyone["supervisor"]).post(URL, body([agreement], today, held_on=held.isoformat()), format="json")
    response = api.as_(everyone["manager"]).patch(
        f"/api/v1/supervision/agreements/{agreement.pk}/",
        {"starts_on": (held + timedelta(days=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "starts_on" in response.json()
    starts_on = agreement.starts_on
    agreement.refresh_from_db()
    assert agreement.starts_on == starts_on


# --- query counts ---------------------------------------------------------------------------------


def test_session_list_query_count_does_not_grow_with_sessions(
    api, everyone, agreement, robins_agreement, today, django_assert_num_queries
):
    client = api.as_(everyone["supervisor"])
    for days in range(4):
        client.post(
            URL,
            body([agreement, robins_agreement], today, held_on=(today - timedelta(days=days)).isoformat()),
            format="json",
        )
    client.get(URL)
    # session, user, COUNT, the page (recorder joined), prefetch agreements + supervisees, prefetch notes
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert response.json()["count"] == 4
