"""Reading workers, scoped to what the signed-in user may see."""

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404


def workers_visible_to(user):
    """Org admins see everyone in the organisation; others see themselves, the people in
    their teams, their supervisees and their supervisors. Other organisations: nobody."""
    qs = User.objects.filter(organisation_id=user.organisation_id, organisation__isnull=False)
    if caps(user).is_org_admin:
        return qs
    return qs.filter(caps(user).colleague_filter())


def get_worker_for(user, worker_id):
    return get_or_404(workers_visible_to(user), worker_id)


def org_workers(user):
    """Everyone in the user's organisation: what a manager may add to a team or name in a form."""
    return User.objects.filter(organisation_id=user.organisation_id, organisation__isnull=False)
