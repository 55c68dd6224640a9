"""Supervision contracts by consent (issue 13, case 1 and the agreement part of case 8).

An agreement is proposed by whoever sets it up and is in force only once the supervisee and
the supervisor have both accepted; nobody can grant themselves a supervisee's private text by
appointing themselves, backdating, or re-arranging teams. The first tests here are the attacks
of the issue, each of which read Pat's private text on the main branch before this change.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.capabilities import caps, forget_caps
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.reminders.services import reminders_scan
from apps.supervision.models import Agreement
from apps.teams.models import Membership
from apps.wellbeing.models import CheckIn
from tests.boundaries.factories import BoundaryNoteFactory
from tests.factories import AgreementFactory
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/supervision/agreements/"
MARKERS = ("QXnotetext", "QXsupreflection", "QXsharedcheckin")

# Where a supervisor reads a supervisee's private text through the API.
READS = [
    "/api/v1/boundary-notes/",
    "/api/v1/boundary-notes/{note}/",
    "/api/v1/reflections/",
    "/api/v1/reflections/{reflection}/",
    "/api/v1/wellbeing/check-ins/?shared_with_me=true",
]


@pytest.fixture
def pats_secrets(everyone):
    """Pat's boundary note, supervisor-visible reflection and a check-in shared with Sam."""
    pat = everyone["peer"]
    note = BoundaryNoteFactory(author=pat, situation="QXnotetext happened")
    reflection = ReflectionFactory(
        author=pat, framework="free", sections={"body": "QXsupreflection"}, visibility="supervisor"
    )
    CheckIn.objects.create(
        organisation=pat.organisation, author=pat, mood=2, note="QXsharedcheckin", share_with_supervisor=True
    )
    return {"note": note.pk, "reflection": reflection.pk}


def read_everything(client, ids) -> str:
    text = ""
    for path in READS:
        response = client.get(path.format(**ids))
        assert response.status_code in (200, 404), (path, response.status_code)
        text += response.content.decode()
    return text


def assert_reads_nothing_of_pat(client, ids):
    text = read_everything(client, ids)
    leaked = [m for m in MARKERS if m in text]
    assert not leaked, f"read Pat's private text: {leaked}"


def propose(client, **body):
    body = {"kind": "peer", "frequency_days": 28, **{k: str(v) for k, v in body.items()}}
    response = client.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


# --- the attacks of the issue: each read Pat's text on main ------------------------------------


def test_a_manager_who_proposes_themselves_as_supervisor_reads_nothing_until_the_peer_accepts(
    api, everyone, pats_secrets
):
    manager, pat = everyone["manager"], everyone["peer"]
    created = propose(api.as_(manager), supervisee=pat.pk, supervisor=manager.pk, kind="clinical")
    # The proposer is a party, so has agreed by proposing; Pat has not.
    assert created["status"] == "proposed"
    assert created["awaiting_consent_of"] == ["supervisee"]
    assert_reads_nothing_of_pat(api.as_(manager), pats_secrets)
    assert pat.pk not in caps(manager).supervisee_ids

    # Pat's own consent is what puts the agreement in force.
    response = api.as_(pat).post(f"{URL}{created['id']}/accept/")
    assert response.status_code == 200, response.content
    agreement = Agreement.objects.get(pk=created["id"])
    assert agreement.status == Agreement.Status.ACTIVE
    assert agreement.supervisee_accepted_at is not None and agreement.supervisor_accepted_at is not None
    forget_caps(manager)
    assert pat.pk in caps(manager).supervisee_ids


def test_an_org_admins_agreement_backdated_400_days_reads_nothing(api, everyone, pats_secrets, org):
    admin, pat = everyone["admin"], everyone["peer"]
    starts_on = org_today(org) - timedelta(days=400)
    created = propose(api.as_(admin), supervisee=pat.pk, supervisor=admin.pk, starts_on=starts_on, kind="line")
    assert created["starts_on"] == starts_on.isoformat()
    assert created["status"] == "proposed"
    assert_reads_nothing_of_pat(api.as_(admin), pats_secrets)
    # Nor can the admin change dates into access: still proposed, still nothing.
    assert api.as_(admin).patch(f"{URL}{created['id']}/", {"frequency_days": 7}, format="json").status_code == 200
    assert Agreement.objects.get(pk=created["id"]).status == Agreement.Status.PROPOSED
    assert_reads_nothing_of_pat(api.as_(admin), pats_secrets)


