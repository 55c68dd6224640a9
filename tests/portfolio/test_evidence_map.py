"""The evidence map (issue 17): linking records, the written red/amber/green rule, gaps first,
the domain filter, and who sees what — a supervisor only the evidence they could already read,
managers and org admins states only, every read of a private title by another person audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEvent
from apps.competencies import services as competency_services
from apps.competencies.models import Competency, Domain
from apps.core.dates import org_today
from apps.portfolio import services
from apps.portfolio.evidence import EVIDENCE_KINDS
from apps.portfolio.models import EvidenceLink
from apps.portfolio.rules import RULE_TEXT, State, state_of
from apps.portfolio.selectors import evidence_map, read_evidence_map

pytestmark = pytest.mark.django_db


def _row(result, code):
    return next(row for row in result.rows if row.competency.code == code)


def test_the_built_in_kinds_are_registered_in_order():
    assert EVIDENCE_KINDS.keys()[:4] == ["reflection", "supervision_session", "training_record", "assessment"]


def test_a_worker_links_a_reflection_and_a_session_and_the_gap_turns_amber(
    peer, framework, le1, private_reflection, session
):
    before = evidence_map(peer, framework, peer)
    assert _row(before, "LE1").state == State.RED
    assert before.rows[0].state == State.RED  # gaps first

    services.evidence_link(actor=peer, competency=le1, kind="reflection", object_id=private_reflection.pk)
    services.evidence_link(actor=peer, competency=le1.pk, kind="supervision_session", object_id=str(session.pk))

    assert EvidenceLink.objects.filter(worker=peer, competency=le1).count() == 2  # re-read
    after = evidence_map(peer, framework, peer)
    row = _row(after, "LE1")
    assert row.state == State.AMBER
    assert {item.kind for item in row.items} == {"reflection", "supervision_session"}
    assert "Invented topic" not in " ".join(item.title for item in row.items)  # a label, never the topics
    assert after.counts["amber"] == 1 and after.counts["total"] == before.counts["total"]


def test_signed_off_with_recent_evidence_is_green_and_old_evidence_is_amber(
    peer, supervisor, framework, le1, shared_reflection
):
    assessment = competency_services.assessment_create(actor=peer, competency=le1, level="competent", evidence=[])
    competency_services.assessment_sign_off(actor=supervisor, assessment=assessment, decision="signed_off")
    assert _row(evidence_map(peer, framework, peer), "LE1").state == State.AMBER  # signed off, no evidence

    services.evidence_link(actor=peer, competency=le1, kind="reflection", object_id=shared_reflection.pk)
    assert _row(evidence_map(peer, framework, peer), "LE1").state == State.GREEN

    four_years_on = org_today(peer.organisation) + timedelta(days=4 * 366)
    assert _row(evidence_map(peer, framework, peer, today=four_years_on), "LE1").state == State.AMBER


def test_the_rule_is_written_once_and_applied_as_written():
    day = date(2026, 12, 2)
    assert state_of(signed_off=False, assessed=False, evidence_dates=[], today=day)[0] == State.RED
    assert state_of(signed_off=False, assessed=True, evidence_dates=[], today=day)[0] == State.AMBER
    assert state_of(signed_off=True, assessed=True, evidence_dates=[date(2024, 1, 1)], today=day)[0] == State.GREEN
    assert state_of(signed_off=True, assessed=True, evidence_dates=[date(2023, 12, 1)], today=day)[0] == State.AMBER
    assert "last 3 years" in RULE_TEXT and "signed off" in RULE_TEXT


def test_the_domain_filter_keeps_one_domain(peer, framework):
    domain = Domain.objects.get(framework=framework, code="MR")
    result = evidence_map(peer, framework, peer, domain=domain)
    assert {row.domain.code for row in result.rows} == {"MR"}
    assert len(result.domains) == Domain.objects.filter(framework=framework).count()


def test_a_supervisor_sees_only_evidence_they_could_already_read_and_the_read_is_audited(
    peer, supervisor, framework, le1, private_reflection, shared_reflection, session
):
    for kind, record in (
        ("reflection", private_reflection),
        ("reflection", shared_reflection),
        ("supervision_session", session),
    ):
        services.evidence_link(actor=peer, competency=le1, kind=kind, object_id=record.pk)

    result = evidence_map(peer, framework, supervisor)
    titles = [item.title for item in _row(result, "LE1").items]
    assert "Shared: hope in the team" in titles
    assert "Private: a hard week" not in titles
    assert any(item.kind == "supervision_session" for item in _row(result, "LE1").items)
    assert AuditEvent.objects.filter(actor=supervisor, action="read").count() == 0  # pure

    read_evidence_map(supervisor, result, detail="evidence map")
    reads = AuditEvent.objects.filter(actor=supervisor, action="read", target_type="reflections.reflection")
    assert list(reads.values_list("target_id", flat=True)) == [shared_reflection.pk]


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_managers_and_org_admins_see_states_never_evidence(who, everyone, peer, framework, le1, shared_reflection):
    services.evidence_link(actor=peer, competency=le1, kind="reflection", object_id=shared_reflection.pk)
    result = evidence_map(peer, framework, everyone[who])
    assert not result.details
    assert _row(result, "LE1").state == State.AMBER
    assert all(not row.items for row in result.rows)


@pytest.mark.parametrize("who", ["peer2", "clinician", "other_manager", "outsider"])
def test_anyone_else_finds_no_map(who, everyone, peer, framework):
    with pytest.raises(Http404):
        evidence_map(peer, framework, everyone[who])


def test_nobody_links_anothers_record_and_a_refused_link_changes_nothing(peer, peer2, le1, shared_reflection, session):
    for kind, record in (("reflection", shared_reflection), ("supervision_session", session)):
        with pytest.raises(ValidationError) as error:
            services.evidence_link(actor=peer2, competency=le1, kind=kind, object_id=record.pk)
        assert "object_id" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.evidence_link(actor=peer, competency=le1, kind="nonsense", object_id=shared_reflection.pk)
    assert "kind" in error.value.message_dict
    assert not EvidenceLink.objects.exists()


def test_the_same_link_twice_is_a_400_on_object_id(peer, le1, shared_reflection):
    services.evidence_link(actor=peer, competency=le1, kind="reflection", object_id=shared_reflection.pk)
    with pytest.raises(ValidationError) as error:
        services.evidence_link(actor=peer, competency=le1, kind="reflection", object_id=shared_reflection.pk)
    assert "object_id" in error.value.message_dict
    assert EvidenceLink.objects.count() == 1


def test_a_framework_the_organisation_does_not_use_cannot_be_linked_to(
    peer, admin, framework, samhsa, le1, shared_reflection
):
    samhsa_one = Competency.objects.filter(framework=samhsa).first()
    with pytest.raises(ValidationError) as error:
        services.evidence_link(actor=peer, competency=samhsa_one, kind="reflection", object_id=shared_reflection.pk)
    assert "competency" in error.value.message_dict

    competency_services.framework_choice_set(actor=admin, frameworks=[samhsa.pk])
    services.evidence_link(actor=peer, competency=samhsa_one, kind="reflection", object_id=shared_reflection.pk)
    with pytest.raises(ValidationError):
        services.evidence_link(actor=peer, competency=le1, kind="reflection", object_id=shared_reflection.pk)
    assert list(EvidenceLink.objects.values_list("competency_id", flat=True)) == [samhsa_one.pk]


def test_a_deleted_record_drops_out_of_the_map_and_the_daily_sweep_removes_its_link(
    peer, framework, le1, shared_reflection, training
):
    services.evidence_link(actor=peer, competency=le1, kind="reflection", object_id=shared_reflection.pk)
    services.evidence_link(actor=peer, competency=le1, kind="training_record", object_id=training.pk)
    shared_reflection.delete()
    row = _row(evidence_map(peer, framework, peer), "LE1")
    assert [item.kind for item in row.items] == ["training_record"]
    assert services.orphan_links_delete() == 1
    assert list(EvidenceLink.objects.values_list("kind", flat=True)) == ["training_record"]


def test_unlinking_is_the_workers_own_and_keeps_the_record(peer, le1, shared_reflection):
    link = services.evidence_link(actor=peer, competency=le1, kind="reflection", object_id=shared_reflection.pk)
    services.evidence_unlink(actor=peer, link=link)
    assert not EvidenceLink.objects.exists()
    shared_reflection.refresh_from_db()


def test_the_map_takes_the_same_number_of_queries_for_one_or_many_links(
    peer, supervisor, framework, le1, mr1, shared_reflection, session, training
):
    services.evidence_link(actor=peer, competency=le1, kind="reflection", object_id=shared_reflection.pk)
    evidence_map(peer, framework, supervisor)  # warm the capability cache
    # readable worker, framework visible, domains, competencies, assessments, links, and per
    # kind linked: its records and the viewer's read rule. Not per link or per competency.
    with CaptureQueriesContext(connection) as one:
        evidence_map(peer, framework, supervisor)
    for competency in (le1, mr1):
        for kind, record in (("supervision_session", session), ("training_record", training)):
            services.evidence_link(actor=peer, competency=competency, kind=kind, object_id=record.pk)
    services.evidence_link(actor=peer, competency=mr1, kind="reflection", object_id=shared_reflection.pk)
    with CaptureQueriesContext(connection) as many:
        evidence_map(peer, framework, supervisor)
    # two more kinds linked: two queries each (their records, the viewer's read rule).
    assert len(many) <= len(one) + 4 + 2
