"""Role assignments' reminder rule (SPEC §3), imported by ``RolesConfig.ready()``.

| rule                      | who is told | when                                                          |
|---------------------------|-------------|---------------------------------------------------------------|
| assignment_unacknowledged | the worker  | ACKNOWLEDGE_DAYS after creation, while unacknowledged and not ended |
"""

from django.db.models import Q

from apps.reminders.engine import ReminderRows, ScanContext, receiving, reminder_rows
from apps.reminders.registry import link_to, register_kind, register_rule
from apps.roles.models import Assignment

register_kind(
    "assignment_unacknowledged",
    label="Role assignment not acknowledged",
    message=lambda r: "A role proposed to you is waiting: read it, ask anything, and agree when you're ready.",
    link=lambda r: link_to("roles:my-roles", fallback="/roles/"),
)


@register_rule("assignment_unacknowledged", kinds=["assignment_unacknowledged"])
def assignment_unacknowledged(ctx: ScanContext) -> list[ReminderRows]:
    """The worker, ACKNOWLEDGE_DAYS after an assignment was created, while it is unacknowledged
    and not ended."""
    days = ctx.acknowledge_days
    today = ctx.date(0)
    waiting = (
        Assignment.objects.filter(acknowledged_at__isnull=True)
        .filter(created_at__lt=ctx.latest_day_start(1 - days))  # index range scan
        .filter(created_at__lt=ctx.day_start(1 - days))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(receiving("worker__"))
    )
    return [
        reminder_rows(
            waiting,
            kind="assignment_unacknowledged",
            subject_type="assignment",
            recipient="worker_id",
            about="worker_id",
            due_on=ctx.local_date("created_at", days),
            to_about=True,
        )
    ]
