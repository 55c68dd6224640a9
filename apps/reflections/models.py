"""Reflective learning log entries and the comments on them.

Reflections are among the most sensitive records in pspteam: private by default, read only
through ``selectors.reflections_visible_to`` and written only through ``services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel, UUIDModel


class Reflection(TimeStampedModel):
    class Perspective(models.TextChoices):
        LIVED_EXPERIENCE = "lived_experience", "Lived experience"
        PSYCHOSOCIAL = "psychosocial", "Psychosocial"
        BIOMEDICAL = "biomedical", "Biomedical"
        OTHER = "other", "Other"

    class Reception(models.TextChoices):
        WELCOMED = "welcomed", "Welcomed"
        NEGOTIATED = "negotiated", "Negotiated"
        DISMISSED = "dismissed", "Dismissed"
        NOT_YET = "not_yet", "Not yet"

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private (only me)"
        SUPERVISOR = "supervisor", "My supervisors"
        TEAM = "team", "A team of mine (and my supervisors)"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections")
    # Blank only while a draft: publishing requires a title (checked by the service).
    title = models.CharField(max_length=200, blank=True)
    occurred_on = models.DateField()
    # A key of frameworks.yaml, not TextChoices: frameworks are data, so adding one needs no
    # migration. The services validate it against the loaded file.
    framework = models.CharField(max_length=32)
    # {prompt key: text}; only the framework's prompt keys, only non-empty texts.
    sections = models.JSONField(default=dict, blank=True)
    # Title and section texts in one column for "search my reflections" (kept by the services).
    search_text = models.TextField(blank=True, editable=False)

    # The optional perspective exchange (seed 000: a "claim of competence" the team may
    # welcome or dismiss).
    perspective = models.CharField(max_length=32, choices=Perspective.choices, blank=True)
    shared_with_team = models.BooleanField(default=False)
    reception = models.CharField(max_length=16, choices=Reception.choices, blank=True)

    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE)
    team = models.ForeignKey("teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # The supervisors the author named when sharing (``apps.core.sharing``): they read a
    # `supervisor` or `team` entry while they supervise the author. Team members read a
    # `team` entry by being in the team, named or not. Empty while private.
    readers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    # Colleagues of the named team may reply (issue 19, item 2). The author turns it off and
    # on again at any time; while off, colleagues' replies are kept but shown to the author only.
    replies_open = models.BooleanField(default=True)

    # Drafts (autosaved or saved on purpose) are readable by their author only.
    is_draft = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        constraints = [
            # A team is named only for team visibility ...
            models.CheckConstraint(
                condition=Q(team__isnull=True) | Q(visibility="team"), name="reflection_team_only_for_team_visibility"
            ),
            # ... and a published team entry always names one (a draft may not have chosen yet).
            models.CheckConstraint(
                condition=Q(is_draft=True) | ~Q(visibility="team") | Q(team__isnull=False),
                name="reflection_team_visibility_names_team",
            ),
            models.CheckConstraint(
                condition=Q(is_draft=True) | Q(published_at__isnull=False), name="reflection_published_has_date"
            ),
        ]
        indexes = [
            # "My reflections" (and a supervisor's "shared with me", author IN supervisees):
            # an author's entries, newest first.
            models.Index(fields=["author", "-occurred_on", "-created_at"], name="reflection_author_idx"),
            # The reflection list API (``ReflectionViewSet.list``): an organisation's entries newest
            # first, with the columns of the read rule, so that a keyset page (its keys are this
            # order, ``apps/core/keyset.py``) is one index range scan that reads only the page's
            # rows' text (bench/README.md).
            # (Trailing key columns rather than INCLUDE, which SQLite, the embedded default, lacks.)
            models.Index(
                fields=["organisation", "-occurred_on", "-created_at", "id", "author", "is_draft", "visibility"],
                name="reflection_org_list_idx",
            ),
            # The team learning feed: published team entries of one team, newest first.
            models.Index(
                fields=["team", "-published_at"],
                condition=Q(is_draft=False, visibility="team"),
                name="reflection_team_feed_idx",
            ),
        ]

    def __str__(self):
        return self.title or "Untitled draft"

    @property
    def display_title(self) -> str:
        return self.title or "Untitled draft"


class ReflectionComment(TimeStampedModel):
    """A supervisor's comment on an entry they can read, a team colleague's reply, or the
    author's reply.

    Comments are read only through their reflection: once the entry is private again, its
    comments are hidden from everyone but the author at once. A colleague's reply carries the
    team the entry was shared with when they wrote it, and others see it only while the entry is
    still shared with that team and its replies are on (``policies.comment_filter``).
    """

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=5000)
    # Set only on a team colleague's reply (not a named supervisor's comment, not the author's).
    team = models.ForeignKey("teams.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # A reflection's comments in order (detail page, comments API, comment counts).
            models.Index(fields=["reflection", "created_at"], name="reflection_comment_idx"),
        ]

    def __str__(self):
        return f"Comment by {self.author} on {self.reflection_id}"

    @property
    def is_colleague_reply(self) -> bool:
        return self.team_id is not None

    @property
    def organisation_id(self):
        """The entry's organisation (the audit trail of a reply's read): comments are fetched with
        their reflection (``select_related``/prefetch), so this costs no query."""
        return self.reflection.organisation_id


class ReflectionHelped(UUIDModel):
    """ "This helped me": a team colleague's marker on an entry shared with their team.

    The author only ever sees how many (``selectors.team_reception``, at or above
    ``VOICE_MIN_GROUP``), never who; the marker is its colleague's own (export, erasure, undo).
    """

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="helped_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reflection", "user"], name="reflection_helped_once")]

    def __str__(self):
        return f"Helped marker on {self.reflection_id}"
