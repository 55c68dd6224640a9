"""External feedback as evidence (issue 17, part 1): accepting a rater's answers links them to
the competencies asked about; the map shows a label (who it came from, when) to the worker and
their supervisors, never to managers, and nobody but the worker ever reaches the answers."""

import pytest

from apps.audit.models import AuditEvent
from apps.portfolio import services as portfolio_services
from apps.portfolio.evidence import EVIDENCE_KINDS
from apps.portfolio.models import EvidenceLink
from apps.portfolio.rules import State
from apps.portfolio.selectors import evidence_map, read_evidence_map
from apps.raters import services
from apps.raters.models import Invitation

pytestmark = pytest.mark.django_db

COMMENT = "QXfeedback-comment listens without rushing"
RATER = "Jo QXRatername"


def _row(result, code):
    return next(row for row in result.rows if row.competency.code == code)


@pytest.fixture
def answered(peer, le1, mr1):
    invitation, _ = services.invitation_create(
        actor=peer, rater_name=RATER, rater_email="jo@example.org", relationship="clinical_colleague",
        competencies=[le1, mr1],
    )  # fmt: skip
    answers = {str(c.pk): {"observed": "often", "comment": COMMENT} for c in (le1, mr1)}
    return services.feedback_submit(invitation=invitation, answers=answers)


def test_the_kind_is_registered_by_the_raters_app():
    kind = EVIDENCE_KINDS.get("external_feedback")
    assert kind is not None and kind.label == "External feedback" and kind.model is Invitation and kind.audited
    assert EVIDENCE_KINDS.keys()[-1] == "external_feedback"


def test_accepting_links_the_feedback_to_each_competency_asked_about(peer, framework, le1, mr1, answered):
    assert not EvidenceLink.objects.exists()
    services.feedback_accept(actor=peer, invitation=answered)
    links = EvidenceLink.objects.filter(worker=peer, kind="external_feedback", object_id=answered.pk)
    assert set(links.values_list("competency__code", flat=True)) == {"LE1", "MR1"}  # re-read
    assert AuditEvent.objects.filter(actor=peer, action="create", target_type="portfolio.evidencelink").count() == 2
    result = evidence_map(peer, framework, peer)
    for code in ("LE1", "MR1"):
        row = _row(result, code)
        assert row.state == State.AMBER  # evidence, not signed off
        assert [(i.kind, i.title) for i in row.items] == [("external_feedback", "Feedback from a clinical colleague")]
        assert row.items[0].dated_on == answered.submitted_at.date()


def test_feedback_kept_private_or_not_decided_is_never_linkable(peer, le1, answered):
    before = EvidenceLink.objects.count()
    for state in (Invitation.Decision.PENDING, Invitation.Decision.KEPT_PRIVATE):
        Invitation.objects.filter(pk=answered.pk).update(decision=state)
        with pytest.raises(Exception) as refused:
            portfolio_services.evidence_link(
                actor=peer, competency=le1, kind="external_feedback", object_id=answered.pk
            )
        assert "object_id" in refused.value.message_dict
    assert EvidenceLink.objects.count() == before


def test_a_supervisor_sees_the_label_audited_never_the_rater_or_the_answers(
    client, peer, supervisor, framework, answered
):
    services.feedback_accept(actor=peer, invitation=answered)
    result = evidence_map(peer, framework, supervisor)
    assert [i.title for i in _row(result, "LE1").items] == ["Feedback from a clinical colleague"]
    read_evidence_map(supervisor, result, detail="evidence map")
    reads = AuditEvent.objects.filter(actor=supervisor, action="read", target_type="raters.invitation")
    # Shown under LE1 and MR1: one read of it, in the one row the map writes per kind of record.
    assert [e.targets() for e in reads] == [[(answered.pk, peer.pk)]]

    client.force_login(supervisor)
    for path in (f"/portfolio/people/{peer.pk}/", f"/api/v1/portfolio/evidence-map/?worker={peer.pk}"):
        response = client.get(path)
        body = response.content.decode()
        assert response.status_code == 200 and "Feedback from a clinical colleague" in body, path
        assert COMMENT not in body and RATER not in body and "jo@example.org" not in body, path
    assert client.get(f"/feedback/{answered.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_managers_never_reach_the_feedback_on_the_map_or_anywhere(client, everyone, framework, who):
    peer = everyone["peer"]
    le1 = framework.competencies.get(code="LE1")
    invitation, _ = services.invitation_create(
        actor=peer, rater_name=RATER, rater_email="jo@example.org", relationship="trainer", competencies=[le1]
    )
    services.feedback_submit(invitation=invitation, answers={str(le1.pk): {"observed": "often", "comment": COMMENT}})
    services.feedback_accept(actor=peer, invitation=invitation)
    result = evidence_map(peer, framework, everyone[who])
    assert _row(result, "LE1").state == State.AMBER and not _row(result, "LE1").items
    client.force_login(everyone[who])
    for path in (
        f"/portfolio/people/{peer.pk}/",
        f"/api/v1/portfolio/evidence-map/?worker={peer.pk}",
        f"/feedback/{invitation.pk}/",
        "/feedback/",
    ):
        body = client.get(path).content.decode()
        assert COMMENT not in body and RATER not in body and "Feedback from a trainer" not in body, path
    assert not AuditEvent.objects.filter(actor=everyone[who], target_type="raters.invitation").exists()
