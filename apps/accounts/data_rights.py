"""The account in a worker's export (its first section). Erasure of the account itself is the
last step of ``apps.workers.data_rights.worker_erase`` (it is renamed and disabled, not deleted),
so this section registers no ``erase``."""

from typing import Any

from apps.accounts.models import User


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
