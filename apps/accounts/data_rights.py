"""The account in a worker's export (its first section). Erasure of the account itself is the
last step of ``apps.workers.data_rights.worker_erase`` (it is renamed and disabled, not deleted),
so this section registers no ``erase``."""

from typing import Any

from apps.accounts.models import User
from apps.core.readable import Readable


def export(user: User) -> dict[str, Any]:
    return {
        "id": str(user.pk),
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "organisation": user.organisation.name if user.organisation else None,
        "worker_kind": user.worker_kind,
        "status": user.status,
        "stepped_away_until": user.stepped_away_until.isoformat() if user.stepped_away_until else None,
        "contracted_hours_per_week": str(user.contracted_hours_per_week),
        "is_org_admin": user.is_org_admin,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


# How this section reads on the My data page (the same export, in words).
READABLE = Readable(
    title="Your account",
    labels={
        "username": "Username",
        "display_name": "Name",
        "email": "E-mail address",
        "organisation": "Organisation",
        "worker_kind": "Kind of worker",
        "status": "Status",
        "stepped_away_until": "Stepped away until",
        "contracted_hours_per_week": "Contracted hours a week",
        "is_org_admin": "Organisation admin",
        "date_joined": "Account created",
        "last_login": "Last signed in",
    },
    values={"worker_kind": dict(User.WorkerKind.choices), "status": dict(User.Status.choices)},
)
