"""The "you said, we did" follow-up reminder (through the exactly-once scan), imported by
``VoiceConfig.ready()``.

| rule | who is told | when |
|---|---|---|
| voice_action_follow_up | the team's managers (in force, receiving reminders) | an open action's follow-up date |

Keyed (kind, action, manager, follow-up date): once per date, however many scans run; a new
date is a new reminder. The message holds no words of the action and nothing of the results:
only that a follow-up is due, and a link to the action (which only the team can open).
"""

from django.db.models import Q

from apps.reminders.engine import ReminderRows, ScanContext, receiving, reminder_rows
from apps.reminders.registry import day, link_to, register_kind, register_rule
from apps.teams.models import Membership
from apps.voice.models import VoiceAction

register_kind(
    "voice_action_follow_up",
    label="Team voice follow-up",
    message=lambda r: f"A \u201cyou said, we did\u201d action of your team is due for follow-up on {day(r.due)}.",
    link=lambda r: link_to("voice:action-detail", r.subject_id, fallback="/voice/"),
)


@register_rule("voice_action_follow_up", kinds=["voice_action_follow_up"])
def voice_action_follow_up(ctx: ScanContext) -> list[ReminderRows]:
    """The team's managers, on an open "you said, we did" action's follow-up date."""
    managers = "team__memberships__"
    due = (
        VoiceAction.objects.filter(status=VoiceAction.Status.OPEN, follow_up_on__lte=ctx.latest(0))  # partial index
        .filter(follow_up_on__lte=ctx.date(0))
        # One filter(): the same membership row is in force, a manager's, and its worker receives.
        .filter(
            ctx.membership_active(managers)
            & Q(**{f"{managers}team_role": Membership.TeamRole.MANAGER})
            & receiving(f"{managers}worker__")
        )
    )
    return [
        reminder_rows(
            due,
            kind="voice_action_follow_up",
            subject_type="voice_action",
            recipient=f"{managers}worker_id",
            about=None,
            due_on="follow_up_on",
        )
    ]
