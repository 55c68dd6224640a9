"""The agreement lifecycle: proposed → active (both accept) / declined; ended by either person,
a manager or an org admin, or when a worker leaves. Who may do which, what is told to whom, and
what the supervisee is shown before accepting."""

import pytest

from apps.core.capabilities import caps, forget_caps
from apps.notifications.models import Notification
from apps.supervision.models import Agreement
from apps.supervision.selectors import consent_scope
from apps.wellbeing.models import CheckIn
from apps.workers import services as worker_services
from tests.boundaries.factories import BoundaryNoteFactory
from tests.factories import AgreementFactory
from tests.reflections.factories import ReflectionFactory
from tests.wellbeing.factories import CheckInFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/supervision/agreements/"


@pytest.fixture
def proposal(api, everyone):
    """Morgan (manager) proposes Casey (clinician) as clinical supervisor of Robin (peer2)."""
    body = {
        "supervisee": str(everyone["peer2"].pk),
        "supervisor": str(everyone["clinician"].pk),
        "kind": "clinical",
        "frequency_days": 28,
    }
    response = api.as_(everyone["manager"]).post(URL, body, format="json")
    assert response.status_code == 201
    return Agreement.objects.get(pk=response.json()["id"])


def snapshot(agreement):
    agreement.refresh_from_db()
    return (
        agreement.status,
        agreement.supervisee_accepted_at,
        agreement.supervisor_accepted_at,
        agreement.declined_at,
        agreement.ended_at,
    )


def test_both_people_accept_in_either_order_and_only_then_it_is_active(api, everyone, proposal):
    robin, casey = everyone["peer2"], everyone["clinician"]
    first = api.as_(casey).post(f"{URL}{proposal.pk}/accept/")
    assert first.status_code == 200
    assert first.json()["status"] == "proposed"
    assert first.json()["awaiting_consent_of"] == ["supervisee"]
    proposal.refresh_from_db()
    assert proposal.supervisor_accepted_at is not None and proposal.supervisee_accepted_at is None
    assert robin.pk not in caps(casey).supervisee_ids

    second = api.as_(robin).post(f"{URL}{proposal.pk}/accept/")
    assert second.status_code == 200
    assert second.json()["status"] == "active"
    assert second.json()["state"] == "on_track"
    proposal.refresh_from_db()
    assert proposal.status == Agreement.Status.ACTIVE
    forget_caps(casey)
    assert robin.pk in caps(casey).supervisee_ids


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager", 403), ("admin", 403), ("supervisor", 404), ("peer", 404), ("other_manager", 404), ("outsider", 404)],
)
@pytest.mark.parametrize("verb", ["accept", "decline"])
def test_only_the_two_people_accept_or_decline(api, everyone, proposal, persona, status, verb):
    before = snapshot(proposal)
    response = api.as_(everyone[persona]).post(f"{URL}{proposal.pk}/{verb}/")
    assert response.status_code == status
    assert snapshot(proposal) == before


def test_accepting_twice_is_a_400_naming_the_status(api, everyone, proposal):
    casey = everyone["clinician"]
    assert api.as_(casey).post(f"{URL}{proposal.pk}/accept/").status_code == 200
    before = snapshot(proposal)
    response = api.as_(casey).post(f"{URL}{proposal.pk}/accept/")
    assert response.status_code == 400
    assert "status" in response.json()
    assert snapshot(proposal) == before


