"""A worker's private calendar subscription (issue 16, part 3).

The secret in the feed's address is shown once, when it is made; only its SHA-256 is stored
(it is 256 random bits, so a plain hash is enough: nothing to guess). Making a new one replaces
the old (the old address answers 404 at once); turning it off deletes the row.
"""

from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel


class CalendarFeed(TimeStampedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    secret_hash = models.CharField(max_length=64, unique=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"
