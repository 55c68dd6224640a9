"""Self-assessments and training records in a worker's export, and their erasure."""

from functools import partial

from django.db import transaction

from apps.competencies.models import Assessment, AssessorChoice, SignOff, TrainingRecord
from apps.core.readable import Readable


def export(user) -> dict:
    assessments = (
        Assessment.objects.filter(worker=user)
        .select_related("competency", "competency__framework")
        .prefetch_related("evidence", "sign_offs__reviewer")
        .order_by("created_at")
    )
    choice = AssessorChoice.objects.filter(worker=user).select_related("assessor").first()
    return {
        # Who the worker chose to sign off their competencies (issue 18), if they chose.
        "assessor": (
            {"name": choice.assessor.display_name, "chosen_at": choice.updated_at.isoformat()} if choice else None
        ),
        "assessments": [
            {
                "framework": a.competency.framework.name,
                "competency": f"{a.competency.code} {a.competency.title}",
                "level": a.level,
                "state": a.state,
                "current": a.is_current,
                "created_at": a.created_at.isoformat(),
                "evidence": [{"id": str(r.pk), "title": r.display_title} for r in a.evidence.all()],
                "sign_offs": [
                    {
                        "decision": s.decision,
                        "comment": s.comment,
                        "reviewer": s.reviewer_name or (s.reviewer.display_name if s.reviewer else None),
                        "reviewer_role": s.reviewer_role,
                        "decided_on": s.decided_on.isoformat() if s.decided_on else None,
                        "created_at": s.created_at.isoformat(),
                    }
                    for s in a.sign_offs.all()
                ],
            }
            for a in assessments
        ],
        "training_records": [
            {
                "course": r.course,
                "provider": r.provider,
                "completed_on": r.completed_on.isoformat(),
                "expires_on": r.expires_on.isoformat() if r.expires_on else None,
                "hours": str(r.hours) if r.hours is not None else None,
                "certificate": r.certificate_name or None,
            }
            for r in TrainingRecord.objects.filter(worker=user).order_by("completed_on")
        ],
    }


def erase(worker) -> None:
    """Delete the worker's self-assessments (with the decisions on them) and training records
    (with their certificate files, once the erasure commits). Sign-offs they gave others stay,
    under their now anonymous account."""
    AssessorChoice.objects.filter(worker=worker).delete()
    Assessment.objects.filter(worker=worker).delete()
    records = list(TrainingRecord.objects.filter(worker=worker))
    for record in records:
        if record.certificate:
            storage, name = record.certificate.storage, record.certificate.name
            transaction.on_commit(partial(storage.delete, name))
    TrainingRecord.objects.filter(worker=worker).delete()


READABLE = Readable(
    title="Competencies and training",
    labels={
        "assessor": "Who signs off your competencies",
        "name": "Name",
        "chosen_at": "Chosen",
        "assessments": "Self-assessments",
        "framework": "Framework",
        "competency": "Competency",
        "level": "Level",
        "state": "State",
        "current": "Current",
        "created_at": "When",
        "evidence": "Evidence",
        "title": "Reflection",
        "sign_offs": "Sign-offs",
        "decision": "Decision",
        "comment": "Comment",
        "reviewer": "By",
        "reviewer_role": "Their role",
        "decided_on": "Decided on",
        "hours": "Hours",
        "training_records": "Training",
        "course": "Course",
        "provider": "Provider",
        "completed_on": "Completed",
        "expires_on": "Expires",
        "certificate": "Certificate",
    },
    values={
        "level": dict(Assessment.Level.choices),
        "state": dict(Assessment.State.choices),
        "decision": dict(SignOff.Decision.choices),
    },
)
