"""The fidelity check's reminder (through the exactly-once scan), imported by ``FidelityConfig.ready()``.

| rule | who is told | when |
|---|---|---|
| fidelity_check_due | the peer worker | their latest check's ``next_due_on`` (taken_on + the organisation's interval, default 91 days); before any check, ``FIRST_CHECK_DAYS`` after they joined |

Keyed (kind, worker, worker, due date): one reminder per due date, however many scans run.
The message carries no answer and no score: only that the check is due and a link to take it.
Nobody else is told: a check not taken is nobody's business.
"""

from datetime import timedelta

from django.db.models import DateField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from apps.accounts.models import User
from apps.fidelity.models import FidelityCheck
from apps.fidelity.principles import FIRST_CHECK_DAYS
from apps.reminders.engine import ReminderRows, ScanContext, receiving, reminder_rows
from apps.reminders.registry import link_to, register_kind, register_rule

register_kind(
    "fidelity_check_due",
    label="Fidelity check due",
    message=lambda r: (
        "Your peer practice check is due: a few minutes on how far the peer role can be lived here. "
        "Private to you unless you share it."
    ),
    link=lambda r: link_to("fidelity:new", fallback="/fidelity/new/"),
)


# Hourly: due dates are whole days, and the rule looks at every peer worker (their latest check),
# which at a million workers costs seconds — too much for every five-minute scan (issue 20).
@register_rule("fidelity_check_due", kinds=["fidelity_check_due"], every=timedelta(hours=1))
def fidelity_check_due(ctx: ScanContext) -> list[ReminderRows]:
    """The peer worker, on the day their next fidelity check is due (first: four weeks after joining)."""
    latest_due = (
        FidelityCheck.objects.filter(author_id=OuterRef("pk")).order_by("-created_at").values("next_due_on")[:1]
    )
    # One query for the whole rule: the latest check's due date, or (before any check) four
    # weeks after the worker joined.
    workers = (
        User.objects.filter(receiving(), worker_kind=User.WorkerKind.PEER, organisation__isnull=False)
        .annotate(
            fidelity_due=Coalesce(
                Subquery(latest_due, output_field=DateField()),
                ctx.local_date("date_joined", FIRST_CHECK_DAYS),
                output_field=DateField(),
            )
        )
        .filter(fidelity_due__lte=ctx.date(0))
    )
    return [
        reminder_rows(
            workers,
            kind="fidelity_check_due",
            subject_type="fidelity_worker",
            subject="pk",
            recipient="pk",
            about="pk",
            due_on="fidelity_due",
            to_about=True,
        )
    ]
