"""Pages of "you said, we did": the team's actions (everyone in the team reads them; its managers
record them) and one action (its managers mark it done with a note)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from apps.audit.services import audit_reads
from apps.core.capabilities import caps
from apps.core.forms import run_service
from apps.teams.selectors import get_team_for
from apps.voice import loop_services
from apps.voice.loop_forms import ActionForm, ActionUpdateForm
from apps.voice.loop_selectors import (
    answerable_sources,
    can_record_actions,
    can_see_actions,
    get_action_for,
    team_actions,
)

PAGE_SIZE = 50


def team_actions_page(request, team_id):
    """The team's "you said, we did" list, newest first; its managers record new ones here."""
    team = get_team_for(request.user, team_id)
    if not can_see_actions(request.user, team.pk):
        raise Http404
    can_record = can_record_actions(request.user, team.pk)
    form = None
    status = 200
    if can_record:
        pulses, batches = answerable_sources(team, today=caps(request.user).today)
        form = ActionForm(prefix="action", pulses=pulses, batches=batches)
        if request.method == "POST":
            form = ActionForm(request.POST, prefix="action", pulses=pulses, batches=batches)
            if form.is_valid():
                fields = ("heard", "planned", "owner_role", "follow_up_on")
                done = run_service(
                    form,
                    loop_services.action_record,
                    actor=request.user,
                    team=team,
                    **{f: form.cleaned_data[f] for f in fields},
                    **form.source_kwargs(),
                )
                if done:
                    messages.success(request, "Recorded. Everyone in the team can read it now.")
                    return redirect("voice:team-actions", team_id=team.pk)
            status = 400
    elif request.method == "POST":
        raise Http404
    actions = list(team_actions(team)[:PAGE_SIZE])
    audit_reads(actor=request.user, targets=actions, detail="voice action")
    context = {"team": team, "actions": actions, "form": form, "can_record": can_record}
    return render(request, "voice/actions.html", context, status=status)


def action_page(request, action_id):
    """One action; the team's managers change its status (done needs a note) or follow-up date."""
    action = get_action_for(request.user, action_id)
    if not can_see_actions(request.user, action.team_id):
        raise Http404
    can_record = can_record_actions(request.user, action.team_id)
    initial = {"status": action.status, "done_note": action.done_note, "follow_up_on": action.follow_up_on}
    form = ActionUpdateForm(prefix="update", initial=initial) if can_record else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404
        form = ActionUpdateForm(request.POST, prefix="update", initial=initial)
        if form.is_valid():
            done = run_service(
                form, loop_services.action_update, actor=request.user, action=action, **form.cleaned_data
            )
            if done:
                messages.success(request, loop_services.action_done_message(done))
                return redirect("voice:action-detail", action_id=action.pk)
        status = 400
    audit_reads(actor=request.user, targets=[action], detail="voice action")
    context = {"action": action, "team": action.team, "form": form, "can_record": can_record}
    return render(request, "voice/action_detail.html", context, status=status)
