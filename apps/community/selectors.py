"""Reading the peer community: only for peer workers of the organisation, newest threads
first and a thread's posts in order, one keyset page per query; every title and body shown to
someone other than its author recorded by one bulk INSERT per page (``audit_reads``).

A post hidden by a peer lead is shown to the other members as hidden, without its text (and
without an audit row, since nothing was read); its author and the moderators still read it.
Templates and serializers print ``post.text`` and ``post.shared`` (set here), never the
columns: so a hidden body cannot reach a page by a template's mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.services import audit_reads
from apps.community.models import Moderator, Post, Preference, Thread
from apps.community.policies import NOT_A_MEMBER, is_member
from apps.core.capabilities import require
from apps.core.keyset import KeysetPage, keyset_page
from apps.core.selectors import get_or_404
from apps.reflections.frameworks import get_framework
from apps.reflections.models import Reflection


@dataclass(frozen=True)
class SharedReflection:
    """A reflection shared into the community, as it reads today (title and its prompts' text)."""

    title: str
    framework: str
    sections: list[tuple[str, str]]


def require_member(user: User) -> None:
    """403 for anyone who is not a peer worker: the community's pages exist, but not for them."""
    require(is_member(user), NOT_A_MEMBER)


def is_moderator(user: User) -> bool:
    """A peer lead: named by the org admin, and still a peer worker of the organisation."""
    return is_member(user) and Moderator.objects.filter(worker_id=user.pk, organisation_id=org_id(user)).exists()


def threads_visible_to(user: User) -> QuerySet[Thread]:
    if not is_member(user):
        return Thread.objects.none()
    return Thread.objects.filter(organisation_id=org_id(user))


def posts_visible_to(user: User) -> QuerySet[Post]:
    """Every post of the organisation's community (hidden ones too: ``read_posts`` decides what
    of each is shown)."""
    if not is_member(user):
        return Post.objects.none()
    return Post.objects.filter(organisation_id=org_id(user)).select_related("author", "reflection", "thread")


def get_thread_for(user: User, thread_id: object) -> Thread:
    """A thread of the user's community, or 404 (for anyone who is not a member, too)."""
    thread = get_or_404(threads_visible_to(user).select_related("author"), thread_id)
    audit_reads(actor=user, targets=[thread], detail="community thread")
    return thread


def find_post(user: User, post_id: object) -> Post:
    """One post of the user's community, or 404, without reading it (moderation, withdrawal)."""
    return get_or_404(posts_visible_to(user), post_id)


def get_post_for(user: User, post_id: object, *, moderator: bool | None = None) -> Post:
    """One post, or 404; its body's read recorded when shown to someone else."""
    post = get_or_404(posts_visible_to(user), post_id)
    read_posts(user, [post], moderator=moderator)
    return post


def with_post_counts(queryset: QuerySet[Thread]) -> QuerySet[Thread]:
    return queryset.select_related("author").annotate(post_count=Count("posts"))


def audit_thread_reads(user: User, threads: list[Thread]) -> None:
    """Record that ``user`` read these threads' titles (one INSERT)."""
    audit_reads(actor=user, targets=threads, detail="community thread")


def thread_page(user: User, *, cursor: str | None, size: int = 20) -> KeysetPage[Thread]:
    """The newest threads after ``cursor`` (one query), their titles' reads recorded (one INSERT)."""
    page = keyset_page(with_post_counts(threads_visible_to(user)), cursor=cursor, size=size, newest_first=True)
    audit_thread_reads(user, page.items)
    return page


def post_page(user: User, thread: Thread, *, cursor: str | None, size: int = 20, moderator: bool) -> KeysetPage[Post]:
    """A thread's posts in order after ``cursor`` (one query), each body shown recorded (one INSERT)."""
    page = keyset_page(posts_visible_to(user).filter(thread=thread), cursor=cursor, size=size, newest_first=False)
    read_posts(user, page.items, moderator=moderator)
    return page


def shared_reflection(reflection: Reflection) -> SharedReflection:
    """The reflection's title and texts in its framework's prompt order (a prompt since removed
    from the framework last, under its key)."""
    framework = get_framework(reflection.framework)
    labels = {p.key: p.label for p in framework.prompts} if framework else {}
    order = list(labels)
    sections = reflection.sections or {}
    keys = [k for k in order if sections.get(k)] + [k for k in sections if k not in labels and sections.get(k)]
    return SharedReflection(
        title=reflection.display_title,
        framework=framework.label if framework else reflection.framework,
        sections=[(labels.get(k) or k, str(sections[k])) for k in keys],
    )


def body_shown(user: User, post: Post, *, moderator: bool) -> bool:
    """The one rule for a post's text: not hidden, or the reader wrote it, or moderates."""
    return not post.is_hidden or post.author_id == user.pk or moderator


def read_posts(user: User, rows: Iterable[Post], *, moderator: bool | None = None) -> list[Post]:
    """Set what each post shows ``user`` (``text``, ``shared``, ``reason_shown``) and record the
    reads of every body shown that ``user`` did not write, in one INSERT."""
    rows = list(rows)
    if moderator is None:
        moderator = is_moderator(user) if any(p.is_hidden for p in rows) else False
    shown = []
    for post in rows:
        post.can_moderate = moderator
        post.reason_shown = post.is_hidden and (post.author_id == user.pk or moderator)
        if body_shown(user, post, moderator=moderator):
            post.text = post.body
            post.shared = shared_reflection(post.reflection) if post.reflection is not None else None
            shown.append(post)
        else:
            post.text = None
            post.shared = None
    audit_reads(actor=user, targets=shown, detail="community post")
    return rows


def my_posts(user: User) -> QuerySet[Post]:
    return Post.objects.filter(author_id=user.pk, organisation_id=org_id(user))


def shareable_reflections(user: User) -> QuerySet[Reflection]:
    """The user's own published reflections (what they may share into the community)."""
    return Reflection.objects.filter(author_id=user.pk, organisation_id=org_id(user), is_draft=False).order_by(
        "-occurred_on", "-created_at"
    )


def moderators_of(user: User) -> QuerySet[Moderator]:
    return (
        Moderator.objects.filter(organisation_id=org_id(user)).select_related("worker").order_by("worker__display_name")
    )


def moderator_candidates(user: User) -> QuerySet[User]:
    """Peer workers of the organisation who are not peer leads yet (the org admin's choice)."""
    return (
        User.objects.filter(organisation_id=org_id(user), worker_kind=User.WorkerKind.PEER, is_active=True)
        .exclude(status=User.Status.LEFT)
        .exclude(pk__in=Moderator.objects.filter(organisation_id=org_id(user)).values("worker_id"))
        .order_by("display_name")
    )


def digest_on(user: User) -> bool:
    row = Preference.objects.filter(worker_id=user.pk).values_list("digest", flat=True).first()
    return True if row is None else bool(row)


def thread_rows_for_csv(user: User, thread: Thread, *, moderator: bool) -> list[dict[str, Any]]:
    """A thread's posts for its CSV download (at most 1000), each body shown recorded."""
    rows = read_posts(
        user, posts_visible_to(user).filter(thread=thread).order_by("created_at", "id")[:1000], moderator=moderator
    )
    out = []
    for post in rows:
        if post.text is None:
            text = "Hidden by a peer lead."
        elif post.shared is not None:
            text = "\n\n".join([post.shared.title, *(f"{label}: {body}" for label, body in post.shared.sections)])
        else:
            text = post.text
        out.append({"at": post.created_at, "author": post.author.display_name, "text": text})
    return out
