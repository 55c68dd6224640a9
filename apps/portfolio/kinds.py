"""The evidence kinds of the apps below the portfolio, registered here because those apps
cannot import the portfolio (layers: ``pyproject.toml``). Each reuses its app's own read rule,
so linking a record never widens who may read it:

* ``reflection`` — the worker's own published reflections (private ones too: a private entry is
  shown on the map to the worker alone); read rule ``reflections.policies``; audited when a
  supervisor sees its title on the map.
* ``supervision_session`` — sessions the worker took part in (as supervisee, or recorded them);
  read rule ``supervision.selectors.sessions_visible_to``; the map shows the date and length
  only, never topics or actions.
* ``training_record`` — the worker's own courses; read by the worker and their supervisors
  (``competencies.policies.can_see_details``).
* ``assessment`` — the worker's signed-off self-assessments; read by the worker and their
  supervisors (details).
"""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.competencies.models import Assessment, Competency, TrainingRecord
from apps.competencies.policies import can_see_details
from apps.competencies.selectors import assessments_visible_to, training_records_visible_to
from apps.core.capabilities import caps
from apps.core.dates import prose_date
from apps.portfolio.evidence import register_evidence_kind
from apps.reflections.models import Reflection
from apps.reflections.policies import can_read as can_read_reflection
from apps.reflections.selectors import reflections_visible_to
from apps.supervision.models import SupervisionSession
from apps.supervision.selectors import sessions_visible_to


def _own_reflections(worker: User) -> QuerySet[Reflection]:
    return Reflection.objects.filter(organisation_id=org_id(worker), author_id=worker.pk, is_draft=False)


def _sessions_of(worker: User) -> QuerySet[SupervisionSession]:
    return sessions_visible_to(worker)


def _can_read_session(viewer: User, session: SupervisionSession) -> bool:
    return sessions_visible_to(viewer).filter(pk=session.pk).exists()


def _describe_session(session: SupervisionSession) -> str:
    return f"Supervision session, {prose_date(session.held_on)} ({session.duration_minutes} minutes)"


def _detail_workers(viewer: User) -> list[Any]:
    """Whose training and assessments ``viewer`` may read in detail: themselves and supervisees."""
    return [viewer.pk, *caps(viewer).supervisee_ids]


def _own_training(worker: User) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.filter(organisation_id=org_id(worker), worker_id=worker.pk)


def _training_visible(viewer: User) -> QuerySet[TrainingRecord]:
    return training_records_visible_to(viewer).filter(worker_id__in=_detail_workers(viewer))


def _can_read_training(viewer: User, record: TrainingRecord) -> bool:
    return record.organisation_id == viewer.organisation_id and can_see_details(viewer, record.worker_id)


def _describe_training(record: TrainingRecord) -> str:
    return f"{record.course}{f' ({record.provider})' if record.provider else ''}"


def _signed_off(worker: User) -> QuerySet[Assessment]:
    # Own-wellbeing items are never evidence anyone else reads (issue 18), even one signed off
    # before they became wellbeing items.
    return (
        Assessment.objects.filter(
            organisation_id=org_id(worker), worker_id=worker.pk, state=Assessment.State.SIGNED_OFF
        )
        .exclude(competency__kind=Competency.Kind.WELLBEING)
        .select_related("competency")
    )


def _assessments_visible(viewer: User) -> QuerySet[Assessment]:
    return assessments_visible_to(viewer).filter(worker_id__in=_detail_workers(viewer))


def _can_read_assessment(viewer: User, assessment: Assessment) -> bool:
    return assessment.organisation_id == viewer.organisation_id and can_see_details(viewer, assessment.worker_id)


def _describe_assessment(assessment: Assessment) -> str:
    competency = assessment.competency
    return (
        f"Signed-off self-assessment: {competency.code} {competency.title} ({assessment.get_level_display().lower()})"
    )


def _assessment_date(assessment: Assessment) -> date:
    return assessment.updated_at.date()


def register() -> None:
    register_evidence_kind(
        "reflection",
        label="Reflection",
        model=Reflection,
        can_read=can_read_reflection,
        visible=reflections_visible_to,
        linkable=_own_reflections,
        describe=lambda r: r.display_title,
        dated=lambda r: r.occurred_on,
        url=lambda r: reverse("reflections:reflection-detail", args=[r.pk]),
        order=10,
        audited=True,
    )
    register_evidence_kind(
        "supervision_session",
        label="Supervision session",
        model=SupervisionSession,
        can_read=_can_read_session,
        visible=sessions_visible_to,
        linkable=_sessions_of,
        describe=_describe_session,
        dated=lambda s: s.held_on,
        url=lambda s: reverse("supervision:session-detail", args=[s.pk]),
        order=20,
    )
    register_evidence_kind(
        "training_record",
        label="Training",
        model=TrainingRecord,
        can_read=_can_read_training,
        visible=_training_visible,
        linkable=_own_training,
        describe=_describe_training,
        dated=lambda t: t.completed_on,
        order=30,
    )
    register_evidence_kind(
        "assessment",
        label="Signed-off self-assessment",
        model=Assessment,
        can_read=_can_read_assessment,
        visible=_assessments_visible,
        linkable=_signed_off,
        describe=_describe_assessment,
        dated=_assessment_date,
        order=40,
    )
