"""Supervision's reminder rules (SPEC §3), imported by ``SupervisionConfig.ready()``.

Only agreements both people agreed to (status ``active``) remind anyone: a proposal, a declined
or an ended agreement reminds nobody. Messages name who and when, never any session text.

| rule                    | who is told                        | when                                   |
|-------------------------|------------------------------------|----------------------------------------|
| supervision_due_soon    | supervisee and supervisor          | next_due_on − REMINDER_LEAD_DAYS, until due |
| supervision_overdue     | supervisee and supervisor          | from next_due_on                       |
| supervision_escalated   | managers of the supervisee's teams | from next_due_on + ESCALATION_DAYS     |

Overdue supervision is the supervisor's to arrange: the supervisee is told their supervisor was
reminded too and offered "Request supervision now" (the link opens their agreement on My
supervision); managers are told about the agreement, naming the supervisee and the supervisor.
| peer_without_agreement  | managers of the worker's teams     | once per worker per (local) month      |
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, QuerySet

from apps.accounts.models import User
from apps.reminders.engine import ReminderRows, ScanContext, manager_id, not_left, receiving, reminder_rows
from apps.reminders.registry import ReminderView, day, link_to, register_kind, register_rule
from apps.supervision.models import Agreement


def _to_my_supervision_or_queue(r: ReminderView) -> str:
    if r.to_about:
        # The supervisee's own agreement on My supervision, where "Request supervision now" is.
        return f"{link_to('supervision:my-supervision', fallback='/supervision/mine/')}#agreement-{r.subject_id}"
    return link_to("supervision:queue", fallback="/supervision/")


def _the_agreement(r: ReminderView) -> str:
    """The agreement's own page: it names its kind, the supervisor and the supervisee."""
    return link_to("supervision:agreement-detail", r.subject_id, fallback="/supervision/agreements/")


def _agreements(r: ReminderView) -> str:
    return link_to("supervision:agreement-list", fallback="/supervision/agreements/")


# Holding supervision on time is the supervisor's to arrange, with the organisation's support:
# the messages never tell it as the supervisee's lateness (issue 15, item 12).
register_kind(
    "supervision_due_soon",
    label="Supervision due soon",
    message=lambda r: (
        f"Your supervision is due on {day(r.due)}. Your supervisor has been reminded too."
        if r.to_about
        else f"Supervision with {r.about_name} is due on {day(r.due)}. Please arrange a session."
    ),
    link=_to_my_supervision_or_queue,
)
register_kind(
    "supervision_overdue",
    label="Supervision overdue",
    message=lambda r: (
        f"Your supervision was due on {day(r.due)} and has not been held yet. Your supervisor has been "
        "reminded too. If you would like a session, you can ask for one now."
        if r.to_about
        else f"Supervision with {r.about_name} was due on {day(r.due)} and has not been held yet. "
        "Please arrange a session."
    ),
    link=_to_my_supervision_or_queue,
)


def _escalated(r: ReminderView) -> str:
    """Names the agreement by both its people, the supervisor as the one to arrange a session
    (names rendered when read). A reminder scanned before supervisors were named has none.

    Sent whether or not the supervisee has stepped away, and worded so that it is true either
    way (the supervisor is not reminded about someone away): an escalation missing exactly while
    someone is away would tell the manager of the step-away (issue 15)."""
    if r.other_id is None:
        return (
            f"The supervision agreement for {r.about_name} has had no session since it was due on {day(r.due)}. "
            "A session is for its supervisor to arrange; the agreement's page names them."
        )
    return (
        f"The supervision agreement for {r.about_name}, with {r.other_name} as supervisor, has had no session "
        f"since it was due on {day(r.due)}. A session is for {r.other_name} to arrange."
    )


register_kind(
    "supervision_escalated",
    label="Supervision overdue (escalated)",
    message=_escalated,
    link=_the_agreement,
    despite_step_away=True,
)
register_kind(
    "peer_without_agreement",
    label="Peer worker without peer supervision",
    message=lambda r: f"{r.about_name} has no active peer supervision agreement.",
    link=_agreements,
)


