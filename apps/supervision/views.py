"""Supervision pages: my supervision, the supervisor's review queue, recording a session,
and the managers' agreements page."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.audit.services import audit_reads
from apps.boundaries.selectors import review_queue
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, require
from apps.core.forms import run_service
from apps.supervision import services
from apps.supervision.forms import (
    AgreementEditForm,
    AgreementForm,
    SessionForm,
    supervisee_choices,
    supervisor_choices,
)
from apps.supervision.selectors import (
    agreements_supervised_by,
    agreements_with_state,
    can_manage_agreements_of,
    get_agreement_for,
    get_session_for,
    is_overloaded,
    sessions_for_listing,
)
from apps.supervision.values import peer_value_label
from apps.wellbeing.selectors import check_ins_shared_with, supervisees_stepped_away


def my_supervision(request):
    """The supervisee's view: my agreements, their state and next due date, my sessions."""
    user = request.user
    agreements = list(agreements_with_state(user).filter(supervisee_id=user.pk).order_by("state_rank", "next_due_on"))
    sessions = sessions_for_listing(user).filter(agreements__supervisee_id=user.pk).distinct()
    page = Paginator(sessions, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/my_supervision.html",
        {"agreements": agreements, "page": page, "today": caps(user).today},
    )


@require_POST
def agreement_request(request, agreement_id):
    agreement = get_agreement_for(request.user, agreement_id)
    try:
        services.agreement_request_supervision(actor=request.user, agreement=agreement, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{agreement.supervisor} has been told you would like supervision now.")
    return redirect("supervision:my-supervision")


def queue(request):
    """The supervisor's review queue: notes awaiting review (highest risk, then oldest first),
    who has stepped away, each supervisee's supervision state with "record a session"."""
    user = request.user
    notes = Paginator(review_queue(user), 25).get_page(request.GET.get("page"))
    agreements = list(agreements_supervised_by(user).order_by("state_rank", "next_due_on"))
    stepped_away = list(supervisees_stepped_away(user))
    # The step-away messages are written for the supervisor; showing them is a read of a
    # sensitive body, so it is audited like a note or check-in.
    audit_reads(actor=user, targets=[p for p in stepped_away if p.message], request=request)
    shared_check_ins = check_ins_shared_with(user).count() if caps(user).supervisee_ids else 0
    return render(
        request,
        "supervision/queue.html",
        {
            "notes": notes,
            "agreements": agreements,
            "stepped_away": stepped_away,
            "shared_check_ins": shared_check_ins,
        },
    )


def session_new(request):
    user = request.user
    agreements = agreements_supervised_by(user).order_by("supervisee__display_name")
    initial = {"held_on": caps(user).today, "duration_minutes": 60}
    if request.GET.get("agreement"):
        initial["agreements"] = [a for a in agreements if str(a.pk) == request.GET["agreement"]]
    if request.GET.get("note"):
        initial["boundary_notes"] = [request.GET["note"]]
    form = SessionForm(request.POST or None, user=user, agreements=agreements, initial=initial)
    if request.method == "POST" and form.is_valid():
        session = run_service(form, services.session_record, actor=user, request=request, **form.service_kwargs())
        if session:
            due = ", ".join(
                f"{a.supervisee.display_name} next due {a.next_due_on:%-d %b %Y}"
                for a in session.agreements.select_related("supervisee")
            )
            messages.success(request, f"Session recorded. {due}.")
            return redirect("supervision:session-detail", session_id=session.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "supervision/session_form.html",
        {"form": form, "has_agreements": bool(form.fields["agreements"].queryset)},
        status=status,
    )


def session_detail(request, session_id):
    session = get_session_for(request.user, session_id)
    user = request.user
    agreements = list(session.agreements.all())
    notes = list(session.boundary_notes.all())
    if session.recorded_by_id != user.pk:
        agreements = [a for a in agreements if user.pk in (a.supervisee_id, a.supervisor_id)]
        notes = [n for n in notes if n.author_id == user.pk]
    values = [{"label": peer_value_label(key), **entry} for key, entry in (session.values_check or {}).items()]
    return render(
        request,
        "supervision/session_detail.html",
        {
            "session": session,
            "agreements": agreements,
            "notes": notes,
            "values": values,
            "functions": [f for f in session.Function if f.value in session.functions],
        },
    )


def agreement_list(request):
    """Managers and org admins: agreements of the people they manage, with state; set one up."""
    user = request.user
    my = caps(user)
    require(my.is_org_admin or bool(my.managed_team_ids), "Only team managers and org admins manage agreements.")
    form = AgreementForm(
        request.POST or None, supervisees=supervisee_choices(user), supervisors=supervisor_choices(user)
    )
    if request.method == "POST" and form.is_valid():
        agreement = run_service(form, services.agreement_create, actor=user, request=request, **form.cleaned_data)
        if agreement:
            messages.success(request, f"Agreement set up: {agreement}. First due {agreement.next_due_on:%-d %b %Y}.")
            warning = services.overload_warning(agreement)
            if warning:
                messages.warning(request, warning)
            return redirect("supervision:agreement-list")
    qs = agreements_with_state(user).exclude(supervisee_id=user.pk)
    state = request.GET.get("state", "")
    if state:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("state_rank", "next_due_on", "supervisee__display_name"), 25).get_page(
        request.GET.get("page")
    )
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "supervision/agreement_list.html",
        {"page": page, "form": form, "state": state, "max_supervisees": settings.MAX_SUPERVISEES},
        status=status,
    )


def agreement_detail(request, agreement_id):
    user = request.user
    agreement = get_agreement_for(user, agreement_id)
    can_manage = can_manage_agreements_of(user, agreement.supervisee_id)
    form = None
    if can_manage:
        initial = {f: getattr(agreement, f) for f in ("frequency_days", "starts_on", "ends_on")}
        form = AgreementEditForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            changed = {f: form.cleaned_data[f] for f in form.changed_data}
            updated = run_service(
                form, services.agreement_update, actor=user, agreement=agreement, data=changed, request=request
            )
            if updated:
                messages.success(request, f"Saved. Next due {updated.next_due_on:%-d %b %Y}.")
                return redirect("supervision:agreement-detail", agreement_id=agreement.pk)
    elif request.method == "POST":
        require(False, "Only a manager of this worker's teams, or an org admin, can change this agreement.")
    # Sessions are for the people in the agreement; managers see only the state.
    sessions = []
    if user.pk in (agreement.supervisee_id, agreement.supervisor_id):
        sessions = list(sessions_for_listing(user).filter(agreements=agreement)[:20])
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(
        request,
        "supervision/agreement_detail.html",
        {
            "agreement": agreement,
            "form": form,
            "sessions": sessions,
            "overloaded": can_manage and is_overloaded(agreement.supervisor_load),
            "max_supervisees": settings.MAX_SUPERVISEES,
            "is_supervisee": agreement.supervisee_id == user.pk,
            "is_supervisor": agreement.supervisor_id == user.pk,
        },
        status=status,
    )
