"""Reading imports: org admins of the organisation only."""

from typing import Any

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.core.capabilities import caps, require
from apps.core.selectors import get_or_404
from apps.imports.models import ImportRun

ONLY_ADMINS = "Only an org admin can import staff."


def runs_visible_to(user: User) -> QuerySet[ImportRun]:
    """The organisation's imports, newest first (403 for anyone but its org admins)."""
    require(caps(user).is_org_admin, ONLY_ADMINS)
    return ImportRun.objects.filter(organisation_id=org_id(user)).defer("content", "results")


def get_run_for(user: User, run_id: Any, *, with_results: bool = False) -> ImportRun:
    """One import of the user's organisation; another organisation's is a 404."""
    runs = runs_visible_to(user)
    if with_results:
        runs = runs.defer("content")
    return get_or_404(runs, run_id, message="No such import.")
