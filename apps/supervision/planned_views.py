"""Planned supervision pages: plan, see, change, cancel, mark held (issue 16, part 3)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, require
from apps.core.dates import org_zone
from apps.core.forms import run_service
from apps.supervision import planning
from apps.supervision.forms import HeldForm, PlannedChangeForm, PlannedSessionForm
from apps.supervision.invitations import attendees_of
from apps.supervision.models import PlannedSession
from apps.supervision.policies import can_change_planned, can_mark_held
from apps.supervision.selectors import agreements_to_plan_under, get_planned_for


def planned_new(request):
    user = request.user
    agreements = agreements_to_plan_under(user)
    initial = {"duration_minutes": 60, "date": caps(user).today}
    if request.GET.get("agreement"):
        initial["agreements"] = [a for a in agreements if str(a.pk) == request.GET["agreement"]]
    form = PlannedSessionForm(request.POST or None, user=user, agreements=agreements, initial=initial)
    if request.method == "POST" and form.is_valid():
        planned = run_service(
            form,
            planning.planned_session_create,
            actor=user,
            agreements=list(form.cleaned_data["agreements"]),
            date=form.cleaned_data["date"],
            time=form.cleaned_data["time"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            location=form.cleaned_data["location"],
            video_url=form.cleaned_data["video_url"],
        )
        if planned:
            messages.success(request, "Session planned. Everyone in it has been sent a calendar invitation.")
            return redirect("supervision:planned-detail", planned_id=planned.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "supervision/planned_form.html",
        {"form": form, "has_agreements": bool(form.fields["agreements"].queryset)},
        status=status,
    )


def _change_form(planned, data=None):
    day, at = planning.local_parts(planned)
    initial = {
        "date": day,
        "time": at,
        "duration_minutes": planned.duration_minutes,
        "location": planned.location,
        "video_url": planned.video_url,
    }
    return PlannedChangeForm(data, initial=initial, prefix="change")


def planned_detail(request, planned_id):
    """The planned session; its change form (POST here), cancel and mark-held buttons."""
    user = request.user
    planned = get_planned_for(user, planned_id)
    may_change = can_change_planned(user, planned) and planned.status == PlannedSession.Status.PLANNED
    form = _change_form(planned, request.POST or None) if may_change else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, "This planned session cannot be changed.")
            return redirect("supervision:planned-detail", planned_id=planned.pk)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.changed_data}
            if run_service(form, planning.planned_session_update, actor=user, planned=planned, data=data):
                messages.success(request, "Changed. Everyone in it has been sent the new time and place.")
                return redirect("supervision:planned-detail", planned_id=planned.pk)
        status = 400
    # Naive, so that the template shows the organisation's wall-clock time (not the site's zone).
    local = planned.starts_at.astimezone(org_zone(user.organisation)).replace(tzinfo=None)
    return render(
        request,
        "supervision/planned_detail.html",
        {
            "planned": planned,
            "local_start": local,
            "people": attendees_of(planned),
            "form": form,
            "may_change": may_change,
            "may_mark_held": can_mark_held(user, planned)
            and planned.status == PlannedSession.Status.PLANNED
            and planned.starts_at <= timezone.now(),
        },
        status=status,
    )


@require_POST
def planned_cancel(request, planned_id):
    planned = get_planned_for(request.user, planned_id)
    try:
        planning.planned_session_cancel(actor=request.user, planned=planned)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Cancelled. Everyone in it has been sent a cancellation for their calendar.")
    return redirect("supervision:planned-detail", planned_id=planned.pk)


def planned_held(request, planned_id):
    """Mark held: record the session it became, in one step."""
    user = request.user
    planned = get_planned_for(user, planned_id)
    require(can_mark_held(user, planned), "Only the supervisor records a session as held.")
    form = HeldForm(
        request.POST or None, user=user, planned=planned, initial={"duration_minutes": planned.duration_minutes}
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = run_service(
                form, planning.planned_session_mark_held, actor=user, planned=planned, **form.service_kwargs()
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            session = None
        if session:
            messages.success(request, "Session recorded. The next due date has moved on.")
            return redirect("supervision:session-detail", session_id=session.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "supervision/planned_held.html", {"form": form, "planned": planned}, status=status)
