"""The API's permission class (``DEFAULT_PERMISSION_CLASSES``): a member of an organisation, and,
for a write, the view's *write policy*, asked before the body is read (docs/api.md, "Errors").

A service checks its policy after the view has validated the body; asked only there, a persona
who may not use an endpoint got a 400 for a bad body (and learnt the endpoint's body rules, or
that an object they may not change exists) before the 403. So each view declares, per action,
who may use it at all::

    write_policies = {
        "create": allow_if(can_create_teams, "Only an org admin can create teams."),
        "partial_update": allow_if(lambda user, team: ..., "..."),
    }

and this class asks it in DRF's ``initial()`` (a create or another list-level action: the policy
takes the user) or in ``get_object()`` (a detail action, which every detail write calls before it
reads the body: the policy takes the user and the object). A policy answers ``None`` (allowed) or
the refusal's message (403). Reads are never asked; services keep their own checks, which also
decide what depends on the body (which team, which field).
"""

from collections.abc import Callable
from typing import Any

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

NOT_ALLOWED = "You do not have permission to do this."

# A write policy: the user (and, for a detail action, the object) -> None, or why not.
Policy = Callable[..., str | None]


def allow_if(check: Callable[..., bool], message: str = NOT_ALLOWED) -> Policy:
    """A policy from a yes/no rule (``check(user)`` or ``check(user, obj)``) and its refusal."""

    def policy(*args: Any) -> str | None:
        return None if check(*args) else message

    return policy


def write_policy(request: Any, view: Any) -> Policy | None:
    if request.method in SAFE_METHODS:
        return None
    return getattr(view, "write_policies", {}).get(getattr(view, "action", None))


def _refuse(refusal: str | None) -> None:
    if refusal:
        raise PermissionDenied(refusal)


class IsOrganisationMember(BasePermission):
    """Signed in and belonging to an organisation (platform superusers have none); for a write,
    allowed by the view's write policy for that action, before its body is read."""

    message = "Authentication credentials were not provided."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active and user.organisation_id):
            return False
        policy = write_policy(request, view)
        if policy is not None and not getattr(view, "detail", False):
            _refuse(policy(user))
        return True

    def has_object_permission(self, request, view, obj):
        policy = write_policy(request, view)
        if policy is not None and getattr(view, "detail", False):
            _refuse(policy(request.user, obj))
        return True
