"""Training record expiry reminders (SPEC §3), added to the reminder scan from this app.

| rule              | who is told                     | when                                         |
|-------------------|---------------------------------|----------------------------------------------|
| training_expiring | the worker                      | from 30 days before ``expires_on``, until it |
| training_expired  | managers of the worker's teams  | from ``expires_on`` (for 30 days: catch-up)  |

Each is keyed (kind, record, recipient, ``expires_on``) by the scan's unique constraint, so it
is sent once; changing the expiry date (a renewal entered on the same record) reminds again.
A record superseded by a later record of the same course (renewed) reminds nobody. Messages
name no course: only that something expires and a link.
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from apps.competencies.models import TrainingRecord
from apps.core.dates import prose_date
from apps.reminders.engine import manager_id, receiving, reminder_rows
from apps.reminders.registry import register_kind, register_rule

LEAD_DAYS = TrainingRecord.EXPIRING_WITHIN_DAYS
CATCH_UP_DAYS = 30


def _day(d) -> str:
    return prose_date(d)


register_kind(
    "training_expiring",
    label="Training expiring",
    message=lambda r: f"One of your training records expires on {_day(r.due)}. Renew it or update the record.",
    link=lambda r: reverse("competencies:training-list"),
)
register_kind(
    "training_expired",
    label="Training expired",
    message=lambda r: f"A training record of {r.about_name} reached its expiry date on {_day(r.due)}.",
    link=lambda r: reverse("competencies:worker-progress", args=[r.about_id]),
)


def _not_renewed():
    """Records with no later record of the same course by the same worker."""
    renewed = TrainingRecord.objects.filter(worker_id=OuterRef("worker_id"), course__iexact=OuterRef("course")).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on"))
    )
    return TrainingRecord.objects.filter(~Exists(renewed)).filter(receiving("worker__"))


@register_rule("training_expiring", kinds=["training_expiring"])
def training_expiring(ctx):
    """The worker, from 30 days before a training record expires until its expiry date."""
    records = (
        _not_renewed()
        .filter(expires_on__lte=ctx.latest(LEAD_DAYS))  # index range scan
        .filter(expires_on__lte=ctx.date(LEAD_DAYS), expires_on__gte=ctx.date(0))
    )
    return [
        reminder_rows(
            records,
            kind="training_expiring",
            subject_type="training_record",
            recipient="worker_id",
            about="worker_id",
            due_on="expires_on",
            to_about=True,
        )
    ]


@register_rule("training_expired", kinds=["training_expired"])
def training_expired(ctx):
    """Managers of the worker's teams, on the expiry date (caught up for 30 days after downtime)."""
    records = (
        _not_renewed()
        .filter(expires_on__lte=ctx.latest(0))  # index range scan
        .filter(expires_on__lte=ctx.date(0), expires_on__gte=ctx.date(-CATCH_UP_DAYS))
        .filter(ctx.managers_of("worker__"))
    )
    return [
        reminder_rows(
            records,
            kind="training_expired",
            subject_type="training_record",
            recipient=manager_id("worker__"),
            about="worker_id",
            due_on="expires_on",
        )
    ]