def test_a_supervisor_can_decline_and_nothing_is_ever_in_force(api, everyone, proposal):
    casey, robin = everyone["clinician"], everyone["peer2"]
    assert api.as_(casey).post(f"{URL}{proposal.pk}/decline/").status_code == 200
    proposal.refresh_from_db()
    assert (proposal.status, proposal.declined_by) == (Agreement.Status.DECLINED, casey)
    refused = api.as_(robin).post(f"{URL}{proposal.pk}/accept/")
    assert refused.status_code == 400
    # The slot is free again: the manager may propose anew.
    body = {"supervisee": str(robin.pk), "supervisor": str(casey.pk), "kind": "clinical", "frequency_days": 28}
    assert api.as_(everyone["manager"]).post(URL, body, format="json").status_code == 201


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("peer", 200),
        ("supervisor", 200),
        ("manager", 200),
        ("admin", 200),
        ("peer2", 404),
        ("other_manager", 404),
        ("outsider", 404),
    ],
)
def test_who_may_end_an_agreement(api, everyone, persona, status):
    agreement = Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])
    before = snapshot(agreement)
    response = api.as_(everyone[persona]).post(f"{URL}{agreement.pk}/end/")
    assert response.status_code == status
    if status == 200:
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.ENDED
        assert agreement.ended_by == everyone[persona]
        assert agreement.ended_at is not None
        assert everyone["peer"].pk not in caps(everyone["supervisor"]).supervisee_ids
        # Ending twice is a 400 naming the status.
        again = api.as_(everyone[persona]).post(f"{URL}{agreement.pk}/end/")
        assert again.status_code == 400 and "status" in again.json()
    else:
        assert snapshot(agreement) == before


def test_a_clinician_who_is_not_a_party_cannot_end_it(api, everyone):
    agreement = Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])
    before = snapshot(agreement)
    # Casey sees nothing of it (404); Robin neither.
    assert api.as_(everyone["clinician"]).post(f"{URL}{agreement.pk}/end/").status_code == 404
    assert snapshot(agreement) == before


def test_a_manager_may_withdraw_a_proposal(api, everyone, proposal):
    assert api.as_(everyone["manager"]).post(f"{URL}{proposal.pk}/end/").status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Agreement.Status.ENDED


def test_ended_and_declined_agreements_cannot_be_edited(api, everyone, proposal):
    api.as_(everyone["clinician"]).post(f"{URL}{proposal.pk}/decline/")
    response = api.as_(everyone["manager"]).patch(f"{URL}{proposal.pk}/", {"frequency_days": 7}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    proposal.refresh_from_db()
    assert proposal.frequency_days == 28


# --- notifications: content-free, to the right people -----------------------------------------------


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_the_supervisee_is_told_of_the_proposal_each_acceptance_and_the_end(api, everyone, proposal):
    robin, casey = everyone["peer2"], everyone["clinician"]
    assert _told("agreement_proposed") == ["casey", "robin"]
    api.as_(casey).post(f"{URL}{proposal.pk}/accept/")
    assert _told("agreement_accepted") == ["robin"]
    api.as_(robin).post(f"{URL}{proposal.pk}/accept/")
    # Active: Casey and the manager who proposed it are told (Robin did it).
    assert _told("agreement_accepted") == ["casey", "morgan", "robin"]
    api.as_(casey).post(f"{URL}{proposal.pk}/end/")
    assert _told("agreement_ended") == ["robin"]
    link = f"/supervision/agreements/{proposal.pk}/"
    for note in Notification.objects.filter(kind__startswith="agreement_"):
        assert note.link == link
        for name in ("Robin", "Casey", "Morgan", "clinical", "Clinical"):
            assert name not in note.message


def test_a_proposal_naming_the_proposer_is_not_sent_to_the_proposer(api, everyone):
    manager, robin = everyone["manager"], everyone["peer2"]
    body = {"supervisee": str(robin.pk), "supervisor": str(manager.pk), "kind": "line", "frequency_days": 28}
    assert api.as_(manager).post(URL, body, format="json").status_code == 201
    assert _told("agreement_proposed") == ["robin"]


# --- what the supervisee sees before accepting -------------------------------------------------------


def test_the_supervisee_sees_how_many_entries_of_each_kind_the_supervisor_would_read(api, everyone, proposal):
    robin, casey = everyone["peer2"], everyone["clinician"]
    # Sharing names people (issue 13): only entries naming Casey count (as if Robin had named
    # them under an earlier agreement); entries shared with others do not reach Casey.
    named = [casey]
    ReflectionFactory(author=robin, visibility="supervisor", readers=named)
    ReflectionFactory(author=robin, visibility="team", team=everyone["peer2"].memberships.first().team, readers=named)
    ReflectionFactory(author=robin, visibility="supervisor", readers=[])
    ReflectionFactory(author=robin, visibility="private")
    ReflectionFactory(author=robin, visibility="supervisor", is_draft=True, readers=named)
    BoundaryNoteFactory(author=robin, readers=named)
    BoundaryNoteFactory(author=robin, readers=[])
    CheckInFactory(author=robin, mood=3, share_with_supervisor=True, readers=named)
    CheckInFactory(author=robin, mood=3, share_with_supervisor=True, readers=[])
    CheckIn.objects.create(organisation=robin.organisation, author=robin, mood=3, note="mine only")
    response = api.as_(robin).get(f"{URL}{proposal.pk}/scope/")
    assert response.status_code == 200
    counts = {item["kind"]: item["count"] for item in response.json()["items"]}
    assert counts == {
        "reflections": 2,
        "boundary_notes": 1,
        "check_ins": 1,
        "assessments": 0,
        "training_records": 0,
    }
    assert response.json()["supervisor_display_name"] == "Casey Clinician"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("clinician", 403), ("manager", 403), ("admin", 403), ("peer", 404), ("outsider", 404)],
)
def test_only_the_supervisee_sees_the_scope(api, everyone, proposal, persona, status):
    assert api.as_(everyone[persona]).get(f"{URL}{proposal.pk}/scope/").status_code == status


