"""Wellbeing pages: my check-ins, stepping away and back, and (for supervisors) the
check-ins supervisees chose to share."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, require
from apps.core.dates import prose_date
from apps.core.forms import add_readers_field, run_service
from apps.core.sharing import supervisor_choices
from apps.wellbeing import services
from apps.wellbeing.forms import CheckInForm, CheckInShareForm, StepAwayForm, SupportContactForm
from apps.wellbeing.policies import can_edit_support_contacts
from apps.wellbeing.selectors import (
    check_ins_shared_with_page,
    my_check_ins,
    my_supervision_in_force,
    open_step_away_of,
    support_contacts,
)
from apps.wellbeing.step_away_parts import step_away_parts
from apps.wellbeing.validation import LOW_MOOD


def _home(request, *, check_in_form=None, step_away_form=None, share_errors=None, status=200):
    user = request.user
    period = open_step_away_of(user)
    if step_away_form is None:
        initial = {"until": period.planned_return_on, "message": period.message} if period else {}
        step_away_form = StepAwayForm(initial=initial)
    page = Paginator(my_check_ins(user).prefetch_related("readers"), 10).get_page(request.GET.get("page"))
    # Each row's "Who reads this" form: the supervisors are looked up once for the page, and
    # each row ticks the readers it names (prefetched).
    labels, _peers = supervisor_choices(user)
    supervisors = sorted(labels.items(), key=lambda item: item[1])
    share_errors = share_errors or {}
    for c in page.object_list:
        c.reader_ids = {r.pk for r in c.readers.all()}
        c.share_errors = share_errors.get(c.pk, [])
    if check_in_form is None:
        check_in_form = CheckInForm()
        add_readers_field(check_in_form, user, label="Which supervisors read it")
    # What other apps add to the step-away form (e.g. the wellness plan's "while I'm away").
    parts = [(part.template, ctx) for part in step_away_parts() if (ctx := part.context(user)) is not None]
    return render(
        request,
        "wellbeing/home.html",
        {
            "step_away_parts": parts,
            "check_in_form": check_in_form,
            "step_away_form": step_away_form,
            "period": period,
            "page": page,
            "supervisors": supervisors,
            "has_supervisor": bool(caps(user).supervisor_ids),
            "has_support_contacts": support_contacts(user).exists(),
        },
        status=status,
    )


def home(request):
    if request.method == "POST":
        form = CheckInForm(request.POST)
        add_readers_field(form, request.user, label="Which supervisors read it")
        if form.is_valid():
            check_in = run_service(form, services.check_in_record, actor=request.user, **form.cleaned_data)
            if check_in:
                names = ", ".join(u.display_name for u in check_in.readers.order_by("display_name"))
                shared = ""
                if check_in.share_with_supervisor:
                    shared = (
                        f" and shared. Read by: {names}" if names else " (no supervisor named, so only you read it)"
                    )
                if check_in.mood is not None and check_in.mood <= LOW_MOOD:
                    # A low check-in is answered with what might help, all of it optional; who
                    # reads it is said there too, when the worker shared it.
                    if shared:
                        messages.success(request, f"Check-in saved{shared}.")
                    return redirect("wellbeing:check-in-support", check_in_id=check_in.pk)
                messages.success(request, f"Check-in saved{shared}. Thank you for looking after yourself.")
                return redirect("wellbeing:home")
        return _home(request, check_in_form=form, status=400)
    return _home(request)


@require_POST
def check_in_share(request, check_in_id):
    """The author changes who reads one of their check-ins (shared or not; ticked supervisors)."""
    check_in = my_check_ins(request.user).filter(pk=check_in_id).first()
    if check_in is None:  # someone else's (or nobody's): not yours to see
        raise Http404
    form = CheckInShareForm(request.POST)
    add_readers_field(form, request.user, label="Who reads this")
    if form.is_valid():
        shared = run_service(
            form,
            services.check_in_share,
            actor=request.user,
            check_in=check_in,
            share_with_supervisor=form.cleaned_data["share_with_supervisor"],
            readers=list(form.cleaned_data.get("readers") or []),
        )
        if shared:
            names = ", ".join(u.display_name for u in shared.readers.order_by("display_name"))
            messages.success(request, f"Sharing updated. Read by: {names or 'only you'}.")
            if request.POST.get("next") == "support":
                return redirect("wellbeing:check-in-support", check_in_id=check_in.pk)
            return redirect("wellbeing:home")
    errors = [str(e) for errs in form.errors.values() for e in errs]
    return _home(request, share_errors={check_in.pk: errors}, status=400)


@require_POST
def step_away(request):
    form = StepAwayForm(request.POST)
    if form.is_valid():
        try:
            period = run_service(
                form, services.worker_step_away, actor=request.user, parts_data=request.POST, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            period = None
        if period:
            messages.success(
                request,
                f"You have stepped away until {prose_date(period.planned_return_on)}. "
                "Supervision reminders are paused. Take care.",
            )
            return redirect("wellbeing:home")
    return _home(request, step_away_form=form, status=400)


@require_POST
def come_back(request):
    try:
        services.worker_return(actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Welcome back. Your supervision agreements are active again.")
    return redirect("wellbeing:home")


def shared_with_me(request):
    """Supervisors: check-ins their supervisees chose to share (the selector records each read)."""
    page = check_ins_shared_with_page(request.user, number=request.GET.get("page"), per_page=25)
    return render(request, "wellbeing/shared_with_me.html", {"page": page})


def check_in_support(request, check_in_id):
    """After a low check-in: what might help now, every option the worker's choice (issue 15,
    item 5): share this check-in with a supervisor, ask for supervision now, step away, and
    the organisation's own support contacts."""
    user = request.user
    check_in = my_check_ins(user).prefetch_related("readers").filter(pk=check_in_id).first()
    if check_in is None:  # someone else's: not yours to see
        raise Http404
    labels, peers = supervisor_choices(user)
    return render(
        request,
        "wellbeing/check_in_support.html",
        {
            "check_in": check_in,
            "readers": sorted(r.display_name for r in check_in.readers.all()),
            "supervisors": sorted(labels.items(), key=lambda item: item[1]),
            "default_readers": peers,
            "agreements": my_supervision_in_force(user),
            "period": open_step_away_of(user),
            "contacts": support_contacts(user),
            "can_edit_contacts": can_edit_support_contacts(user),
        },
    )


