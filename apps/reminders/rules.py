"""The reminder rules of SPEC §3 (training records are added by apps/competencies).

Each rule is one set-based query per audience over the due column or timestamp it watches,
filtered to workers who receive reminders (stepped-away and left workers get none, and nothing
about them escalates). Messages name what is due and link to it — never any note text.

| rule                           | who is told                   | when                                   |
|--------------------------------|-------------------------------|----------------------------------------|
| supervision_due_soon           | supervisee and supervisor     | next_due_on − REMINDER_LEAD_DAYS, until due |
| supervision_overdue            | supervisee and supervisor     | from next_due_on                       |
| supervision_escalated          | managers of supervisee's teams| from next_due_on + ESCALATION_DAYS     |
| boundary_review_due            | supervisors of the author     | BOUNDARY_REVIEW_DAYS after submission  |
| boundary_review_escalated      | managers of author's teams    | twice that                             |
| assignment_unacknowledged      | the worker                    | ACKNOWLEDGE_DAYS after creation        |
| peer_without_agreement         | managers of the worker's teams| once per worker per (local) month      |
"""

from datetime import timedelta
from functools import lru_cache

from django.db.models import Exists, F, OuterRef, Q
from django.urls import NoReverseMatch, reverse

from apps.reminders.engine import receiving, reminder_rows
from apps.reminders.registry import register_kind, register_rule


@lru_cache(maxsize=256)
def _url(name: str, *args, fallback: str) -> str:
    """``reverse()``, memoised (a scan may build thousands of links to the same few pages)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def _day(d) -> str:
    return f"{d:%a %-d %B}"


# --- kinds: how each reads ----------------------------------------------------------------------

register_kind(
    "supervision_due_soon",
    label="Supervision due soon",
    message=lambda r: (
        f"Your supervision is due on {_day(r.due)}."
        if r.to_about
        else f"Supervision with {r.about_name} is due on {_day(r.due)}."
    ),
    link=lambda r: (
        _url("supervision:my-supervision", fallback="/supervision/")
        if r.to_about
        else _url("supervision:queue", fallback="/supervision/")
    ),
)
register_kind(
    "supervision_overdue",
    label="Supervision overdue",
    message=lambda r: (
        f"Your supervision was due on {_day(r.due)} and is overdue."
        if r.to_about
        else f"Supervision with {r.about_name} was due on {_day(r.due)} and is overdue."
    ),
    link=lambda r: (
        _url("supervision:my-supervision", fallback="/supervision/")
        if r.to_about
        else _url("supervision:queue", fallback="/supervision/")
    ),
)
register_kind(
    "supervision_escalated",
    label="Supervision overdue (escalated)",
    message=lambda r: f"{r.about_name}'s supervision has been overdue since {_day(r.due)}.",
    link=lambda r: _url("supervision:agreement-list", fallback="/supervision/agreements/"),
)
register_kind(
    "boundary_review_due",
    label="Boundary note awaiting review",
    message=lambda r: f"A boundary note from {r.about_name} is waiting for your review.",
    link=lambda r: _url("boundaries:note-detail", r.subject_id, fallback="/boundaries/"),
)
register_kind(
    "boundary_review_escalated",
    label="Boundary note review overdue (escalated)",
    message=lambda r: f"A boundary note from {r.about_name} has not been reviewed by its supervisor yet.",
    link=lambda r: _url("boundaries:note-list", fallback="/boundaries/"),
)
register_kind(
    "assignment_unacknowledged",
    label="Role assignment not acknowledged",
    message=lambda r: "Please read and acknowledge your role assignment.",
    link=lambda r: _url("roles:my-roles", fallback="/roles/"),
)
register_kind(
    "peer_without_agreement",
    label="Peer worker without peer supervision",
    message=lambda r: f"{r.about_name} has no active peer supervision agreement.",
    link=lambda r: _url("supervision:agreement-list", fallback="/supervision/agreements/"),
)


# --- supervision ---------------------------------------------------------------------------------


def _agreements_due(ctx, *, from_offset: int, before_offset: int | None = None):
    """Active agreements whose ``next_due_on`` ≤ today + ``from_offset`` (local), and, if given,
    > today + ``before_offset``; supervisee receiving reminders. Only agreements both people
    agreed to (status ``active``): a proposal, a declined or an ended agreement reminds nobody."""
    from apps.supervision.models import Agreement

    due = (
        Agreement.objects.filter(next_due_on__lte=ctx.latest(from_offset))  # index range scan
        .filter(next_due_on__lte=ctx.date(from_offset))
        .filter(status=Agreement.Status.ACTIVE)
        .filter(ctx.active_on_today())
        .filter(receiving("supervisee__"))
    )
    if before_offset is not None:
        due = due.filter(next_due_on__gt=ctx.date(before_offset))
    return due


def _to_supervisee_and_supervisor(due, kind):
    common = {"kind": kind, "subject_type": "agreement", "about": "supervisee_id", "due_on": "next_due_on"}
    return [
        reminder_rows(due, recipient="supervisee_id", to_about=True, **common),
        reminder_rows(due.filter(receiving("supervisor__")), recipient="supervisor_id", **common),
    ]


@register_rule("supervision_due_soon", kinds=["supervision_due_soon"])
def supervision_due_soon(ctx):
    """Supervisee and supervisor, from next_due_on − REMINDER_LEAD_DAYS until it is due."""
    return _to_supervisee_and_supervisor(
        _agreements_due(ctx, from_offset=ctx.lead_days, before_offset=0), "supervision_due_soon"
    )


@register_rule("supervision_overdue", kinds=["supervision_overdue"])
def supervision_overdue(ctx):
    """Supervisee and supervisor, from next_due_on."""
    return _to_supervisee_and_supervisor(_agreements_due(ctx, from_offset=0), "supervision_overdue")


def _managers_of(ctx, worker: str = "") -> Q:
    """For one ``filter()`` call: the team memberships (in force) of the worker at path ``worker``
    (``"supervisee__"``, ``"author__"``, or ``""`` for a queryset of workers) and, in those teams,
    the managers' memberships in force, managers receiving reminders. The recipient is then
    :func:`_manager_id` of the same path."""
    from apps.teams.models import Membership

    manager = f"{worker}memberships__team__memberships__"
    return (
        ctx.membership_active(f"{worker}memberships__")
        & ctx.membership_active(manager)
        & Q(**{f"{manager}team_role": Membership.TeamRole.MANAGER})
        & receiving(f"{manager}worker__")
    )


def _manager_id(worker: str = "") -> str:
    return f"{worker}memberships__team__memberships__worker_id"


@register_rule("supervision_escalated", kinds=["supervision_escalated"])
def supervision_escalated(ctx):
    """Managers of the supervisee's teams, from next_due_on + ESCALATION_DAYS."""
    due = _agreements_due(ctx, from_offset=-ctx.escalation_days)
    return [
        reminder_rows(
            due.filter(_managers_of(ctx, "supervisee__")),
            kind="supervision_escalated",
            subject_type="agreement",
            recipient=_manager_id("supervisee__"),
            about="supervisee_id",
            due_on="next_due_on",
        )
    ]


