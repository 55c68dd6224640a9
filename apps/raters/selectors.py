"""Reading external feedback. An invitation and its answers are the worker's own: for anyone
else they do not exist (404). Accepted feedback is evidence, read under the portfolio's rules:
the worker and the people who supervise them today (``accepted_feedback_visible_to``)."""

from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet

from apps.accounts.models import User
from apps.competencies.models import Competency
from apps.competencies.selectors import frameworks_with_competencies
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.raters.models import Answer, Invitation


def _with_details(queryset: QuerySet[Invitation]) -> QuerySet[Invitation]:
    return queryset.prefetch_related(
        Prefetch(
            "competencies",
            queryset=Competency.objects.select_related("framework").order_by("framework__name", "position"),
        ),
        Prefetch("answers", queryset=Answer.objects.select_related("competency", "competency__framework")),
    )


def invitations_of(user: User) -> QuerySet[Invitation]:
    """The user's own invitations, newest first."""
    return _with_details(Invitation.objects.filter(worker_id=user.pk)).order_by("-created_at")


def get_invitation_for(user: User, invitation_id: UUID | str) -> Invitation:
    """One of the user's own invitations; anyone else's is a 404."""
    return get_or_404(invitations_of(user), invitation_id)


def accepted_feedback_visible_to(user: User) -> QuerySet[Invitation]:
    """Feedback accepted as evidence that ``user`` may read: their own, and that of workers they
    supervise under an agreement in force today. Managers and org admins: none."""
    supervisees = caps(user).supervisee_ids
    return _with_details(
        Invitation.objects.filter(decision=Invitation.Decision.ACCEPTED).filter(
            Q(worker_id=user.pk) | Q(worker_id__in=supervisees, organisation_id=user.organisation_id)
        )
    )


def choosable_frameworks(user: User):
    """The frameworks (with domains and active competencies) a worker chooses competencies from."""
    return frameworks_with_competencies(user, kinds=[Competency.Kind.PRACTICE])
