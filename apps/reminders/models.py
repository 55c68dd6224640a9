"""Reminders: one row per (kind, subject, recipient, due date), sent exactly once.

The scan (``apps.reminders.services.reminders_scan``) inserts rows set-based with
``INSERT … SELECT … ON CONFLICT DO NOTHING``; the named unique constraint below is what makes
"exactly once" hold however many scans run, concurrently, twice, or after a restart. A row is
keyed by the date its subject became due (an agreement's ``next_due_on``, a note's review-by
date…), never by the time of the scan, so a scan after downtime sends what became due, once.

Delivery state is on the row: ``notified_at`` is set in the same transaction that creates the
in-app notification (whose primary key *is* this row's id, a second guarantee of once), and
``skipped_at`` when the recipient or the worker it is about stepped away or left in between.
The e-mail's own state lives on the notification (``apps/notifications/models.py``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import UUIDModel


class Reminder(UUIDModel):
    # No index of its own: reminder_org_recent_idx (organisation, created_at) serves every lookup by
    # organisation, and each index costs every one of the scan's inserts and updates (issue 20).
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # A kind registered in apps.reminders.registry (supervision_overdue, boundary_review_due, …).
    kind = models.CharField(max_length=64)
    # What it is about: "agreement", "boundary_note", "assignment", "worker", …, and its id.
    subject_type = models.CharField(max_length=32)
    subject_id = models.UUIDField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    # The worker the reminder concerns (the supervisee, the note's author…): named in the message.
    about = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    # A second person the message names, when a kind needs one (the supervisor of an agreement
    # whose supervision is overdue, in the managers' escalation). Named at read time, like ``about``.
    other = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    created_at = models.DateTimeField()  # the scan's time (the database clock)
    notified_at = models.DateTimeField(null=True, blank=True)
    skipped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "recipient", "due_on"], name="reminder_once_per_key"
            ),
            models.CheckConstraint(
                condition=Q(notified_at__isnull=True) | Q(skipped_at__isnull=True), name="reminder_notified_or_skipped"
            ),
        ]
        indexes = [
            # reminders_deliver(): rows not yet delivered (nor skipped), oldest first.
            models.Index(
                fields=["created_at"],
                condition=Q(notified_at__isnull=True, skipped_at__isnull=True),
                name="reminder_undelivered_idx",
            ),
            # the admin page: an organisation's recent reminders, counted by kind.
            models.Index(fields=["organisation", "created_at"], name="reminder_org_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type}:{self.subject_id} → {self.recipient_id} (due {self.due_on})"