def test_adding_a_worker_to_your_team_appointing_yourself_and_removing_them_reads_nothing(
    api, everyone, pats_secrets, harbour, org
):
    harbour_manager, pat = everyone["other_manager"], everyone["peer"]
    client = api.as_(harbour_manager)
    added = client.post(
        "/api/v1/memberships/",
        {"team": str(harbour.pk), "worker": str(pat.pk), "team_role": "member"},
        format="json",
    )
    assert added.status_code == 201, added.content
    propose(client, supervisee=pat.pk, supervisor=harbour_manager.pk, kind="line")
    assert client.delete(f"/api/v1/memberships/{added.json()['id']}/").status_code == 204
    assert_reads_nothing_of_pat(api.as_(harbour_manager), pats_secrets)
    assert not Membership.objects.active(org_today(org)).filter(team=harbour, worker=pat).exists()


def test_a_declined_agreement_reads_nothing(api, everyone, pats_secrets):
    manager, pat, robin = everyone["manager"], everyone["peer"], everyone["peer2"]
    created = propose(api.as_(manager), supervisee=pat.pk, supervisor=robin.pk, kind="clinical")
    assert api.as_(robin).post(f"{URL}{created['id']}/accept/").status_code == 200
    response = api.as_(pat).post(f"{URL}{created['id']}/decline/")
    assert response.status_code == 200
    agreement = Agreement.objects.get(pk=created["id"])
    assert (agreement.status, agreement.declined_by) == (Agreement.Status.DECLINED, pat)
    assert agreement.declined_at is not None
    assert_reads_nothing_of_pat(api.as_(robin), pats_secrets)
    # Declined is final: accepting it now is a 400 naming the status, and nothing changes.
    refused = api.as_(pat).post(f"{URL}{created['id']}/accept/")
    assert refused.status_code == 400 and "status" in refused.json()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DECLINED and agreement.supervisee_accepted_at is None


def test_an_ended_agreement_reads_nothing(api, everyone, pats_secrets, org):
    sam, pat = everyone["supervisor"], everyone["peer"]
    agreement = Agreement.objects.get(supervisee=pat, supervisor=sam)
    # Sam reads Pat's text today (the agreement is active) ...
    assert "QXnotetext" in read_everything(api.as_(sam), pats_secrets)
    response = api.as_(pat).post(f"{URL}{agreement.pk}/end/")
    assert response.status_code == 200, response.content
    agreement.refresh_from_db()
    assert (agreement.status, agreement.ended_by, agreement.ends_on) == (
        Agreement.Status.ENDED,
        pat,
        org_today(org),
    )
    # ... and nothing once it has ended, even though ends_on is today.
    assert_reads_nothing_of_pat(api.as_(sam), pats_secrets)


def test_reminders_are_not_sent_for_proposed_agreements(everyone, org):
    pat, robin = everyone["peer"], everyone["peer2"]
    today = org_today(org)
    Agreement.objects.filter(supervisee=pat).delete()
    # A long-overdue proposal, and a boundary note long awaiting review by its would-be supervisor.
    AgreementFactory(
        supervisee=pat,
        supervisor=robin,
        status="proposed",
        starts_on=today - timedelta(days=100),
        next_due_on=today - timedelta(days=30),
    )
    BoundaryNoteFactory(author=pat, submitted_at=timezone.now() - timedelta(days=30))
    reminders_scan()
    kinds = set(Notification.objects.values_list("kind", "recipient__username"))
    assert not {k for k in kinds if k[0].startswith("supervision_")}
    assert ("boundary_review_due", "robin") not in kinds
    # A proposal is not peer supervision yet: Pat's managers are told Pat has none.
    assert ("peer_without_agreement", "morgan") in kinds


def test_a_supervisor_is_never_reminded_about_a_declined_or_ended_agreement(everyone, org):
    pat = everyone["peer"]
    today = org_today(org)
    Agreement.objects.filter(supervisee=pat).update(next_due_on=today - timedelta(days=3), status="ended")
    reminders_scan()
    assert not Notification.objects.filter(kind__startswith="supervision_").exists()
