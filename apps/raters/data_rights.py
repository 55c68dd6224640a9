"""External feedback in a worker's export, and its erasure (issue 17, part 8)."""

from apps.core.readable import Readable
from apps.raters.models import Answer, Invitation


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    invitations = (
        Invitation.objects.filter(worker=user)
        .prefetch_related("competencies", "answers__competency")
        .order_by("created_at")
    )
    return {
        "invitations": [
            {
                "rater_name": i.rater_name,
                "rater_email": i.rater_email,
                "relationship": i.relationship,
                "competencies": [f"{c.code} {c.title}" for c in i.competencies.all()],
                "state": i.state,
                "decision": i.decision,
                "created_at": _iso(i.created_at),
                "expires_at": _iso(i.expires_at),
                "submitted_at": _iso(i.submitted_at),
                "revoked_at": _iso(i.revoked_at),
                "answers": [
                    {
                        "competency": f"{a.competency.code} {a.competency.title}",
                        "observed": a.observed,
                        "comment": a.comment,
                    }
                    for a in i.answers.all()
                ],
            }
            for i in invitations
        ]
    }


def erase(worker) -> None:
    """Every invitation the worker sent, with the raters' names and addresses and their answers:
    an open link becomes an unknown one (404), so no rater can be reached through it again."""
    Invitation.objects.filter(worker=worker).delete()


READABLE = Readable(
    title="Feedback from others",
    labels={
        "invitations": "Invitations",
        "rater_name": "Asked",
        "rater_email": "Their e-mail address",
        "relationship": "How they know my work",
        "competencies": "Asked about",
        "state": "State",
        "decision": "My decision",
        "created_at": "Sent",
        "expires_at": "Link expires",
        "submitted_at": "Answered",
        "revoked_at": "Withdrawn",
        "answers": "Answers",
        "competency": "Competency",
        "observed": "Seen",
        "comment": "Comment",
    },
    values={
        "relationship": dict(Invitation.Relationship.choices),
        "state": dict(Invitation.State.choices),
        "decision": dict(Invitation.Decision.choices),
        "observed": dict(Answer.Observed.choices),
    },
)
