"""Shared abstract bases. Public identifiers are UUIDs so that ids cannot be enumerated."""

import uuid

from django.db import models


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
