"""Append-only trail of who did what to which sensitive record (reads of bodies included)."""

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:  # noqa: D401 - the trail is append-only
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        READ = "read", "Read"
        CREATE = "create", "Create"
        UPDATE = "update", "Update"
        DELETE = "delete", "Delete"
        EXPORT = "export", "Export"
        ERASE = "erase", "Erase"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    target_type = models.CharField(max_length=64)
    target_id = models.UUIDField(null=True)
    # Whose record it is: lets a worker see who has read their entries.
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
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
