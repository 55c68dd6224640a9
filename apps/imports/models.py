"""Staff imports from the organisation's HR system (issue 16): the remembered column mapping and
each uploaded file with its dry run and, once applied, its outcome."""

from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel


class Kind(models.TextChoices):
    PEOPLE = "people", "People and team memberships"
    TRAINING = "training", "Training records"


class ImportMapping(TimeStampedModel):
    """Which column of the organisation's HR export holds which field (remembered per kind)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # field name (apps.imports.columns) -> the file's column heading
    columns = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="import_mapping_one_per_org_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} mapping"


class ImportRun(TimeStampedModel):
    """One uploaded file. Always checked (a dry run inside a transaction that is rolled back)
    before it can be applied; applied all-or-nothing."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Waiting for the column mapping"
        CHECKING = "checking", "Checking"
        CHECKED = "checked", "Checked"
        APPLYING = "applying", "Applying"
        APPLIED = "applied", "Applied"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    file_name = models.CharField(max_length=200)
    # The file itself, until it is applied (then emptied: the people it made hold the data).
    content = models.BinaryField(default=b"")
    headers = models.JSONField(default=list)
    columns = models.JSONField(default=dict)
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UPLOADED)
    # {"create": n, "update": n, "unchanged": n, "leave": n, "error": n}
    counts = models.JSONField(default=dict)
    # one entry per data row: {"row", "key", "action", "changes": [...], "errors": [{"column", "message"}]}
    results = models.JSONField(default=list)
    # Set when an apply found problems that the dry run had not (the data changed meanwhile).
    apply_refused = models.BooleanField(default=False)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # runs_visible_to(): an organisation's recent imports, newest first.
            models.Index(fields=["organisation", "-created_at"], name="import_run_org_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} import {self.file_name}"

    @property
    def errors(self) -> int:
        return int(self.counts.get("error", 0))

    @property
    def can_apply(self) -> bool:
        return self.status == self.Status.CHECKED and self.row_count > 0 and not self.errors

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)
