"""Reading workers, scoped to what the signed-in user may see."""

from uuid import UUID

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404


def workers_visible_to(user: User) -> QuerySet[User]:
    """Org admins see everyone in the organisation; others see themselves, the people in
    their teams, their supervisees and their supervisors. Other organisations: nobody."""
    qs = User.objects.filter(organisation_id=org_id(user), organisation__isnull=False)
    if caps(user).is_org_admin:
        return qs
    return qs.filter(caps(user).colleague_filter())


def get_worker_for(user: User, worker_id: UUID | str) -> User:
    return get_or_404(workers_visible_to(user), worker_id)
