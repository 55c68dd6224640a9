"""Supervision pages: my supervision, the supervisor's page "Supervising", recording a session,
and the managers' agreements page."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.boundaries.selectors import review_queue
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, require
from apps.core.dates import prose_date
from apps.core.forms import run_service
from apps.supervision import services
from apps.supervision.forms import (
    AgreementEditForm,
    AgreementForm,
    SessionForm,
    supervisee_choices,
    supervisor_choices,
)
from apps.supervision.models import Agreement
from apps.supervision.policies import (
    can_end,
    can_manage_agreements_of,
    can_manage_any_agreements,
    can_see_consent_scope,
    is_party,
    session_parts_shown_to,
    supervisor_overloaded,
)
from apps.supervision.selectors import (
    agreements_awaiting,
    agreements_supervised_by,
    agreements_with_state,
    consent_scope,
    get_agreement_for,
    get_session_for,
    sessions_for_listing,
    stepped_away_for_queue,
    upcoming_planned,
)
from apps.supervision.values import ANSWERS as VALUE_ANSWERS
from apps.supervision.values import LEGACY_STATUSES, earlier_value_label, peer_value_label
from apps.wellbeing.selectors import check_ins_shared_with

# Proposals shown at once on a page; more than this waiting for one person is not a real case.
MAX_PROPOSALS_SHOWN = 20


def proposals_for(user) -> list[dict]:
    """Proposals awaiting ``user``'s answer; where they are the supervisee, with what the
    supervisor would be able to read (one query per proposal, at most MAX_PROPOSALS_SHOWN)."""
    return [
        {"agreement": a, "scope": consent_scope(a) if can_see_consent_scope(user, a) else None}
        for a in agreements_awaiting(user)[:MAX_PROPOSALS_SHOWN]
    ]


def my_supervision(request):
    """The supervisee's view: proposals waiting for my answer (with what each would share), my
    agreements with their status, state and next due date, my sessions."""
    user = request.user
    agreements = list(
        agreements_with_state(user)
        .filter(supervisee_id=user.pk)
        .exclude(status=Agreement.Status.DECLINED)
        .order_by("state_rank", "next_due_on")
    )
    sessions = sessions_for_listing(user).filter(agreements__supervisee_id=user.pk).distinct()
    page = Paginator(sessions, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/my_supervision.html",
        {
            "agreements": agreements,
            "page": page,
            "today": caps(user).today,
            "proposals": proposals_for(user),
            "planned": upcoming_planned(user),
        },
    )


def _consent_action(request, agreement_id, service, done: str, **kwargs):
    agreement = get_agreement_for(request.user, agreement_id)
    try:
        service(actor=request.user, agreement=agreement, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("supervision:agreement-detail", agreement_id=agreement.pk)


@require_POST
def agreement_accept(request, agreement_id):
    # The form carries the terms the person read: a proposal changed meanwhile is not accepted.
    return _consent_action(
        request,
        agreement_id,
        services.agreement_accept,
        "Accepted. It is in force once both of you have accepted.",
        terms=(request.POST.get("terms") or None) and request.POST["terms"][:64],
    )


@require_POST
def agreement_decline(request, agreement_id):
    return _consent_action(request, agreement_id, services.agreement_decline, "Declined. Nothing was shared.")


@require_POST
def agreement_end(request, agreement_id):
    return _consent_action(request, agreement_id, services.agreement_end, "The agreement has ended.")


@require_POST
def agreement_request(request, agreement_id):
    agreement = get_agreement_for(request.user, agreement_id)
    try:
        services.agreement_request_supervision(actor=request.user, agreement=agreement)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{agreement.supervisor} has been told you would like supervision now.")
    return redirect("supervision:my-supervision")


@require_POST
def agreement_request_handled(request, agreement_id):
    """The supervisor marks a waiting request for supervision as handled."""
    agreement = get_agreement_for(request.user, agreement_id)
    try:
        services.agreement_request_handled(actor=request.user, agreement=agreement)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Marked as handled. {agreement.supervisee} has been told you picked it up.")
    return redirect("supervision:queue")


def queue(request):
    """The supervisor's review queue: notes awaiting review (highest risk, then oldest first),
    who has stepped away, each supervisee's supervision state with "record a session"."""
    user = request.user
    notes = Paginator(review_queue(user), 25).get_page(request.GET.get("page"))
    agreements = list(agreements_supervised_by(user).order_by("state_rank", "next_due_on"))
    # The step-away messages shown are recorded as reads by the selector.
    stepped_away = stepped_away_for_queue(user)
    shared_check_ins = check_ins_shared_with(user).count() if caps(user).supervisee_ids else 0
    return render(
        request,
        "supervision/queue.html",
        {
            "proposals": proposals_for(user),
            "notes": notes,
            "agreements": agreements,
            "stepped_away": stepped_away,
            "shared_check_ins": shared_check_ins,
            "planned": upcoming_planned(user),
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
        session = run_service(form, services.session_record, actor=user, **form.service_kwargs())
        if session:
            due = ", ".join(
                f"{a.supervisee.display_name} next due {prose_date(a.next_due_on)}"
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
    agreements, notes = session_parts_shown_to(user, session)
    check = session.values_check or {}
    values = [
        {"label": peer_value_label(key), "answer": answer, "text": VALUE_ANSWERS.get(answer, answer)}
        for key, answer in (check.get("answers") or {}).items()
    ]
    legacy_values = [
        {
            "label": earlier_value_label(key),
            "status_text": LEGACY_STATUSES.get(entry.get("status"), entry.get("status")),
            "note": entry.get("note", ""),
        }
        for key, entry in (session.legacy_values_check or {}).items()
        if isinstance(entry, dict)
    ]
    return render(
        request,
        "supervision/session_detail.html",
        {
            "session": session,
            "agreements": agreements,
            "notes": notes,
            "values": values,
            "values_change": check.get("organisation_could_change", ""),
            "legacy_values": legacy_values,
            "functions": [f for f in session.Function if f.value in session.functions],
        },
    )


def agreement_list(request):
    """Managers and org admins: agreements of the people they manage, with state; set one up."""
    user = request.user
    require(can_manage_any_agreements(user), "Only team managers and org admins manage agreements.")
    form = AgreementForm(
        request.POST or None, supervisees=supervisee_choices(user), supervisors=supervisor_choices(user)
    )
    if request.method == "POST" and form.is_valid():
        agreement = run_service(form, services.agreement_create, actor=user, **form.cleaned_data)
        if agreement:
            messages.success(
                request,
                f"Agreement proposed: {agreement}. It is in force once both "
                f"{agreement.supervisee.display_name} and {agreement.supervisor.display_name} have accepted it.",
            )
            if supervisor_overloaded(user, agreement):
                messages.warning(
                    request,
                    f"Once accepted, {agreement.supervisor} will supervise {agreement.supervisor_load} people, more "
                    f"than the recommended {settings.MAX_SUPERVISEES}. Consider sharing supervision with someone else.",
                )
            return redirect("supervision:agreement-list")
    qs = agreements_with_state(user).exclude(supervisee_id=user.pk)
    state = request.GET.get("state", "")
    if state:
        qs = qs.filter(state=state)
    status_filter = request.GET.get("status", "")
    if status_filter in Agreement.Status.values:
        qs = qs.filter(status=status_filter)
    page = Paginator(qs.order_by("state_rank", "next_due_on", "supervisee__display_name"), 25).get_page(
        request.GET.get("page")
    )
    for row in page:
        row.overloaded = supervisor_overloaded(user, row)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "supervision/agreement_list.html",
        {
            "page": page,
            "form": form,
            "state": state,
            "status": status_filter,
            "statuses": Agreement.Status.choices,
            "max_supervisees": settings.MAX_SUPERVISEES,
        },
        status=status,
    )


def agreement_detail(request, agreement_id):
    user = request.user
    agreement = get_agreement_for(user, agreement_id)
    can_manage = can_manage_agreements_of(user, agreement.supervisee_id)
    form = None
    if can_manage and agreement.is_live:
        initial = {f: getattr(agreement, f) for f in ("frequency_days", "starts_on", "ends_on")}
        form = AgreementEditForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            changed = {f: form.cleaned_data[f] for f in form.changed_data}
            updated = run_service(form, services.agreement_update, actor=user, agreement=agreement, data=changed)
            if updated:
                messages.success(request, f"Saved. Next due {prose_date(updated.next_due_on)}.")
                return redirect("supervision:agreement-detail", agreement_id=agreement.pk)
    elif request.method == "POST":
        require(
            False, "Only a manager of this worker's teams, or an org admin, can change a proposed or active agreement."
        )
    # Sessions are for the people in the agreement; managers see only the state.
    sessions = []
    if is_party(user, agreement):
        sessions = list(sessions_for_listing(user).filter(agreements=agreement)[:20])
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(
        request,
        "supervision/agreement_detail.html",
        {
            "agreement": agreement,
            "form": form,
            "sessions": sessions,
            "overloaded": supervisor_overloaded(user, agreement),
            "max_supervisees": settings.MAX_SUPERVISEES,
            "is_supervisee": agreement.supervisee_id == user.pk,
            "is_supervisor": agreement.supervisor_id == user.pk,
            # Consent: what accepting would share (the supervisee only), and who may do what.
            "awaits_me": agreement.awaits(user),
            "scope": consent_scope(agreement)
            if can_see_consent_scope(user, agreement) and agreement.status == Agreement.Status.PROPOSED
            else None,
            "can_end": agreement.is_live and can_end(user, agreement),
        },
        status=status,
    )
