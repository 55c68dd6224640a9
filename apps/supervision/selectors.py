"""Reading agreements and sessions, scoped to what the signed-in user may see (spec §2).

* Agreements: the supervisee (own), the supervisor, managers of one of the supervisee's
  teams, and org admins. Managers and admins read the agreement and its state, never the
  sessions' content.
* Sessions: the supervisor who recorded them and the supervisees of the agreements they
  cover. Nobody else.
"""

from django.conf import settings
from django.db.models import Max, Q

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.supervision.models import Agreement, SupervisionSession
from apps.supervision.state import agreement_state


def managed_worker_ids(user) -> set:
    """Workers who are active members of a team ``user`` manages (cached for the request)."""
    cached = getattr(user, "_psp_managed_worker_ids", None)
    if cached is None:
        from apps.teams.models import Membership

        my = caps(user)
        if not my.managed_team_ids:
            cached = set()
        else:
            cached = set(
                Membership.objects.active(my.today)
                .filter(team_id__in=my.managed_team_ids)
                .values_list("worker_id", flat=True)
            )
        user._psp_managed_worker_ids = cached
    return cached


def can_manage_agreements_of(user, supervisee_id) -> bool:
    """Org admins, and managers of one of the supervisee's teams, create and end agreements."""
    return caps(user).is_org_admin or supervisee_id in managed_worker_ids(user)


def agreements_visible_to(user):
    qs = Agreement.objects.filter(organisation_id=user.organisation_id)
    if caps(user).is_org_admin:
        return qs
    return qs.filter(
        Q(supervisee_id=user.pk) | Q(supervisor_id=user.pk) | Q(supervisee_id__in=managed_worker_ids(user))
    )


def agreements_with_state(user, *, lead_days=None):
    """Visible agreements with their people, ``state``/``state_rank`` and ``supervisor_load``."""
    today = caps(user).today
    return (
        agreements_visible_to(user)
        .select_related("supervisee", "supervisor")
        .with_state(today, lead_days)
        .with_supervisor_load(today)
    )


def get_agreement_for(user, agreement_id):
    return get_or_404(agreements_with_state(user), agreement_id)


def agreements_supervised_by(user):
    """Agreements in force today where ``user`` is the supervisor: what they may record sessions on."""
    today = caps(user).today
    return (
        Agreement.objects.active(today)
        .filter(organisation_id=user.organisation_id, supervisor_id=user.pk)
        .select_related("supervisee", "supervisor")
        .with_state(today)
    )


def is_overloaded(load: int | None) -> bool:
    return load is not None and load > settings.MAX_SUPERVISEES


def supervisor_load(supervisor, today) -> int:
    """Distinct people ``supervisor`` supervises under agreements in force (leavers not counted)."""
    return (
        Agreement.objects.active(today)
        .filter(supervisor_id=supervisor.pk)
        .exclude(supervisee__status=User.Status.LEFT)
        .values("supervisee_id")
        .distinct()
        .count()
    )


def state_of(agreement, user) -> str:
    """The agreement's state for display: the annotation when present, else the same rule in Python."""
    state = getattr(agreement, "state", None)
    return state if state is not None else agreement_state(agreement, today=caps(user).today)


def sessions_visible_to(user):
    through = SupervisionSession.agreements.through
    covering_me = through.objects.filter(
        Q(agreement__supervisee_id=user.pk) | Q(agreement__supervisor_id=user.pk)
    ).values("supervisionsession_id")
    return SupervisionSession.objects.filter(organisation_id=user.organisation_id).filter(
        Q(recorded_by_id=user.pk) | Q(pk__in=covering_me)
    )


def sessions_for_listing(user):
    return (
        sessions_visible_to(user)
        .select_related("recorded_by")
        .prefetch_related("agreements__supervisee", "boundary_notes")
        .order_by("-held_on", "-created_at")
    )


def get_session_for(user, session_id):
    return get_or_404(sessions_for_listing(user), session_id)


def last_held_on_by_agreement(agreement_ids) -> dict:
    """``{agreement_id: latest held_on}`` over the sessions covering each agreement."""
    through = SupervisionSession.agreements.through
    rows = (
        through.objects.filter(agreement_id__in=list(agreement_ids))
        .values("agreement_id")
        .annotate(last=Max("supervisionsession__held_on"))
        .values_list("agreement_id", "last")
    )
    return dict(rows)
