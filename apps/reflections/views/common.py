"""Helpers the reflection pages share: the browser copy's key, the author's own entry, and who
reads an entry, in words."""

from uuid import UUID

from apps.accounts.models import User
from apps.core.capabilities import require
from apps.reflections import policies, selectors
from apps.reflections.models import Reflection

PAGE_SIZE = 20


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
