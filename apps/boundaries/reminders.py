"""Boundary notes' reminder rules (SPEC §3), imported by ``BoundariesConfig.ready()``.

Messages never carry any note text. A supervisor is told who is waiting for their reply; a
manager is told whose reply is late — the supervisor the note is shared with — and never who
wrote it (issue 15, item 12: the author of an unanswered note has done nothing late).

| rule                      | who is told                                      | when                                  |
|---------------------------|--------------------------------------------------|---------------------------------------|
| boundary_review_due       | the author's supervisors whom the note names     | BOUNDARY_REVIEW_DAYS after submission |
| boundary_review_escalated | managers of the author's teams (about the named  | twice that                            |
|                           | supervisor, or nobody when none can reply)       |                                       |
"""

from django.conf import settings
from django.db.models import F, Q, QuerySet, UUIDField, Value
from django.db.models.functions import Cast

from apps.boundaries.models import BoundaryNote
from apps.reminders.engine import ReminderRows, ScanContext, manager_id, receiving, reminder_rows
from apps.reminders.registry import ReminderView, link_to, register_kind, register_rule

register_kind(
    "boundary_review_due",
    label="Boundary note waiting for a reply",
    message=lambda r: f"{r.about_name} is waiting for your reply to a boundary note they shared with you.",
    link=lambda r: link_to("boundaries:note-detail", r.subject_id, fallback="/boundaries/"),
)


def _escalated_message(r: ReminderView) -> str:
    """About the supervisor whose reply is late (``about``), never the note's author."""
    days = 2 * settings.BOUNDARY_REVIEW_DAYS
    if r.about_id is None:
        return (
            f"A boundary note in your team has waited {days} days for a reply, and no supervisor it is shared "
            "with can reply at the moment. Please check everyone in your team has a supervisor they can reach."
        )
    return (
        f"A boundary note shared with {r.about_name} under their supervision agreement has waited {days} days "
        "for their reply. You may want to check they have the time they need for supervision."
    )


register_kind(
    "boundary_review_escalated",
    label="Boundary note reply late (escalated)",
    message=_escalated_message,
    link=lambda r: link_to("supervision:agreement-list", fallback="/supervision/agreements/"),
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


def _named_supervisors(ctx: ScanContext) -> Q:
    """For one ``filter()``: the author's agreements in force today whose supervisor receives
    reminders and is a reader of the note (``author__agreements_as_supervisee__supervisor``)."""
    return (
        ctx.active_on_today("author__agreements_as_supervisee__")
        & Q(author__agreements_as_supervisee__status="active")
        & receiving("author__agreements_as_supervisee__supervisor__")
        # In the same filter() as the agreement, so that the reader is that agreement's supervisor.
        & Q(readers=F("author__agreements_as_supervisee__supervisor"))
    )


@register_rule("boundary_review_due", kinds=["boundary_review_due"])
def boundary_review_due(ctx: ScanContext) -> list[ReminderRows]:
    """Supervisors of the author (active agreements) whom the author named as the note's
    readers (issue 13: nobody else may read it), BOUNDARY_REVIEW_DAYS after submission."""
    days = ctx.boundary_review_days
    return [
        reminder_rows(
            _notes_waiting(ctx, days).filter(_named_supervisors(ctx)),
            kind="boundary_review_due",
            subject_type="boundary_note",
            recipient="author__agreements_as_supervisee__supervisor_id",
            about="author_id",
            due_on=ctx.local_date("submitted_at", days),
        )
    ]


@register_rule("boundary_review_escalated", kinds=["boundary_review_escalated"])
def boundary_review_escalated(ctx: ScanContext) -> list[ReminderRows]:
    """Managers of the author's teams (no note text), twice BOUNDARY_REVIEW_DAYS after submission,
    about the supervisor whose reply is late — never the author.

    Notes with a named supervisor who could reply name that supervisor (one row per note and
    manager: the key is kind, note, manager, due date); notes with none (not shared, or every
    named supervisor away or no longer supervising) name nobody."""
    days = 2 * ctx.boundary_review_days
    waiting = _notes_waiting(ctx, days)
    answerable = waiting.filter(_named_supervisors(ctx))
    due_on = ctx.local_date("submitted_at", days)
    return [
        reminder_rows(
            answerable.filter(ctx.managers_of("author__")),
            kind="boundary_review_escalated",
            subject_type="boundary_note",
            recipient=manager_id("author__"),
            about="author__agreements_as_supervisee__supervisor_id",
            due_on=due_on,
        ),
        reminder_rows(
            waiting.exclude(pk__in=answerable.values("pk"))
            .filter(ctx.managers_of("author__"))
            .annotate(nobody=Cast(Value(None), output_field=UUIDField())),  # a typed NULL (uuid, not text)
            kind="boundary_review_escalated",
            subject_type="boundary_note",
            recipient=manager_id("author__"),
            about="nobody",
            due_on=due_on,
        ),
    ]
