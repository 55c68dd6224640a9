"""Every write to the peer community goes through here, each with its audit row in the same
transaction. Nothing here puts a title or a body in a notification, an e-mail or a log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.community.models import MAX_BODY, MAX_REASON, MAX_TITLE, Moderator, Post, Preference, Thread
from apps.community.policies import NOT_A_MODERATOR, NOT_AN_ADMIN, can_name_moderators, is_member
from apps.community.selectors import is_moderator, require_member, shareable_reflections
from apps.core.capabilities import require
from apps.notifications.services import notify


def clean_text(value: Any, *, field: str, limit: int, required: bool = True) -> str:
    """Text of at most ``limit`` characters (after stripping), no NUL; errors name ``field``."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: "Give text."})
    if "\x00" in value:
        raise ValidationError({field: "Null characters are not allowed."})
    text = value.strip()
    if required and not text:
        raise ValidationError({field: "This field may not be blank."})
    if len(text) > limit:
        raise ValidationError({field: f"Keep it to {limit} characters or fewer."})
    return text


def _own_reflection(actor: User, reflection: Any):
    key = getattr(reflection, "pk", reflection)
    found = shareable_reflections(actor).filter(pk=key).first() if key else None
    if found is None:
        raise ValidationError({"reflection": "Choose one of your own published reflections."})
    return found


def _content(actor: User, *, body: Any, reflection: Any) -> tuple[Any, str]:
    """A post is a text or one of the author's own published reflections, not both."""
    if reflection:
        shared = _own_reflection(actor, reflection)
        if body:
            raise ValidationError({"body": "Share a reflection or write a text, not both."})
        return shared, ""
    if body is None or (isinstance(body, str) and not body.strip()):
        # Neither given: a rule across two fields, so it says what each offers.
        raise ValidationError({"body": "Write the post, or share one of your own published reflections."})
    return None, clean_text(body, field="body", limit=MAX_BODY)


@transaction.atomic
def thread_start(*, actor: User, title: Any, body: Any = "", reflection: Any = None) -> Thread:
    """A peer worker starts a thread: with a text, or by sharing one of their own published
    reflections into the community (their choice; withdrawing the post takes it back)."""
    require_member(actor)
    title = clean_text(title, field="title", limit=MAX_TITLE)
    shared, text = _content(actor, body=body, reflection=reflection)
    thread = Thread.objects.create(organisation_id=org_id(actor), author=actor, title=title)
    post = Post.objects.create(organisation_id=org_id(actor), thread=thread, author=actor, body=text, reflection=shared)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=thread)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=post, detail="reflection" if shared else "")
    return thread


@transaction.atomic
def post_reply(*, actor: User, thread: Thread, body: Any = "", reflection: Any = None) -> Post:
    """A member replies in a thread of their community (a text, or one of their reflections)."""
    require_member(actor)
    if thread.organisation_id != org_id(actor):
        raise ValidationError({"thread": "Not a thread of your community."})
    shared, text = _content(actor, body=body, reflection=reflection)
    post = Post.objects.create(organisation_id=org_id(actor), thread=thread, author=actor, body=text, reflection=shared)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=post, detail="reflection" if shared else "")
    return post


@transaction.atomic
def post_withdraw(*, actor: User, post: Post) -> None:
    """The author takes their post back (a shared reflection leaves the community; the
    reflection itself is untouched). A thread left without posts goes with it."""
    require(post.author_id == actor.pk, "Only its author withdraws a post.")
    thread = post.thread
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=post)
    post.delete()
    if not Post.objects.filter(thread=thread).exists():
        audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=thread)
        thread.delete()


@transaction.atomic
def post_hide(*, actor: User, post: Post, reason: Any) -> Post:
    """A peer lead hides a post from the other members, with a reason the author reads. The
    author is told without any content; the decision is audited (the reason is not copied
    into the trail)."""
    require(is_moderator(actor), NOT_A_MODERATOR)
    reason = clean_text(reason, field="reason", limit=MAX_REASON)
    post = Post.objects.select_for_update().select_related("author").get(pk=post.pk)
    if post.is_hidden:
        raise ValidationError({"post": "This post is already hidden."})
    post.hidden_at = timezone.now()
    post.hidden_by = actor
    post.hidden_reason = reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=post, detail="hidden by a peer lead")
    if post.author_id != actor.pk:
        notify(
            recipient=post.author,
            kind="community_post_hidden",
            message="A peer lead hid one of your posts in the peer community. The reason is on the post.",
            link=reverse("community:post-detail", args=[post.pk]),
        )
    return post


@transaction.atomic
def post_restore(*, actor: User, post: Post) -> Post:
    """A peer lead shows a hidden post again."""
    require(is_moderator(actor), NOT_A_MODERATOR)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not post.is_hidden:
        raise ValidationError({"post": "This post is not hidden."})
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=post, detail="restored by a peer lead")
    return post


@transaction.atomic
def moderator_grant(*, actor: User, worker: Any) -> Moderator:
    """An org admin names a peer worker of the organisation a peer lead."""
    require(can_name_moderators(actor), NOT_AN_ADMIN)
    key = getattr(worker, "pk", worker)
    person = User.objects.filter(pk=key, organisation_id=org_id(actor)).first() if key else None
    if person is None or not is_member(person) or not person.is_active:
        raise ValidationError({"worker": "Choose a peer worker of your organisation."})
    row, created = Moderator.objects.get_or_create(
        worker=person, defaults={"organisation_id": org_id(actor), "granted_by": actor}
    )
    if created:
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=row, subject=person, detail="peer lead")
    return row


@transaction.atomic
def moderator_revoke(*, actor: User, moderator: Moderator) -> None:
    require(can_name_moderators(actor), NOT_AN_ADMIN)
    audit_record(
        actor=actor, action=AuditEvent.Action.DELETE, target=moderator, subject=moderator.worker, detail="peer lead"
    )
    moderator.delete()


@transaction.atomic
def digest_set(*, actor: User, digest: Any) -> Preference:
    """A member turns the weekly digest on or off for themselves."""
    require_member(actor)
    if not isinstance(digest, bool):
        raise ValidationError({"digest": "Give true or false."})
    row, _ = Preference.objects.select_for_update().get_or_create(worker=actor)
    if row.digest != digest:
        row.digest = digest
        row.save(update_fields=["digest", "updated_at"])
    return row
