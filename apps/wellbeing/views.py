"""Wellbeing pages: my check-ins, stepping away and back, and (for supervisors) the
check-ins supervisees chose to share."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps
from apps.core.forms import add_readers_field, run_service
from apps.core.sharing import supervisor_choices
from apps.wellbeing import services
from apps.wellbeing.forms import CheckInForm, CheckInShareForm, StepAwayForm
from apps.wellbeing.selectors import check_ins_shared_with_page, my_check_ins, open_step_away_of


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
    return render(
        request,
        "wellbeing/home.html",
        {
            "check_in_form": check_in_form,
            "step_away_form": step_away_form,
            "period": period,
            "page": page,
            "supervisors": supervisors,
            "has_supervisor": bool(caps(user).supervisor_ids),
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
            return redirect("wellbeing:home")
    errors = [str(e) for errs in form.errors.values() for e in errs]
    return _home(request, share_errors={check_in.pk: errors}, status=400)


@require_POST
def step_away(request):
    form = StepAwayForm(request.POST)
    if form.is_valid():
        try:
            period = run_service(form, services.worker_step_away, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
            period = None
        if period:
            messages.success(
                request,
                f"You have stepped away until {period.planned_return_on:%-d %b %Y}. "
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
