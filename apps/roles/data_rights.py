"""Role assignments in a worker's export, with the questions and answers about each. An
assignment is part of its team's history and stays under the erased worker's anonymised account;
the conversation about it (their words, and the managers' answers to them) is erased."""

from datetime import date, datetime

from django.db.models import Prefetch

from apps.accounts.models import User
from apps.core.readable import Readable
from apps.roles.models import Assignment, AssignmentComment


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
