"""Boundary notes' reminder rules (SPEC §3), imported by ``BoundariesConfig.ready()``.

Messages never carry any note text: who wrote it, and a link.

| rule                      | who is told                                      | when                                  |
|---------------------------|--------------------------------------------------|---------------------------------------|
| boundary_review_due       | the author's supervisors whom the note names     | BOUNDARY_REVIEW_DAYS after submission |
| boundary_review_escalated | managers of the author's teams                   | twice that                            |
"""

from django.db.models import F, Q, QuerySet

from apps.boundaries.models import BoundaryNote
from apps.reminders.engine import ReminderRows, ScanContext, manager_id, receiving, reminder_rows
from apps.reminders.registry import link_to, register_kind, register_rule

register_kind(
    "boundary_review_due",
    label="Boundary note awaiting review",
    message=lambda r: f"A boundary note from {r.about_name} is waiting for your review.",
    link=lambda r: link_to("boundaries:note-detail", r.subject_id, fallback="/boundaries/"),
)
register_kind(
    "boundary_review_escalated",
    label="Boundary note review overdue (escalated)",
    message=lambda r: f"A boundary note from {r.about_name} has not been reviewed by its supervisor yet.",
    link=lambda r: link_to("boundaries:note-list", fallback="/boundaries/"),
)


def _notes_waiting(ctx: ScanContext, days: int) -> QuerySet[BoundaryNote]:
    """Notes still awaiting review whose local submission date + ``days`` ≤ today (the author
    receiving reminders): submitted before the local start of (today − days + 1)."""
    return (
        BoundaryNote.objects.filter(status=BoundaryNote.Status.SUBMITTED)
        .filter(submitted_at__lt=ctx.latest_day_start(1 - days))  # index range scan
        .filter(submitted_at__lt=ctx.day_start(1 - days))
        .filter(receiving("author__"))
    )


@register_rule("boundary_review_due", kinds=["boundary_review_due"])
def boundary_review_due(ctx: ScanContext) -> list[ReminderRows]:
    """Supervisors of the author (active agreements) whom the author named as the note's
    readers (issue 13: nobody else may read it), BOUNDARY_REVIEW_DAYS after submission."""
    days = ctx.boundary_review_days
    supervisors = (
        ctx.active_on_today("author__agreements_as_supervisee__")
        & Q(author__agreements_as_supervisee__status="active")
        & receiving("author__agreements_as_supervisee__supervisor__")
        # In the same filter() as the agreement, so that the reader is that agreement's supervisor.
        & Q(readers=F("author__agreements_as_supervisee__supervisor"))
    )
    return [
        reminder_rows(
            _notes_waiting(ctx, days).filter(supervisors),
            kind="boundary_review_due",
            subject_type="boundary_note",
            recipient="author__agreements_as_supervisee__supervisor_id",
            about="author_id",
            due_on=ctx.local_date("submitted_at", days),
        )
    ]


@register_rule("boundary_review_escalated", kinds=["boundary_review_escalated"])
def boundary_review_escalated(ctx: ScanContext) -> list[ReminderRows]:
    """Managers of the author's teams (no note text), twice BOUNDARY_REVIEW_DAYS after submission."""
    days = 2 * ctx.boundary_review_days
    return [
        reminder_rows(
            _notes_waiting(ctx, days).filter(ctx.managers_of("author__")),
            kind="boundary_review_escalated",
            subject_type="boundary_note",
            recipient=manager_id("author__"),
            about="author_id",
            due_on=ctx.local_date("submitted_at", days),
        )
    ]
