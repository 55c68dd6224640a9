"""Append-only trail of who did what to which sensitive record (reads of bodies included)."""

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from apps.audit.fields import UUIDListField


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:  # noqa: D401 - the trail is append-only
        raise TypeError("Audit events are append-only.")

    # A row names its record(s) either in ``target_id``/``subject`` (one record) or in
    # ``target_ids``/``subject_ids`` (a list page's reads): ask for a record or a person through
    # these, never through the single columns alone.
    def naming_target(self, target_id: Any) -> "AuditEventQuerySet":
        """Events about the record ``target_id`` (alone, or among the records one read showed)."""
        return self.filter(models.Q(target_id=target_id) | models.Q(target_ids__has=target_id))

    def about_subject(self, subject_id: Any) -> "AuditEventQuerySet":
        """Events about ``subject_id``'s records (theirs alone, or among those one read showed)."""
        return self.filter(models.Q(subject_id=subject_id) | models.Q(subject_ids__has=subject_id))


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        READ = "read", "Read"
        CREATE = "create", "Create"
        UPDATE = "update", "Update"
        DELETE = "delete", "Delete"
        EXPORT = "export", "Export"
        ERASE = "erase", "Erase"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: audit_org_at_idx leads with it.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The partition key on PostgreSQL (monthly partitions, migration 0004), with a BRIN index
    # there for the retention run's "at < cutoff" in the one partition that straddles it.
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    target_type = models.CharField(max_length=64)
    target_id = models.UUIDField(null=True)
    # Whose record it is: lets a worker see who has read their entries. No index of its own:
    # audit_subject_at_idx leads with it.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    # A read of two or more records at once (a list page, a feed): one row naming them all, the
    # i-th subject being the i-th target's author; ``target_id`` and ``subject`` are then empty.
    # GIN-indexed on PostgreSQL ("who read my entries", the browser's record filter).
    target_ids = UUIDListField(null=True, blank=True)
    subject_ids = UUIDListField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True)
    detail = models.CharField(max_length=200, blank=True)  # never record content here
    # From the audit context: the request (or task) id that matches the log lines, and how.
    request_id = models.CharField(max_length=64, blank=True, default="")
    via = models.CharField(max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [
            # "who read my entries": a subject's reads, newest first.
            models.Index(fields=["subject", "-at"], name="audit_subject_at_idx"),
            # the org admin's audit browser, newest first.
            models.Index(fields=["organisation", "-at"], name="audit_org_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Audit events are append-only; retention is enforced by a periodic task.")

    @property
    def target_count(self) -> int:
        """How many records this event is about (a list page's read names several)."""
        return len(self.target_ids) if self.target_ids else int(self.target_id is not None)

    def targets(self) -> list[tuple[uuid.UUID | None, uuid.UUID | None]]:
        """``(target id, subject id)`` of each record this event is about, in the order shown."""
        if self.target_ids:
            return list(zip(self.target_ids, self.subject_ids or [], strict=True))
        return [(self.target_id, self.subject_id)] if self.target_id is not None else []

    def targets_of(self, subject_id: Any) -> list[uuid.UUID | None]:
        """The ids of ``subject_id``'s records this event is about."""
        return [target for target, subject in self.targets() if subject == subject_id]
