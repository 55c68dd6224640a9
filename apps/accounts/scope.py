"""The organisation a query is scoped to, typed for mypy."""

from typing import cast
from uuid import UUID

from apps.accounts.models import User


def org_id(user: User) -> UUID:
    """``user.organisation_id``, typed as never ``None``.

    Every selector scopes by it. Platform operators (no organisation) are stopped before any
    selector runs (``OperatorMiddleware``, ``IsOrganisationMember``); were one to get here, the
    filter would be ``IS NULL`` and match nothing, as before: every scoped row has an
    organisation. So this only tells the type checker what the middleware guarantees.
    """
    return cast(UUID, user.organisation_id)