def test_the_scope_is_one_query(everyone, proposal, django_assert_num_queries):
    # SELECT the supervisee with five COUNT subqueries.
    with django_assert_num_queries(1):
        items = consent_scope(proposal)
    assert len(items) == 5


# --- leaving -------------------------------------------------------------------------------------------


def test_when_a_worker_leaves_all_their_agreements_end_at_once(everyone):
    sam, pat, robin = everyone["supervisor"], everyone["peer"], everyone["peer2"]
    as_supervisee = Agreement.objects.get(supervisee=pat, supervisor=sam)
    as_supervisor = AgreementFactory(supervisee=robin, supervisor=sam)
    proposed = AgreementFactory(supervisee=everyone["clinician"], supervisor=sam, status="proposed", kind="line")
    worker_services.worker_mark_left(actor=everyone["admin"], worker=sam)
    for agreement in (as_supervisee, as_supervisor, proposed):
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.ENDED
        assert agreement.ended_by == everyone["admin"]
    assert pat.pk not in caps(sam).supervisee_ids
    assert not caps(pat).supervisor_ids
    assert _told("agreement_ended") == ["casey", "pat", "robin"]


# --- nothing happens under a proposal --------------------------------------------------------------


def test_no_session_can_be_recorded_under_a_proposal(api, everyone, proposal, org):
    from apps.core.dates import org_today
    from apps.supervision.models import SupervisionSession

    casey = everyone["clinician"]
    api.as_(casey).post(f"{URL}{proposal.pk}/accept/")
    body = {
        "agreements": [str(proposal.pk)],
        "held_on": org_today(org).isoformat(),
        "duration_minutes": 45,
        "functions": ["formative"],
    }
    response = api.as_(casey).post("/api/v1/supervision/sessions/", body, format="json")
    assert response.status_code == 400 and "agreements" in response.json()
    assert not SupervisionSession.objects.exists()


def test_supervision_cannot_be_requested_under_a_proposal(api, everyone, proposal):
    response = api.as_(everyone["peer2"]).post(f"{URL}{proposal.pk}/request/")
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.last_requested_at is None
    assert not Notification.objects.filter(kind="supervision_requested").exists()
