"""Self-assessment with evidence, sign-off, history — and who sees what (spec §2)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.competencies import services
from apps.competencies.models import Assessment, Competency, SignOff
from apps.notifications.models import Notification
from apps.reflections.models import Reflection
from apps.reflections.services import reflection_update
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/competencies/assessments/"


@pytest.fixture
def evidence(everyone, riverside):
    """Pat's reflections: one private, one shared with supervisors, one with the team, one draft."""
    peer = everyone["peer"]
    return {
        "private": ReflectionFactory(author=peer, title="A private moment about my own story"),
        "supervisor": ReflectionFactory(author=peer, title="Shared with Sam", visibility="supervisor"),
        "team": ReflectionFactory(author=peer, title="Shared with Riverside", visibility="team", team=riverside),
        "draft": ReflectionFactory(author=peer, title="Half written", is_draft=True, published_at=None),
    }


@pytest.fixture
def assessed(everyone, le1, evidence):
    """Pat's self-assessment of LE1 citing the private and the supervisor-visible reflection."""
    return services.assessment_create(
        actor=everyone["peer"],
        competency=le1,
        level="developing",
        evidence=[evidence["private"], evidence["supervisor"]],
    )


def test_a_worker_self_assesses_citing_their_own_reflections(api, everyone, le1, evidence):
    client = api.as_(everyone["peer"])
    response = client.post(
        URL,
        {"competency": str(le1.pk), "level": "competent", "evidence": [str(evidence["team"].pk)]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["worker"] == str(everyone["peer"].pk)
    assert body["state"] == "awaiting_sign_off" and body["is_current"] is True
    assert body["evidence"] == [str(evidence["team"].pk)]
    assert AuditEvent.objects.filter(target_id=body["id"], action="create").exists()


def test_worker_and_organisation_come_from_the_signed_in_user_never_from_input(api, everyone, le1):
    refused = api.as_(everyone["peer"]).post(
        URL, {"competency": str(le1.pk), "level": "developing", "worker": str(everyone["peer2"].pk)}, format="json"
    )
    assert refused.status_code == 400 and "worker" in refused.json()
    assert not Assessment.objects.exists()
    response = api.as_(everyone["peer"]).post(URL, {"competency": str(le1.pk), "level": "developing"}, format="json")
    assert response.status_code == 201
    assert Assessment.objects.get(pk=response.json()["id"]).worker == everyone["peer"]


def test_citing_a_colleagues_reflection_is_refused_naming_the_evidence_field(api, everyone, le1, riverside):
    theirs = ReflectionFactory(author=everyone["peer2"], visibility="team", team=riverside)
    response = api.as_(everyone["peer"]).post(
        URL, {"competency": str(le1.pk), "level": "developing", "evidence": [str(theirs.pk)]}, format="json"
    )
    assert response.status_code == 400
    assert "evidence" in response.json()
    assert not Assessment.objects.exists()


def test_citing_a_draft_is_refused_with_a_reason(api, everyone, le1, evidence):
    response = api.as_(everyone["peer"]).post(
        URL, {"competency": str(le1.pk), "level": "developing", "evidence": [str(evidence["draft"].pk)]}, format="json"
    )
    assert response.status_code == 400
    assert "publish" in response.json()["evidence"][0].lower()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"level": "expert"}, "level"),
        ({"competency": "not-a-uuid"}, "competency"),
        ({"competency": "00000000-0000-0000-0000-000000000000"}, "competency"),
        ({"evidence": ["nope"]}, "evidence"),
        ({"evidence": "not a list"}, "evidence"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, everyone, le1, payload, field):
    body = {"competency": str(le1.pk), "level": "developing", **payload}
    response = api.as_(everyone["peer"]).post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_a_competency_of_another_organisations_framework_does_not_exist_here(api, everyone, theirs):
    response = api.as_(everyone["peer"]).post(URL, {"competency": str(theirs.pk), "level": "developing"}, format="json")
    assert response.status_code == 400 and "competency" in response.json()
    assert not Assessment.objects.filter(competency=theirs).exists()


# --- evidence stays behind the reflection's own read rule ---------------------------------------


