"""A worker's portfolio documents (issue 17, parts 6 and 7): a PDF they asked for, and the
verification a third party uses to confirm what it shows.

The file is stored under a random name; only its owner downloads it. The verification code is
printed on the PDF and never stored: only its SHA-256 (60 random bits, looked up under a rate
limit, so a plain hash is enough). ``facts`` is the snapshot of what the PDF shows that a third
party may confirm — names, dates and totals, never text — taken when it was rendered, so later
changes to the records neither change nor break what was handed over.
"""

import secrets

from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel


def document_upload_to(instance: "PortfolioDocument", filename: str) -> str:
    # Random, so a file's name says nothing about whose it is or when it was made.
    return f"portfolio-documents/{secrets.token_urlsafe(24)}.pdf"


class PortfolioDocument(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RENDERING = "rendering", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    # Section keys in the order chosen (``sections.SECTIONS``).
    sections = models.JSONField(default=list)
    # The reflections the worker picked, one by one (their own, published).
    reflections = models.ManyToManyField("reflections.Reflection", blank=True, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to=document_upload_to, blank=True, max_length=200)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    page_count = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField(null=True, blank=True)
    # Set when the retention rule deleted the file (the verification still answers until its own
    # retention ends).
    file_deleted_at = models.DateTimeField(null=True, blank=True)

    code_hash = models.CharField(max_length=64, blank=True)
    code_hint = models.CharField(max_length=4, blank=True)  # the code's last four characters, for the owner's list
    facts = models.JSONField(default=dict, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # "My portfolio documents": a worker's documents, newest first.
            models.Index(fields=["worker", "-created_at"], name="portfolio_doc_worker_idx"),
            # The public verification page looks a document up by its code's hash.
            models.Index(fields=["code_hash"], name="portfolio_doc_code_idx", condition=~models.Q(code_hash="")),
        ]

    def __str__(self):
        return f"Portfolio document of {self.worker_id} ({self.starts_on} to {self.ends_on})"

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)

    @property
    def downloadable(self) -> bool:
        return self.status == self.Status.READY and bool(self.file) and self.file_deleted_at is None
