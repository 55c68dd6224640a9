"""Helpers the reflection pages share: who the author may share with, the readers ticked on a
form, the browser copy's key, the author's own entry, and who reads an entry, in words."""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.core.capabilities import caps, require
from apps.reflections import policies, selectors
from apps.reflections.models import Reflection
from apps.teams.models import Team

PAGE_SIZE = 20


def my_teams(user: User, reflection: Reflection | None = None) -> QuerySet[Team]:
    """Teams the user may share with; an entry keeps the team it is already shared with (even
    after the author left it) so that editing something else does not fail on ``team``."""
    ids = set(caps(user).team_ids)
    if reflection is not None and reflection.team_id:
        ids.add(reflection.team_id)
    return Team.objects.filter(pk__in=ids, organisation_id=org_id(user)).order_by("name")


def current_readers(reflection: Reflection) -> set[Any] | None:
    """Ticked on an edit or sharing form: the entry's readers while shared; for a private
    entry, ``None`` (the peer supervisors are ticked, as for sharing anew)."""
    if reflection.visibility == Reflection.Visibility.PRIVATE:
        return None
    return set(reflection.readers.values_list("pk", flat=True))


def local_key(user: User, reflection: Reflection | None = None) -> str:
    """The browser-side copy of unsaved text is per user and per entry ("new" before it exists)."""
    return f"pspteam:reflection:{user.pk}:{reflection.pk if reflection else 'new'}"


def own_reflection(user: User, reflection_id: UUID) -> Reflection:
    """An entry ``user`` may read (else 404) and wrote (else 403): the edit, sharing and delete pages."""
    reflection = selectors.get_reflection_for(user, reflection_id)
    require(policies.can_edit(user, reflection), "Only the author can change this reflection.")
    return reflection


def sharing_phrase(reflection: Reflection) -> str:
    """Who reads it, in words, naming the supervisors (for the author)."""
    names = selectors.reader_names(reflection)
    if reflection.visibility == Reflection.Visibility.TEAM and reflection.team is not None:
        if names:
            return f"{', '.join(names)} and {reflection.team.name} can read it"
        return f"{reflection.team.name} can read it (no supervisor named)"
    if reflection.visibility == Reflection.Visibility.SUPERVISOR:
        if names:
            return f"{', '.join(names)} can read it"
        return "no supervisor is named, so only you can read it"
    return "only you can read it"
