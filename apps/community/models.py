"""The peer community of practice (issue 19, item 1): an organisation-wide space for peer
workers only — discussion threads, replies, and reflections their authors chose to share.

Read only through ``selectors`` (every body read by someone other than its author recorded)
and written only through ``services``. Managers, clinicians and org admins who are not peer
workers never reach any of it.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel

MAX_TITLE = 200
MAX_BODY = 10_000
MAX_REASON = 500


class Thread(TimeStampedModel):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    # Null once the starter's data was erased (the thread stays for the others' replies, its
    # title replaced: see data_rights.erase).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=MAX_TITLE)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The thread list: an organisation's threads newest first, keyset (created_at, id).
            models.Index(fields=["organisation", "-created_at", "-id"], name="community_thread_list_idx"),
        ]

    def __str__(self):
        return self.title


class Post(TimeStampedModel):
    """A post in a thread: a text the author wrote, or one of their own published reflections
    shared into the community (read live from the reflection, so editing or deleting it there
    changes or removes it here)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_posts")
    body = models.TextField(max_length=MAX_BODY, blank=True)
    reflection = models.ForeignKey(
        "reflections.Reflection", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Moderation by a peer lead: hidden from the other members (the author and moderators
    # still read it, with the reason).
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=MAX_REASON, blank=True)

    # What the post shows the reader at hand, set by ``selectors.read_posts`` (pages and
    # serializers print these, never the columns above).
    text: str | None
    shared: Any  # selectors.SharedReflection | None
    reason_shown: bool
    can_moderate: bool

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body="") | Q(reflection__isnull=False), name="community_post_has_body_or_reflection"
            ),
        ]
        indexes = [
            # A thread's posts oldest first, keyset (created_at, id).
            models.Index(fields=["thread", "created_at", "id"], name="community_post_thread_idx"),
            # The digest rule: an organisation's posts of last week.
            models.Index(fields=["organisation", "created_at"], name="community_post_org_idx"),
        ]

    def __str__(self):
        return f"Post by {self.author_id} in {self.thread_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Moderator(TimeStampedModel):
    """A peer lead: a peer worker the org admin asked to moderate the community."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Moderator {self.worker_id}"


class Preference(TimeStampedModel):
    """A member's choice about the weekly digest (no row: the digest is on)."""

    worker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_preference"
    )
    digest = models.BooleanField(default=True)

    def __str__(self):
        return f"Digest {'on' if self.digest else 'off'} for {self.worker_id}"
