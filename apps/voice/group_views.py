"""Group pulse pages (issue 19): opening pooled peer voice and readiness pulses, answering, results."""

from django.contrib import messages
from django.shortcuts import redirect, render

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps
from apps.core.dates import prose_date
from apps.core.forms import run_service
from apps.teams.models import Team
from apps.teams.selectors import teams_visible_to
from apps.voice import group_policies, group_selectors, group_services
from apps.voice.forms import PooledOpenForm, PulseAnswerForm, ReadinessOpenForm
from apps.voice.group_models import GroupPulse
from apps.voice.policies import min_group


def _readiness_teams(user):
    me = caps(user)
    teams = teams_visible_to(user).order_by("name")
    return teams if me.is_org_admin else teams.filter(pk__in=list(me.managed_team_ids))


def group_pulses_page(request):
    """Pulses I am asked to answer; for admins and managers, the ones they read and the open forms."""
    me = caps(request.user)
    pooled_form = (
        PooledOpenForm(prefix="pooled", teams=Team.objects.none(), today=me.today)
        if group_policies.can_open_pooled(request.user)
        else None
    )
    if pooled_form is not None:
        pooled_form.fields["teams"].queryset = teams_visible_to(request.user).order_by("name")
    readiness_form = (
        ReadinessOpenForm(prefix="readiness", teams=_readiness_teams(request.user), today=me.today)
        if group_policies.can_open_some_readiness(request.user)
        else None
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        done = None
        if action == "pooled" and pooled_form is not None:
            pooled_form = PooledOpenForm(
                request.POST, prefix="pooled", teams=teams_visible_to(request.user).order_by("name"), today=me.today
            )
            if pooled_form.is_valid():
                data = pooled_form.cleaned_data
                done = run_service(
                    pooled_form,
                    group_services.group_pulse_open,
                    actor=request.user,
                    kind=GroupPulse.Kind.POOLED,
                    teams=list(data["teams"]),
                    whole_organisation=data["whole_organisation"],
                    audience_=data["audience"],
                    closes_on=data["closes_on"],
                )
        elif action == "readiness" and readiness_form is not None:
            readiness_form = ReadinessOpenForm(
                request.POST, prefix="readiness", teams=_readiness_teams(request.user), today=me.today
            )
            if readiness_form.is_valid():
                done = run_service(
                    readiness_form,
                    group_services.group_pulse_open,
                    actor=request.user,
                    kind=GroupPulse.Kind.READINESS,
                    teams=[readiness_form.cleaned_data["team"]],
                    closes_on=readiness_form.cleaned_data["closes_on"],
                )
        if done:
            messages.success(
                request, f"The pulse is open until {prose_date(done.closes_on)}. Those asked have been told."
            )
            return redirect("voice:group-pulse", group_pulse_id=done.pk)
        status = 400
    pulses = list(
        group_selectors.with_my_standing(group_selectors.visible_group_pulses(request.user), request.user).order_by(
            "-opened_on", "-created_at"
        )[:50]
    )
    context = {
        "asked": [
            group_selectors.summary(p, today=me.today, with_results=False)
            for p in pulses
            if p.invited and not p.answered and p.state_on(me.today) == "open"
        ],
        "readable": [
            group_selectors.summary(p, today=me.today, with_results=False)
            for p in pulses
            if group_policies.can_read(request.user, p, [t.pk for t in p.teams.all()], invited=bool(p.invited))
        ],
        "pooled_form": pooled_form,
        "readiness_form": readiness_form,
        "min_group": min_group(),
    }
    return render(request, "voice/group_pulses.html", context, status=status)


def group_pulse_page(request, group_pulse_id):
    """Answer (those asked, once) or read the released breakdowns (org admins; readiness: the team's
    managers). Anyone else: 404."""
    pulse = group_selectors.get_group_pulse_for(request.user, group_pulse_id)
    me = caps(request.user)
    can_read = group_policies.can_read(
        request.user, pulse, [t.pk for t in pulse.teams.all()], invited=bool(pulse.invited)
    )
    refusal = (
        group_policies.answer_refusal(
            request.user, pulse, invited=pulse.invited, answered=pulse.answered, today=me.today
        )
        if pulse.invited
        else None
    )
    answer_form = (
        PulseAnswerForm(prefix="pulse", question_set=pulse.question_set) if pulse.invited and not refusal else None
    )
    status = 200
    if request.method == "POST" and request.POST.get("action") == "answer":
        if answer_form is None:
            messages.info(request, refusal or group_policies.NOT_ASKED)
            return redirect("voice:group-pulse", group_pulse_id=pulse.pk)
        answer_form = PulseAnswerForm(request.POST, prefix="pulse", question_set=pulse.question_set)
        if answer_form.is_valid():
            done = run_service(
                answer_form,
                lambda **kw: group_services.group_pulse_answer(**kw) or True,
                actor=request.user,
                pulse=pulse,
                answers=answer_form.answers(),
            )
            if done:
                messages.success(
                    request,
                    "Thank you. Your answers were recorded anonymously. Results appear after the pulse closes, "
                    f"for each group of at least {min_group()} people the rule allows.",
                )
                return redirect("voice:group-pulse", group_pulse_id=pulse.pk)
        status = 400
    if can_read and pulse.mixed:
        audit_record(actor=request.user, action=AuditEvent.Action.READ, target=pulse, detail="group pulse results")
    context = {
        "s": group_selectors.summary(pulse, today=me.today, with_results=can_read),
        "can_read": can_read,
        "invited": pulse.invited,
        "answered": pulse.answered,
        "refusal": refusal,
        "answer_form": answer_form,
        "min_group": min_group(),
    }
    return render(request, "voice/group_pulse.html", context, status=status)
