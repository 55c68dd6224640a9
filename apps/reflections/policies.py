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

Only a named supervisor comments on or acknowledges an entry; the author replies. Members of
the team a ``team`` entry is shared with (any team role) reply to it while its author keeps
replies on (issue 19, item 2), and mark it "this helped me"; org admins read team entries but
are no colleagues there. Others see a colleague's reply only while the entry is still shared
with the team it was written in and replies are on (``comment_filter``).
"""

from collections.abc import Callable

from django.db.models import F, Q

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


def prime(user: User, reflection: Reflection, *, reads: bool, as_supervisor: bool) -> None:
    """Seed the cached answers of a row a list has already fetched through ``read_filter`` with
    ``supervisor_read_filter`` annotated (the team feed), so that asking the rules of each row
    costs no query; the rules themselves stay the ones above."""
    cache: dict[tuple[object, str], bool] = reflection.__dict__.setdefault("_policy_answers", {})
    cache[(user.pk, read_filter.__name__)] = reads
    cache[(user.pk, supervisor_read_filter.__name__)] = as_supervisor


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


def reads_as_colleague(user: User, reflection: Reflection) -> bool:
    """``user`` is a current member of the team the published entry is shared with, and reads it."""
    return (
        not reflection.is_draft
        and reflection.visibility == Reflection.Visibility.TEAM
        and reflection.author_id != user.pk
        and reflection.team_id in caps(user).team_ids
        and can_read(user, reflection)
    )


def can_reply_as_colleague(user: User, reflection: Reflection) -> bool:
    """A colleague of the entry's team replies while its author keeps replies on (a named
    supervisor of the author comments as a supervisor instead)."""
    return (
        reflection.replies_open and reads_as_colleague(user, reflection) and not reads_as_supervisor(user, reflection)
    )


def can_comment(user: User, reflection: Reflection) -> bool:
    """Named supervisors comment on entries they read; team colleagues reply while replies are
    on; the author replies."""
    if reflection.is_draft:
        return False
    if reflection.author_id == user.pk:
        return True
    return reads_as_supervisor(user, reflection) or can_reply_as_colleague(user, reflection)


def can_mark_helped(user: User, reflection: Reflection) -> bool:
    """Colleagues of the entry's team say "this helped me" (whether replies are on or off)."""
    return reads_as_colleague(user, reflection)


def comment_filter(user: User) -> Q:
    """Which comments of an entry ``user`` may already read are shown to them, as a ``Q`` over
    ``ReflectionComment`` (one query for a whole feed page): everything to the entry's author;
    to others, supervisors' comments and the author's replies, their own replies, and colleagues'
    replies while the entry is still shared with the team they were written in and replies are on.
    """
    return (
        Q(reflection__author_id=user.pk)
        | Q(team__isnull=True)
        | Q(author_id=user.pk)
        | Q(
            reflection__visibility=Reflection.Visibility.TEAM,
            reflection__replies_open=True,
            team_id=F("reflection__team_id"),
        )
    )


def can_acknowledge(user: User, reflection: Reflection) -> bool:
    """A named supervisor of the author says "seen, thank you"."""
    return reads_as_supervisor(user, reflection)