def test_a_private_reflection_cited_as_evidence_stays_invisible_to_the_supervisor(api, everyone, assessed, evidence):
    client = api.as_(everyone["supervisor"])
    body = client.get(f"{URL}{assessed.pk}/").json()
    assert body["evidence"] == [str(evidence["supervisor"].pk)]
    assert [e["title"] for e in body["evidence_details"]] == ["Shared with Sam"]
    assert "A private moment" not in str(body)
    # Citing it did not change who may read it.
    evidence["private"].refresh_from_db()
    assert evidence["private"].visibility == Reflection.Visibility.PRIVATE
    assert client.get(f"/api/v1/reflections/{evidence['private'].pk}/").status_code == 404


def test_the_supervisors_page_shows_only_evidence_they_may_read(client, everyone, assessed):
    client.force_login(everyone["supervisor"])
    page = client.get(reverse("competencies:worker-progress", args=[everyone["peer"].pk])).content.decode()
    assert "Shared with Sam" in page
    assert "A private moment" not in page


def test_the_worker_sees_all_their_evidence_and_who_can_see_each(client, everyone, assessed):
    client.force_login(everyone["peer"])
    page = client.get(reverse("competencies:assess", args=[assessed.competency_id])).content.decode()
    assert "A private moment about my own story" in page and "only you can see it" in page


def test_sharing_the_reflection_later_lets_the_supervisor_see_it_and_making_it_private_hides_it(
    api, everyone, assessed, evidence
):
    reflection = evidence["private"]
    # Shared through the service, which names the peer supervisor as its reader (issue 13).
    reflection_update(actor=everyone["peer"], reflection=reflection, data={"visibility": "supervisor"})
    client = api.as_(everyone["supervisor"])
    assert str(reflection.pk) in client.get(f"{URL}{assessed.pk}/").json()["evidence"]
    reflection_update(actor=everyone["peer"], reflection=reflection, data={"visibility": "private"})
    assert str(reflection.pk) not in client.get(f"{URL}{assessed.pk}/").json()["evidence"]


@pytest.mark.parametrize("persona", ["manager", "admin"])
def test_managers_and_org_admins_see_states_never_evidence_or_comments(api, client, everyone, assessed, persona):
    services.assessment_sign_off(
        actor=everyone["supervisor"], assessment=assessed, decision="more_evidence", comment="Tell me about a group"
    )
    body = api.as_(everyone[persona]).get(f"{URL}{assessed.pk}/").json()
    assert body["state"] == "more_evidence" and body["level"] == "developing"
    assert not {"evidence", "evidence_details", "sign_offs"} & set(body)
    client.force_login(everyone[persona])
    page = client.get(reverse("competencies:worker-progress", args=[everyone["peer"].pk])).content.decode()
    assert "More evidence asked for" in page
    assert "Shared with Sam" not in page and "Tell me about a group" not in page


# --- who may read and act -----------------------------------------------------------------------------

READERS = {
    "peer": True,
    "supervisor": True,
    "manager": True,
    "admin": True,
    "peer2": False,
    "clinician": False,
    "other_manager": False,
    "harbour_peer": False,
    "outsider": False,
}


@pytest.mark.parametrize(("persona", "sees"), READERS.items())
def test_who_can_read_a_workers_assessment(api, everyone, assessed, persona, sees):
    client = api.as_(everyone[persona])
    listed = [a["id"] for a in client.get(URL).json()["results"]]
    assert (str(assessed.pk) in listed) is sees
    assert client.get(f"{URL}{assessed.pk}/").status_code == (200 if sees else 404)


def test_anonymous_requests_are_refused(api, assessed):
    assert api.as_(None).get(URL).status_code in (401, 403)
    assert api.as_(None).post(f"{URL}{assessed.pk}/sign-off/", {"decision": "signed_off"}).status_code in (401, 403)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("supervisor", 201),
        ("peer", 403),
        ("manager", 403),
        ("admin", 403),
        ("peer2", 404),
        ("clinician", 404),
        ("other_manager", 404),
        ("outsider", 404),
    ],
)
def test_only_the_workers_supervisor_signs_off(api, everyone, assessed, persona, status):
    response = api.as_(everyone[persona]).post(
        f"{URL}{assessed.pk}/sign-off/", {"decision": "signed_off", "comment": "Well evidenced."}, format="json"
    )
    assert response.status_code == status
    assert SignOff.objects.exists() is (status == 201)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("peer", 200), ("supervisor", 403), ("manager", 403), ("admin", 403), ("peer2", 404), ("outsider", 404)],
)
def test_only_the_worker_changes_their_self_assessment(api, everyone, assessed, persona, status):
    response = api.as_(everyone[persona]).patch(f"{URL}{assessed.pk}/", {"level": "competent"}, format="json")
    assert response.status_code == status
    assessed.refresh_from_db()
    assert (assessed.level == "competent") is (status == 200)


