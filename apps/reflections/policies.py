"""Who may read, comment on and acknowledge a reflection (spec §2).

The read rule is written twice on purpose: once as a ``Q`` for querysets (``read_filter``)
and once for an instance in hand (``can_read``). Tests walk both through every persona.

* the author: always (drafts included);
* nobody else ever reads a draft;
* a supervisor of the author (agreement active today): visibility ``supervisor`` or ``team``;
* a member of the named team (any team role, managers included): visibility ``team``;
* an org admin: visibility ``team`` only;
* everyone else, and every other organisation: the entry does not exist (404).
"""

from django.db.models import Q

from apps.core.capabilities import caps

SHARED_WITH_SUPERVISORS = ("supervisor", "team")


def read_filter(user) -> Q:
    """The read rule as a ``Q`` over ``Reflection`` (organisation scoping is the selector's)."""
    me = caps(user)
    others = Q(visibility__in=SHARED_WITH_SUPERVISORS, author_id__in=me.supervisee_ids)
    if me.is_org_admin:
        # Org admins read every `team` entry of their organisation, and never a `supervisor` one.
        others |= Q(visibility="team")
    elif me.team_ids:
        others |= Q(visibility="team", team_id__in=me.team_ids)
    return Q(author_id=user.pk) | (Q(is_draft=False) & others)


def can_read(user, reflection) -> bool:
    if reflection.organisation_id != user.organisation_id:
        return False
    if reflection.author_id == user.pk:
        return True
    if reflection.is_draft:
        return False
    me = caps(user)
    if reflection.visibility in SHARED_WITH_SUPERVISORS and me.supervises(reflection.author_id):
        return True
    if reflection.visibility == "team":
        return me.is_org_admin or me.is_member_of(reflection.team_id)
    return False


def can_edit(user, reflection) -> bool:
    """Only the author writes, shares, un-shares or deletes an entry."""
    return reflection.author_id == user.pk


def can_comment(user, reflection) -> bool:
    """Supervisors of the author comment on entries they can read; the author replies."""
    if reflection.is_draft:
        return False
    if reflection.author_id == user.pk:
        return True
    return caps(user).supervises(reflection.author_id) and can_read(user, reflection)


def can_acknowledge(user, reflection) -> bool:
    """A supervisor of the author says "seen, thank you" on an entry they can read."""
    return (
        not reflection.is_draft
        and reflection.author_id != user.pk
        and caps(user).supervises(reflection.author_id)
        and can_read(user, reflection)
    )
