from typing import Any

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.core import answers
from apps.core.capabilities import caps


def me_payload(user: User) -> dict[str, Any]:
    """Everything ``GET me/`` returns: the user, their organisation, teams and supervisees."""
    my = caps(user)
    # Team names come from the teams app (above accounts), through the questions it answers.
    teams = answers.teams().names(my.team_ids)
    supervisees = User.objects.filter(pk__in=my.supervisee_ids).order_by("display_name").values("id", "display_name")
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "organisation": user.organisation,
        "worker_kind": user.worker_kind,
        "status": user.status,
        "stepped_away_until": user.stepped_away_until,
        "contracted_hours_per_week": user.contracted_hours_per_week,
        "is_org_admin": user.is_org_admin,
        "teams": [{"id": pk, "name": name, "team_role": my.team_roles[pk]} for pk, name in teams],
        "supervisees": list(supervisees),
    }


def org_workers(user: User) -> QuerySet[User]:
    """Everyone in the user's organisation: what a manager may add to a team or name in a form."""
    return User.objects.filter(organisation_id=org_id(user), organisation__isnull=False)
