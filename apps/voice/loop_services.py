"""Closing the loop (issue 19, item 5): telling the team a pulse's results are out, and the
managers' "you said, we did" actions.

Nothing here touches who answered what: the "results are out" notification goes to everyone who
could answer (``loop_selectors.results_out_recipients``), whether they answered or not, and an
action points at a released pulse or feedback batch, never at a person. Notifications and the
follow-up reminder (``reminders.py``) carry no content: no result, no action text.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, require
from apps.core.dates import prose_date
from apps.notifications.services import notify
from apps.teams.models import Team
from apps.voice.loop_selectors import can_record_actions, results_out_recipients
from apps.voice.models import FeedbackBatch, Pulse, VoiceAction
from apps.voice.selectors import pulse_summaries

# How far ahead a follow-up may be set (a date further away is most likely a typo).
MAX_FOLLOW_UP_DAYS = 366


def results_out_notify(pulse: Pulse, *, today: date) -> int:
    """Tell everyone who could answer ``pulse`` (and the team's managers) that its results are out.
    Called by the mix, once, in the transaction that writes the answers. Returns how many were told."""
    team = pulse.team
    link = reverse("voice:team-voice", kwargs={"team_id": team.pk}) + "#pulse-results"
    told = 0
    for person in results_out_recipients(pulse, today=today):
        notify(
            recipient=person,
            kind="voice_results_out",
            message=f"The results of the {team} pulse are out.",
            link=link,
        )
        told += 1
    return told


def _text(value: object, field: str, *, required: bool, max_length: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise ValidationError({field: "This field may not be blank."})
    if len(text) > max_length:
        raise ValidationError({field: f"Keep it to {max_length} characters."})
    if "\x00" in text:
        raise ValidationError({field: "Null characters are not allowed."})
    return text


def _check_follow_up(follow_up_on: date | None, *, today: date) -> None:
    if follow_up_on is None:
        return
    if follow_up_on < today:
        raise ValidationError({"follow_up_on": "The follow-up date cannot be in the past."})
    if (follow_up_on - today).days > MAX_FOLLOW_UP_DAYS:
        raise ValidationError({"follow_up_on": "Choose a follow-up date within a year."})


def _released(pulse: Pulse, *, today: date) -> bool:
    return bool(pulse_summaries(Pulse.objects.filter(pk=pulse.pk), today=today)[0]["results"])


@transaction.atomic
def action_record(
    *,
    actor: User,
    team: Team,
    heard: str,
    planned: str,
    owner_role: str,
    pulse: Pulse | None = None,
    feedback_batch: FeedbackBatch | None = None,
    follow_up_on: date | None = None,
) -> VoiceAction:
    """A manager of the team (or an org admin) records what was heard in a released pulse or
    feedback batch of the team, what will be done and by whom (a role), and when to follow up."""
    require(can_record_actions(actor, team.pk), "Only this team's managers can record what was done.")
    today = caps(actor).today
    if pulse is None and feedback_batch is None:
        raise ValidationError({"pulse": "Choose the pulse or the feedback this answers."})
    if pulse is not None and pulse.team_id != team.pk:
        raise ValidationError({"pulse": "This pulse is not this team's."})
    if feedback_batch is not None and feedback_batch.team_id != team.pk:
        raise ValidationError({"feedback_batch": "This feedback is not this team's."})
    if pulse is not None and not _released(pulse, today=today):
        raise ValidationError({"pulse": "This pulse's results are not released, so there is nothing heard yet."})
    _check_follow_up(follow_up_on, today=today)
    action = VoiceAction.objects.create(
        organisation_id=team.organisation_id,
        team=team,
        pulse=pulse,
        feedback_batch=feedback_batch,
        heard=_text(heard, "heard", required=True, max_length=VoiceAction.TEXT_MAX),
        planned=_text(planned, "planned", required=True, max_length=VoiceAction.TEXT_MAX),
        owner_role=_text(owner_role, "owner_role", required=True, max_length=VoiceAction.ROLE_MAX),
        follow_up_on=follow_up_on,
        recorded_on=today,
        author=actor,
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=action, detail=str(follow_up_on or ""))
    return action


@transaction.atomic
def action_update(*, actor: User, action: VoiceAction, **changes: Any) -> VoiceAction:
    """Change an open action's words, owner or follow-up date; or mark it done with a note
    (``status="done"``, ``done_note``). A done action can be reopened (``status="open"``)."""
    require(can_record_actions(actor, action.team_id), "Only this team's managers can change what was done.")
    action = VoiceAction.objects.select_for_update().get(pk=action.pk)
    today = caps(actor).today
    limits = {"heard": VoiceAction.TEXT_MAX, "planned": VoiceAction.TEXT_MAX, "owner_role": VoiceAction.ROLE_MAX}
    for field, limit in limits.items():
        if field in changes:
            setattr(action, field, _text(changes[field], field, required=True, max_length=limit))
    if "follow_up_on" in changes and changes["follow_up_on"] != action.follow_up_on:
        _check_follow_up(changes["follow_up_on"], today=today)
        action.follow_up_on = changes["follow_up_on"]
    if "done_note" in changes:
        action.done_note = _text(changes["done_note"], "done_note", required=False, max_length=VoiceAction.TEXT_MAX)
    status = changes.get("status", action.status)
    if status not in VoiceAction.Status.values:
        raise ValidationError({"status": "Choose open or done."})
    if status == VoiceAction.Status.DONE and action.status != VoiceAction.Status.DONE:
        if not action.done_note:
            raise ValidationError({"done_note": "Say what was done."})
        action.done_on = today
    elif status == VoiceAction.Status.OPEN:
        action.done_on = None
    action.status = status
    action.save()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=action, detail=action.status)
    return action


def action_done_message(action: VoiceAction) -> str:
    if action.status == VoiceAction.Status.DONE and action.done_on:
        return f"Marked done on {prose_date(action.done_on)}. The team sees it."
    return "Saved. The team sees it."
