"""A worker's own change of e-mail address, waiting for the new address to be confirmed; and a
worker's request that their data be erased."""

from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel, UUIDModel


class EmailChange(UUIDModel):
    """Until confirmed, e-mail keeps going to the old address: the new one is only a request.

    The link's token is stored as its SHA-256 digest (a database reader cannot confirm someone
    else's change). Single use: confirming sets ``confirmed_at`` in the same transaction that
    changes the address; a newer request replaces older pending ones.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_changes")
    new_email = models.EmailField()
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # email_change_pending(): a user's newest unconfirmed request.
            models.Index(fields=["user", "-created_at"], name="emailchange_user_recent_idx"),
        ]

    def __str__(self):
        return f"e-mail change of {self.user_id} ({'confirmed' if self.confirmed_at else 'pending'})"


class ErasureRequest(TimeStampedModel):
    """A worker asks for their data to be erased (SPEC §2: the worker requests, an org admin
    carries it out). The org admins are told; the request waits on their erasure requests page
    until the worker is erased (which deletes it with the rest of their data). One waiting
    request per worker: asking again changes nothing."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_requests")

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["worker"], name="erasure_request_one_per_worker")]

    def __str__(self):
        return f"erasure request of {self.worker_id}"
