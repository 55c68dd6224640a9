"""Team voice pages: anonymous feedback and the pulse for members; aggregates for managers."""

from django.contrib import messages
from django.shortcuts import redirect, render

from apps.audit.services import audit_reads
from apps.core.capabilities import caps
from apps.core.dates import prose_date
from apps.core.forms import run_service
from apps.teams.selectors import get_team_for, teams_visible_to
from apps.voice import policies, services
from apps.voice.forms import FeedbackForm, OwnPasswordForm, PulseAnswerForm, PulseOpenForm
from apps.voice.loop_selectors import released_results, since_last_pulse
from apps.voice.selectors import (
    answer_refusal,
    answered_pulse_ids,
    has_waiting_message,
    open_pulse,
    open_pulses_of,
    team_voice,
    too_few_voices,
)


def _answered_message() -> str:
    return (
        "Thank you. Your answers were recorded anonymously. Results appear after the pulse closes, "
        f"if at least {policies.min_group()} people answered."
    )


def _feedback_message() -> str:
    return (
        "Thank you. Your feedback was sent anonymously. The managers see it together with others' once at "
        f"least {policies.min_group()} different people have written."
    )


def voice_index(request):
    """The teams whose voice the user can take part in or read (three queries for any number)."""
    me = caps(request.user)
    teams = list(teams_visible_to(request.user).order_by("name"))
    open_pulses = {p.team_id: p for p in open_pulses_of([t.pk for t in teams], today=me.today, user=request.user)}
    rows = [
        {
            "team": team,
            "can_voice": policies.can_voice(request.user, team.pk),
            "can_read": policies.can_read_results(request.user, team.pk),
            "pulse": open_pulses.get(team.pk),
        }
        for team in teams
    ]
    answered = answered_pulse_ids(request.user, [r["pulse"].pk for r in rows if r["pulse"]])
    for row in rows:
        pulse = row["pulse"]
        row["answered"] = pulse is not None and pulse.pk in answered
        row["refusal"] = (
            policies.answer_refusal(request.user, pulse, member_before_open=pulse.member_before_open)
            if pulse is not None and row["can_voice"] and not row["answered"]
            else None
        )
    return render(request, "voice/voice_index.html", {"rows": rows})


def team_voice_page(request, team_id):
    """Members (not managers): feedback form and the open pulse. Managers and org admins: the
    aggregates, the trend and released feedback batches, and opening a pulse."""
    team = get_team_for(request.user, team_id)
    me = caps(request.user)
    can_voice = policies.can_voice(request.user, team.pk)
    can_read = policies.can_read_results(request.user, team.pk)
    pulse = open_pulse(team, today=me.today)
    answered = bool(pulse) and pulse.pk in answered_pulse_ids(request.user, [pulse.pk])
    # Why this person's answer could not count (shown instead of the form), if it could not.
    refusal = answer_refusal(request.user, pulse) if can_voice and pulse and not answered else None
    needs_own_password = can_voice and not policies.has_own_credentials(request.user)

    feedback_form = FeedbackForm(prefix="feedback") if can_voice and not needs_own_password else None
    answer_form = (
        PulseAnswerForm(prefix="pulse", question_set=pulse.question_set)
        if can_voice and pulse and not answered and not refusal
        else None
    )
    open_form = PulseOpenForm(prefix="open", today=me.today) if policies.can_open_pulse(request.user, team.pk) else None
    own_password_form = OwnPasswordForm(prefix="own") if needs_own_password else None

    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        done = None
        if action == "feedback" and feedback_form is not None:
            feedback_form = FeedbackForm(request.POST, prefix="feedback")
            if feedback_form.is_valid():
                done = run_service(
                    feedback_form,
                    lambda **kw: services.feedback_submit(**kw) or True,
                    actor=request.user,
                    team=team,
                    body=feedback_form.cleaned_data["body"],
                )
                if done:
                    messages.success(request, _feedback_message())
        elif action == "answer" and answered:
            messages.info(request, "You have already answered this pulse. Thank you.")
            return redirect("voice:team-voice", team_id=team.pk)
        elif action == "answer" and answer_form is not None:
            answer_form = PulseAnswerForm(request.POST, prefix="pulse", question_set=pulse.question_set)
            if answer_form.is_valid():
                done = run_service(
                    answer_form,
                    lambda **kw: services.pulse_answer(**kw) or True,
                    actor=request.user,
                    pulse=pulse,
                    answers=answer_form.answers(),
                )
                if done:
                    messages.success(request, _answered_message())
        elif action == "own_password" and own_password_form is not None:
            own_password_form = OwnPasswordForm(request.POST, prefix="own")
            if own_password_form.is_valid():
                done = run_service(
                    own_password_form,
                    lambda **kw: services.own_password_link_send(**kw) or True,
                    actor=request.user,
                )
                if done:
                    messages.success(request, "We have e-mailed you a link to set your own password.")
        elif action == "open" and open_form is not None:
            open_form = PulseOpenForm(request.POST, prefix="open", today=me.today)
            if open_form.is_valid():
                done = run_service(
                    open_form,
                    services.pulse_open,
                    actor=request.user,
                    team=team,
                    closes_on=open_form.cleaned_data["closes_on"],
                )
                if done:
                    messages.success(
                        request, f"The pulse is open until {prose_date(done.closes_on)}. Members have been told."
                    )
        if done:
            return redirect("voice:team-voice", team_id=team.pk)
        status = 400

    # What came of the last pulse, shown before answering this one; the released results, to
    # everyone who could answer them (``loop_selectors``).
    since = since_last_pulse(team, pulse) if answer_form is not None else []
    results = released_results(request.user, team) if can_voice else []
    audit_reads(
        actor=request.user,
        targets={a.pk: a for a in [*since, *(a for s in results for a in s["since"])]}.values(),
        detail="voice action",
    )
    context = {
        "team": team,
        "can_voice": can_voice,
        "can_read": can_read,
        "pulse": pulse,
        "answered": answered,
        "refusal": refusal,
        "needs_own_password": needs_own_password,
        "own_password_form": own_password_form,
        "has_waiting_message": can_voice and not needs_own_password and has_waiting_message(request.user, team),
        "feedback_form": feedback_form,
        "answer_form": answer_form,
        "open_form": open_form,
        "voice": team_voice(request.user, team) if can_read else None,
        "my_results": results,
        "since": since,
        # Said before the form is offered, not after it is sent (issue 15, item 11).
        "too_small": services.team_too_small_for_a_pulse(team, today=me.today) if open_form and not pulse else None,
        # Members of a team that small are told what happens to what they write, before they write.
        "few_voices": can_voice and too_few_voices(team, today=me.today),
        "min_group": policies.min_group(),
    }
    return render(request, "voice/team_voice.html", context, status=status)
