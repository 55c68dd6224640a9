"""Shared abstract bases. Public identifiers are UUIDs so that ids cannot be enumerated."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class UUIDModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class TimeStampedModel(UUIDModel):
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class SchedulerHeartbeat(models.Model):
    """When each periodic job last completed: shown by ``/readyz`` and the admin pages,
    and how tests observe that beat really fired a job."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField()
    runs = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} @ {self.last_run_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls, name: str) -> None:
        from django.db.models import F
        from django.utils import timezone

        now = timezone.now()
        updated = cls.objects.filter(name=name).update(last_run_at=now, runs=F("runs") + 1)
        if not updated:
            cls.objects.get_or_create(name=name, defaults={"last_run_at": now, "runs": 1})


class IdempotencyKey(models.Model):
    """A POST done under a client's ``Idempotency-Key`` header or a form's one-time token, and
    its answer, so that a retry within ``IDEMPOTENCY_WINDOW`` gets that answer instead of doing
    the work again. See ``apps.core.idempotency`` for the protocol.

    Nothing here is readable without the client's key: the key itself is never stored (only an
    HMAC of it), the request fingerprint is keyed with it, and the stored answer (which may
    carry private text, e.g. a reflection's body) is encrypted with a key derived from it.
    Rows are deleted by the hourly housekeeping task once older than the window.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key_digest = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    response = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # The lock of the protocol: a second request with the same key waits on this index
            # until the first one's transaction ends, then finds its answer.
            models.UniqueConstraint(fields=["user", "key_digest"], name="idempotency_key_once_per_user"),
        ]
        indexes = [
            # housekeeping: DELETE ... WHERE created_at < now() - window.
            models.Index(fields=["created_at"], name="idempotency_created_idx"),
        ]

    def __str__(self):
        return f"idempotency key of {self.user_id} @ {self.created_at:%Y-%m-%d %H:%M:%S}"