def _agreements_due(
    ctx: ScanContext, *, from_offset: int, before_offset: int | None = None, despite_step_away: bool = False
) -> QuerySet[Agreement]:
    """Active agreements whose ``next_due_on`` ≤ today + ``from_offset`` (local), and, if given,
    > today + ``before_offset``; supervisee receiving reminders (or, ``despite_step_away``, not
    left)."""
    due = (
        Agreement.objects.filter(next_due_on__lte=ctx.latest(from_offset))  # index range scan
        .filter(next_due_on__lte=ctx.date(from_offset))
        .filter(status=Agreement.Status.ACTIVE)
        .filter(ctx.active_on_today())
        .filter(not_left("supervisee__") if despite_step_away else receiving("supervisee__"))
    )
    if before_offset is not None:
        due = due.filter(next_due_on__gt=ctx.date(before_offset))
    return due


def _to_supervisee_and_supervisor(due: QuerySet[Agreement], kind: str) -> list[ReminderRows]:
    return [
        reminder_rows(
            due,
            kind=kind,
            subject_type="agreement",
            recipient="supervisee_id",
            about="supervisee_id",
            due_on="next_due_on",
            to_about=True,
        ),
        reminder_rows(
            due.filter(receiving("supervisor__")),
            kind=kind,
            subject_type="agreement",
            recipient="supervisor_id",
            about="supervisee_id",
            due_on="next_due_on",
        ),
    ]


@register_rule("supervision_due_soon", kinds=["supervision_due_soon"])
def supervision_due_soon(ctx: ScanContext) -> list[ReminderRows]:
    """Supervisee and supervisor, from next_due_on − REMINDER_LEAD_DAYS until it is due."""
    return _to_supervisee_and_supervisor(
        _agreements_due(ctx, from_offset=ctx.lead_days, before_offset=0), "supervision_due_soon"
    )


@register_rule("supervision_overdue", kinds=["supervision_overdue"])
def supervision_overdue(ctx: ScanContext) -> list[ReminderRows]:
    """Supervisee and supervisor, from next_due_on."""
    return _to_supervisee_and_supervisor(_agreements_due(ctx, from_offset=0), "supervision_overdue")


@register_rule("supervision_escalated", kinds=["supervision_escalated"])
def supervision_escalated(ctx: ScanContext) -> list[ReminderRows]:
    """Managers of the supervisee's teams, from next_due_on + ESCALATION_DAYS (stepped away or not)."""
    due = _agreements_due(ctx, from_offset=-ctx.escalation_days, despite_step_away=True)
    return [
        reminder_rows(
            due.filter(ctx.managers_of("supervisee__")),
            kind="supervision_escalated",
            subject_type="agreement",
            recipient=manager_id("supervisee__"),
            about="supervisee_id",
            other="supervisor_id",
            due_on="next_due_on",
        )
    ]


@register_rule("peer_without_agreement", kinds=["peer_without_agreement"], every=timedelta(hours=1))
def peer_without_agreement(ctx: ScanContext) -> list[ReminderRows]:
    """Managers of a peer worker's teams, once per worker per month, while the worker has no
    active ``peer`` agreement (checked hourly: it looks at every peer worker and agreement)."""
    has_peer_supervision = Agreement.objects.filter(
        ctx.active_on_today(), supervisee_id=OuterRef("pk"), kind=Agreement.Kind.PEER, status=Agreement.Status.ACTIVE
    )
    uncovered = (
        User.objects.filter(receiving(), worker_kind=User.WorkerKind.PEER, organisation__isnull=False)
        .filter(~Exists(has_peer_supervision))
        .filter(ctx.managers_of())
    )
    return [
        reminder_rows(
            uncovered,
            kind="peer_without_agreement",
            subject_type="worker",
            recipient=manager_id(),
            about="id",
            due_on=ctx.month_start(),
        )
    ]
