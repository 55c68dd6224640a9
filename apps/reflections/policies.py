"""Who may read, comment on and acknowledge a reflection (spec §2, issue 13).

One rule, written once as a ``Q`` (``read_filter``); the instance checks query that same
filter for the one entry, so the two can never drift apart.

* the author: always (drafts included);
* nobody else ever reads a draft, or anything of an author who has left;
* a supervisor the author *named* when sharing (``readers``), while they supervise the
  author under an agreement in force today (any kind): visibility ``supervisor`` or
  ``team``. A supervisor who was not named — a later one, or a line manager the worker did
  not choose — does not read it as a supervisor;
* a member of the named team (any team role, managers included): visibility ``team``;
* an org admin: visibility ``team`` only;
* everyone else, and every other organisation: the entry does not exist (404).

Only a named supervisor comments on or acknowledges an entry (team members read team
entries but do not comment); the author replies.
"""

from collections.abc import Callable

from django.db.models import Q

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.core.sharing import author_not_left_q, named_reader_q
from apps.reflections.models import Reflection

SHARED_WITH_SUPERVISORS = ("supervisor", "team")


def supervisor_read_filter(user: User) -> Q:
    """Published entries ``user`` reads as a named supervisor of their author."""
    return (
        Q(is_draft=False, visibility__in=SHARED_WITH_SUPERVISORS)
        & named_reader_q(user, Reflection.readers.through, "reflection_id")
        & author_not_left_q(user)
    )


def read_filter(user: User) -> Q:
    """The read rule as a ``Q`` over ``Reflection`` (organisation scoping is the selector's)."""
    me = caps(user)
    team = None
    if me.is_org_admin:
        # Org admins read every `team` entry of their organisation, and never a `supervisor` one.
        team = Q(visibility="team")
    elif me.team_ids:
        team = Q(visibility="team", team_id__in=me.team_ids)
    others = supervisor_read_filter(user)
    if team is not None:
        others |= Q(is_draft=False) & team & author_not_left_q(user)
    return Q(author_id=user.pk) | others


def _matches(user: User, reflection: Reflection, rule: Callable[[User], Q]) -> bool:
    """Does ``reflection`` pass ``rule`` (a Q of this module)? One query, cached on the
    instance for this user (a page asks several questions of the same entry)."""
    cache: dict[tuple[object, str], bool] = reflection.__dict__.setdefault("_policy_answers", {})
    key = (user.pk, rule.__name__)
    if key not in cache:
        cache[key] = (
            reflection.organisation_id == user.organisation_id
            and Reflection.objects.filter(pk=reflection.pk).filter(rule(user)).exists()
        )
    return cache[key]


def forget(reflection: Reflection) -> None:
    """Drop cached answers after the entry's sharing changed."""
    reflection.__dict__.pop("_policy_answers", None)


def can_read(user: User, reflection: Reflection) -> bool:
    """The instance form of ``read_filter`` (the same Q, asked of this one entry)."""
    return _matches(user, reflection, read_filter)


def reads_as_supervisor(user: User, reflection: Reflection) -> bool:
    """``user`` reads the entry because the author named them and they supervise the author."""
    return reflection.author_id != user.pk and _matches(user, reflection, supervisor_read_filter)


def can_edit(user: User, reflection: Reflection) -> bool:
    """Only the author writes, shares, un-shares or deletes an entry."""
    return reflection.author_id == user.pk


def can_comment(user: User, reflection: Reflection) -> bool:
    """Named supervisors comment on entries they read; the author replies."""
    if reflection.is_draft:
        return False
    if reflection.author_id == user.pk:
        return True
    return reads_as_supervisor(user, reflection)


def can_acknowledge(user: User, reflection: Reflection) -> bool:
    """A named supervisor of the author says "seen, thank you"."""
    return reads_as_supervisor(user, reflection)
