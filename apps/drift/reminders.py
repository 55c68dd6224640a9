"""Role-drift findings through the exactly-once scan, imported by ``DriftConfig.ready()``.

| rule and kind | who is told | when (one occurrence, sent once) |
|---|---|---|
| `role_drift_share_low` | the peer worker and the managers of their teams | the first day of a spell in which the peer-distinct share of their duty hours is under ``ROLE_DRIFT_THRESHOLD_PERCENT`` (default 50); keyed by that day, so a spell is one finding however many scans see it, and a new spell after recovering is a new one |
| `role_drift_clinical_duty` | the peer worker and the managers of their teams | an assignment (in force or upcoming) of a peer worker to a role with a clinical-only duty; keyed by the assignment and its start |

The ``role_drift_share_low`` rule takes the day's snapshots first (``services.snapshots_take``, four
queries for any number of workers) and runs hourly. Messages carry no figure, role or duty:
only that a finding exists and where to look. Stepped-away and left workers get nothing and
nothing about them goes to a manager (``receiving``).
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

from apps.accounts.models import User
from apps.drift.models import DriftSnapshot
from apps.drift.services import snapshots_take
from apps.reminders.engine import ReminderRows, ScanContext, manager_id, receiving, reminder_rows
from apps.reminders.registry import ReminderView, link_to, register_kind, register_rule
from apps.roles.models import Assignment, Duty


def _share_message(r: ReminderView) -> str:
    if r.to_about:
        return (
            "A role-drift finding: the peer-distinct part of your roles has fallen under your organisation's line. "
            "See how your role's shape has changed, and talk it over with your manager or peer supervisor."
        )
    return (
        f"A role-drift finding in your team: the peer-distinct part of {r.about_name}'s roles has fallen under "
        "the organisation's line. Look at the roles you assigned, with them."
    )


def _duty_message(r: ReminderView) -> str:
    if r.to_about:
        return (
            "A role-drift finding: a role proposed to you includes a duty reserved for clinical staff. "
            "Ask about it before you agree."
        )
    return (
        f"A role-drift finding in your team: a role assigned to {r.about_name}, a peer support worker, "
        "includes a duty reserved for clinical staff."
    )


def _share_link(r: ReminderView) -> str:
    if r.to_about:
        return link_to("drift:mine", fallback="/drift/")
    return link_to("roles:role-list", fallback="/roles/")


def _duty_link(r: ReminderView) -> str:
    return link_to("roles:assignment-detail", r.subject_id, fallback="/roles/")


register_kind(
    "role_drift_share_low", label="Role drift: peer-distinct share low", message=_share_message, link=_share_link
)
register_kind(
    "role_drift_clinical_duty", label="Role drift: clinical-only duty", message=_duty_message, link=_duty_link
)


def _to_worker_and_managers(
    ctx: ScanContext, qs: QuerySet, *, kind: str, subject_type: str, subject: str, due_on: str
) -> list[ReminderRows]:
    return [
        reminder_rows(
            qs.filter(receiving("worker__")),
            kind=kind,
            subject_type=subject_type,
            subject=subject,
            recipient="worker_id",
            about="worker_id",
            due_on=due_on,
            to_about=True,
        ),
        reminder_rows(
            qs.filter(receiving("worker__")).filter(ctx.managers_of("worker__")),
            kind=kind,
            subject_type=subject_type,
            subject=subject,
            recipient=manager_id("worker__"),
            about="worker_id",
            due_on=due_on,
        ),
    ]


@register_rule("role_drift_share_low", kinds=["role_drift_share_low"], every=timedelta(hours=1))
def role_drift_share_low(ctx: ScanContext) -> list[ReminderRows]:
    """The peer worker and their managers, once per spell under the peer-distinct threshold."""
    snapshots_take(ctx.today_by_zone)
    today = ctx.date(0)
    spells = DriftSnapshot.objects.filter(taken_on__lte=ctx.latest(0), below_since__isnull=False).filter(
        taken_on=today,  # type: ignore[misc]  # an organisation-local date as SQL (engine.ScanContext.date)
        worker_kind=User.WorkerKind.PEER,
    )
    return _to_worker_and_managers(
        ctx, spells, kind="role_drift_share_low", subject_type="drift_worker", subject="worker_id", due_on="below_since"
    )


@register_rule("role_drift_clinical_duty", kinds=["role_drift_clinical_duty"])
def role_drift_clinical_duty(ctx: ScanContext) -> list[ReminderRows]:
    """The peer worker and their managers, once per assignment of a role with a clinical-only duty."""
    clinical = Duty.objects.filter(
        role_definition_id=OuterRef("role_definition_id"), category=Duty.Category.CLINICAL_ONLY
    )
    assignments = Assignment.objects.filter(worker__worker_kind=User.WorkerKind.PEER).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=ctx.date(0)), Exists(clinical)
    )
    return _to_worker_and_managers(
        ctx, assignments, kind="role_drift_clinical_duty", subject_type="assignment", subject="id", due_on="starts_on"
    )