# --- boundary notes --------------------------------------------------------------------------------


def _notes_waiting(ctx, days: int):
    """Notes still awaiting review whose local submission date + ``days`` ≤ today (the author
    receiving reminders): submitted before the local start of (today − days + 1)."""
    from apps.boundaries.models import BoundaryNote

    return (
        BoundaryNote.objects.filter(status=BoundaryNote.Status.SUBMITTED)
        .filter(submitted_at__lt=ctx.latest_day_start(1 - days))  # index range scan
        .filter(submitted_at__lt=ctx.day_start(1 - days))
        .filter(receiving("author__"))
    )


@register_rule("boundary_review_due", kinds=["boundary_review_due"])
def boundary_review_due(ctx):
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
def boundary_review_escalated(ctx):
    """Managers of the author's teams (no note text), twice BOUNDARY_REVIEW_DAYS after submission."""
    days = 2 * ctx.boundary_review_days
    return [
        reminder_rows(
            _notes_waiting(ctx, days).filter(_managers_of(ctx, "author__")),
            kind="boundary_review_escalated",
            subject_type="boundary_note",
            recipient=_manager_id("author__"),
            about="author_id",
            due_on=ctx.local_date("submitted_at", days),
        )
    ]


# --- role assignments ----------------------------------------------------------------------------------


@register_rule("assignment_unacknowledged", kinds=["assignment_unacknowledged"])
def assignment_unacknowledged(ctx):
    """The worker, ACKNOWLEDGE_DAYS after an assignment was created, while it is unacknowledged
    and not ended."""
    from apps.roles.models import Assignment

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


# --- peer workers without peer supervision ---------------------------------------------------------------


@register_rule("peer_without_agreement", kinds=["peer_without_agreement"], every=timedelta(hours=1))
def peer_without_agreement(ctx):
    """Managers of a peer worker's teams, once per worker per month, while the worker has no
    active ``peer`` agreement (checked hourly: it looks at every peer worker and agreement)."""
    from apps.accounts.models import User
    from apps.supervision.models import Agreement

    has_peer_supervision = Agreement.objects.filter(
        ctx.active_on_today(), supervisee_id=OuterRef("pk"), kind=Agreement.Kind.PEER, status=Agreement.Status.ACTIVE
    )
    uncovered = (
        User.objects.filter(receiving(), worker_kind=User.WorkerKind.PEER, organisation__isnull=False)
        .filter(~Exists(has_peer_supervision))
        .filter(_managers_of(ctx))
    )
    return [
        reminder_rows(
            uncovered,
            kind="peer_without_agreement",
            subject_type="worker",
            recipient=_manager_id(),
            about="id",
            due_on=ctx.month_start(),
        )
    ]
