"""External feedback as portfolio evidence (issue 17, part 1): the "External feedback" kind,
registered from ``RatersConfig.ready()`` into ``apps.portfolio.evidence`` (this app sits above
the portfolio: it may import it, never the other way round).

Only feedback the worker accepted can be linked (``linkable``), and it is linked for them when
they accept it (``services.feedback_accept``) to each competency the rater was asked about. On
the map it reads as a label — who it came from (the relationship, never the rater's name) and
when — never an answer or a comment. Its readers are ``selectors.accepted_feedback_visible_to``
(the worker and their supervisors today; managers never), and a reader other than the worker is
recorded as a read.
"""

from datetime import date

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.portfolio.evidence import register_evidence_kind
from apps.raters.models import Invitation
from apps.raters.selectors import accepted_feedback_visible_to

KIND = "external_feedback"


def accepted_feedback_of(worker: User) -> QuerySet[Invitation]:
    """The feedback the worker accepted as evidence: theirs to link."""
    return Invitation.objects.filter(
        worker_id=worker.pk, organisation_id=org_id(worker), decision=Invitation.Decision.ACCEPTED
    )


def visible(viewer: User) -> QuerySet[Invitation]:
    # Ids only are read from it (``EvidenceKind.readable_ids``): no answers prefetched.
    return accepted_feedback_visible_to(viewer).prefetch_related(None)


def can_read(viewer: User, invitation: Invitation) -> bool:
    return visible(viewer).filter(pk=invitation.pk).exists()


def describe(invitation: Invitation) -> str:
    """A label: the relationship, never the rater's name nor anything they wrote."""
    relationship = Invitation.Relationship(invitation.relationship).label
    return f"Feedback from {relationship[0].lower()}{relationship[1:]}"


def dated(invitation: Invitation) -> date | None:
    return invitation.submitted_at.date() if invitation.submitted_at else None


def register() -> None:
    register_evidence_kind(
        KIND,
        label="External feedback",
        model=Invitation,
        can_read=can_read,
        visible=visible,
        linkable=accepted_feedback_of,
        describe=describe,
        dated=dated,
        order=50,
        audited=True,
    )
