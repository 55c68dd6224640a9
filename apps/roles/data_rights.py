"""Role assignments in a worker's export, with the questions and answers about each. An
assignment is part of its team's history and stays under the erased worker's anonymised account;
the conversation about it (their words, and the managers' answers to them) is erased.

Co-production (issue 18, item 3; section ``role_co_production``): the role definitions the worker
was asked about and what they said, and their comments and proposals with the managers' decisions.
On erasure their comments and proposals (their words) are deleted, decisions with them; their
answers to consultations stay as the role's record of who was consulted and whether they agreed,
under the anonymised account ("Erased worker"), as assignments do."""

from datetime import date, datetime

from django.db.models import Prefetch

from apps.accounts.models import User
from apps.core.readable import Readable
from apps.roles.models import Assignment, AssignmentComment, Consultation, DefinitionComment


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> list[dict[str, object]]:
    assignments = (
        Assignment.objects.filter(worker=user)
        .select_related("team", "role_definition")
        .prefetch_related(Prefetch("comments", queryset=AssignmentComment.objects.select_related("author")))
        .order_by("starts_on")
    )
    return [
        {
            "team": a.team.name,
            "role": a.role_definition.title,
            "version": a.role_definition.version,
            "starts_on": _iso(a.starts_on),
            "ends_on": _iso(a.ends_on),
            "hours_per_week": str(a.hours_per_week),
            "acknowledged_at": _iso(a.acknowledged_at),
            "questions_and_answers": [
                {
                    "from": "you" if c.author_id == user.pk else str(c.author or "A former colleague"),
                    "at": _iso(c.created_at),
                    "text": c.body,
                }
                for c in a.comments.all()
            ],
        }
        for a in assignments
    ]


def erase(worker: User) -> None:
    """The conversations about the worker's roles go; the assignments stay as team history."""
    AssignmentComment.objects.filter(assignment__worker=worker).delete()
    AssignmentComment.objects.filter(author=worker).update(body="(erased)")


READABLE = Readable(
    title="Roles",
    labels={
        "team": "Team",
        "role": "Role",
        "version": "Version of the role",
        "starts_on": "From",
        "ends_on": "Until",
        "hours_per_week": "Hours a week",
        "acknowledged_at": "You acknowledged it",
        "questions_and_answers": "Questions and answers",
        "from": "From",
        "at": "When",
        "text": "What was said",
    },
)


def export_co_production(user: User) -> dict[str, list[dict[str, object]]]:
    consultations = Consultation.objects.filter(worker=user).select_related("role_definition").order_by("created_at")
    comments = (
        DefinitionComment.objects.filter(author=user)
        .select_related("role_definition", "decided_by")
        .order_by("created_at")
    )
    return {
        "consultations": [
            {
                "role": c.role_definition.title,
                "version": c.role_definition.version,
                "asked_at": _iso(c.created_at),
                "response": c.response or None,
                "responded_at": _iso(c.responded_at),
            }
            for c in consultations
        ],
        "comments": [
            {
                "role": c.role_definition.title,
                "version": c.role_definition.version,
                "at": _iso(c.created_at),
                "proposes": c.proposes or None,
                "text": c.body,
                "decision": c.decision or None,
                "decision_reason": c.decision_reason or None,
                "decided_by": str(c.decided_by) if c.decided_by else None,
                "decided_at": _iso(c.decided_at),
            }
            for c in comments
        ],
    }


def erase_co_production(worker: User) -> None:
    """Their comments and proposals go; their answers to consultations stay (the role's record)."""
    DefinitionComment.objects.filter(author=worker).delete()


READABLE_CO_PRODUCTION = Readable(
    title="Role definitions you were asked about",
    labels={
        "consultations": "Roles you were asked about",
        "comments": "Your comments and proposed changes",
        "role": "Role",
        "version": "Version of the role",
        "asked_at": "Asked",
        "response": "Your view",
        "responded_at": "Said",
        "at": "When",
        "proposes": "What it proposed",
        "text": "What you wrote",
        "decision": "Decision",
        "decision_reason": "The reason given",
        "decided_by": "Decided by",
        "decided_at": "Decided",
    },
    values={
        "response": dict(Consultation.Response.choices),
        "proposes": {k: v for k, v in DefinitionComment.Proposes.choices if k},
        "decision": {k: v for k, v in DefinitionComment.Decision.choices if k},
    },
)