def support(request):
    """The organisation's support contacts, for everyone in it."""
    user = request.user
    return render(
        request,
        "wellbeing/support.html",
        {"contacts": support_contacts(user), "can_edit_contacts": can_edit_support_contacts(user)},
    )


def _contacts_page(request, *, form=None, status=200):
    return render(
        request,
        "wellbeing/support_contacts.html",
        {"contacts": support_contacts(request.user), "form": form or SupportContactForm()},
        status=status,
    )


def support_contacts_settings(request):
    """Org admins keep the organisation's support contacts (an org setting)."""
    require(can_edit_support_contacts(request.user), "Only an org admin can change the support contacts.")
    if request.method == "POST":
        form = SupportContactForm(request.POST)
        if form.is_valid():
            contact = run_service(form, services.support_contact_create, actor=request.user, **form.cleaned_data)
            if contact:
                messages.success(request, f"Added {contact.name}. Everyone in your organisation can see it now.")
                return redirect("wellbeing:support-contacts")
        return _contacts_page(request, form=form, status=400)
    return _contacts_page(request)


def support_contact_edit(request, contact_id):
    require(can_edit_support_contacts(request.user), "Only an org admin can change the support contacts.")
    contact = get_object_or_404(support_contacts(request.user), pk=contact_id)
    if request.method == "POST":
        form = SupportContactForm(request.POST)
        if form.is_valid():
            saved = run_service(
                form, services.support_contact_update, actor=request.user, contact=contact, **form.cleaned_data
            )
            if saved:
                messages.success(request, f"Saved {saved.name}.")
                return redirect("wellbeing:support-contacts")
        status = 400
    else:
        form = SupportContactForm(
            initial={f: getattr(contact, f) for f in ("kind", "name", "how_to_reach", "when_available")}
        )
        status = 200
    return render(request, "wellbeing/support_contact_edit.html", {"contact": contact, "form": form}, status=status)


@require_POST
def support_contact_delete(request, contact_id):
    require(can_edit_support_contacts(request.user), "Only an org admin can change the support contacts.")
    contact = get_object_or_404(support_contacts(request.user), pk=contact_id)
    name = contact.name
    services.support_contact_delete(actor=request.user, contact=contact)
    messages.success(request, f"Removed {name}.")
    return redirect("wellbeing:support-contacts")
