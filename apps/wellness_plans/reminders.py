"""The wellness plan's review reminder, imported by ``WellnessPlansConfig.ready()``.

| rule                      | who is told | when                                               |
|---------------------------|-------------|----------------------------------------------------|
| wellness_plan_review_due  | the worker  | REVIEW_DAYS (182) after the plan was last reviewed |

Content-free: the message says a look is due, never what the plan holds. Exactly once per
review date (the reminder's unique key holds the due date, which moves when the worker writes
or reviews the plan). A worker who has stepped away or left gets nothing (``receiving``).
"""

from django.db.models import F

from apps.reminders.engine import AddDays, ReminderRows, ScanContext, receiving, reminder_rows
from apps.reminders.registry import link_to, register_kind, register_rule
from apps.wellness_plans.models import WellnessPlan
from apps.wellness_plans.sections import REVIEW_DAYS

register_kind(
    "wellness_plan_review_due",
    label="Wellness plan review",
    message=lambda r: (
        "It's been six months since you looked at your wellness plan. "
        "Have a look when it suits you: it's yours to change."
    ),
    link=lambda r: link_to("wellness_plans:mine", fallback="/wellness-plan/"),
)


@register_rule("wellness_plan_review_due", kinds=["wellness_plan_review_due"])
def wellness_plan_review_due(ctx: ScanContext) -> list[ReminderRows]:
    """The worker, REVIEW_DAYS after they last wrote or reviewed their wellness plan."""
    due = (
        WellnessPlan.objects.filter(reviewed_on__lte=ctx.latest(-REVIEW_DAYS))  # index range scan
        .filter(reviewed_on__lte=ctx.date(-REVIEW_DAYS))
        .filter(receiving("author__"))
    )
    return [
        reminder_rows(
            due,
            kind="wellness_plan_review_due",
            subject_type="wellness_plan",
            recipient="author_id",
            about="author_id",
            due_on=AddDays(F("reviewed_on"), REVIEW_DAYS),
            to_about=True,
        )
    ]