def test_a_sign_off_tells_the_worker_without_the_comment(api, everyone, assessed):
    api.as_(everyone["supervisor"]).post(
        f"{URL}{assessed.pk}/sign-off/", {"decision": "signed_off", "comment": "Lovely reflective work"}, format="json"
    )
    note = Notification.objects.get(recipient=everyone["peer"])
    assert "signed off" in note.message and "LE1" in note.message
    assert "Lovely" not in note.message


def test_asking_for_more_evidence_needs_a_comment(api, everyone, assessed):
    response = api.as_(everyone["supervisor"]).post(
        f"{URL}{assessed.pk}/sign-off/", {"decision": "more_evidence"}, format="json"
    )
    assert response.status_code == 400 and "comment" in response.json()


def test_history_is_kept_and_the_latest_assessment_is_current(api, everyone, assessed, evidence):
    supervisor = api.as_(everyone["supervisor"])
    supervisor.post(
        f"{URL}{assessed.pk}/sign-off/", {"decision": "more_evidence", "comment": "One more example"}, format="json"
    )
    peer = api.as_(everyone["peer"])
    # A decided assessment is history: it is not edited ...
    refused = peer.patch(f"{URL}{assessed.pk}/", {"level": "competent"}, format="json")
    assert refused.status_code == 400
    # ... a new one is added and becomes current.
    newer = peer.post(
        URL,
        {"competency": str(assessed.competency_id), "level": "competent", "evidence": [str(evidence["team"].pk)]},
        format="json",
    ).json()
    assessed.refresh_from_db()
    assert assessed.is_current is False and assessed.state == "more_evidence"
    assert newer["is_current"] is True and newer["state"] == "awaiting_sign_off"
    signed = api.as_(everyone["supervisor"]).post(
        f"{URL}{newer['id']}/sign-off/", {"decision": "signed_off"}, format="json"
    )
    assert signed.status_code == 201 and signed.json()["state"] == "signed_off"
    # A superseded assessment cannot be decided on any more.
    stale = supervisor.post(f"{URL}{assessed.pk}/sign-off/", {"decision": "signed_off"}, format="json")
    assert stale.status_code == 400
    history = peer.get(f"{URL}?competency={assessed.competency_id}").json()["results"]
    assert [h["state"] for h in history] == ["signed_off", "more_evidence"]
    assert [len(h["sign_offs"]) for h in history] == [1, 1]
    current = peer.get(f"{URL}?current=true").json()["results"]
    assert [c["id"] for c in current] == [newer["id"]]


def test_competency_cannot_be_changed_on_an_assessment(api, everyone, assessed, bs2):
    response = api.as_(everyone["peer"]).patch(f"{URL}{assessed.pk}/", {"competency": str(bs2.pk)}, format="json")
    assert response.status_code == 400 and "competency" in response.json()


def test_listing_assessments_takes_the_same_number_of_queries_for_3_or_12(api, everyone, shipped, evidence):
    competencies = list(Competency.objects.filter(framework=shipped).order_by("position"))
    peer = everyone["peer"]
    for competency in competencies[:3]:
        services.assessment_create(actor=peer, competency=competency, level="developing", evidence=[evidence["team"]])
    client = api.as_(everyone["supervisor"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx)

    few = count()
    for competency in competencies[3:12]:
        services.assessment_create(
            actor=peer, competency=competency, level="developing", evidence=[evidence["team"], evidence["supervisor"]]
        )
    # session, user (with organisation); caps: supervisees, team roles; count; the page of
    # assessments (worker, competency, domain, framework joined); their sign-offs; the evidence
    # the reader may read (one prefetch through the reflections' read rule).
    assert count() == few == 8
