from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.capabilities import caps, require
from apps.core.forms import run_service
from apps.teams import services as team_services
from apps.teams.selectors import manageable_teams
from apps.workers import services
from apps.workers.forms import MembershipForm, WorkerForm
from apps.workers.selectors import org_workers, workers_visible_to


def people(request):
    """Org admins and managers: everyone they can see, add a person, add a person to a team."""
    require(caps(request.user).can_create_workers(), "Only org admins and team managers can manage people.")
    worker_form = WorkerForm(prefix="worker")
    membership_form = MembershipForm(
        prefix="membership",
        teams=manageable_teams(request.user),
        workers=org_workers(request.user).exclude(status="left"),
    )
    status = 200
    if request.method == "POST":
        if "worker-username" in request.POST:
            worker_form = WorkerForm(request.POST, prefix="worker")
            if worker_form.is_valid():
                worker = run_service(
                    worker_form, services.worker_create, actor=request.user, request=request, **worker_form.cleaned_data
                )
                if worker:
                    how = (
                        "They can sign in now."
                        if worker_form.cleaned_data["password"]
                        else f"A set-password link was e-mailed to {worker.email}."
                    )
                    messages.success(request, f"Added {worker}. {how}")
                    return redirect("workers:people")
        else:
            membership_form = MembershipForm(
                request.POST,
                prefix="membership",
                teams=manageable_teams(request.user),
                workers=org_workers(request.user).exclude(status="left"),
            )
            if membership_form.is_valid():
                data = membership_form.cleaned_data
                membership = run_service(
                    membership_form, team_services.membership_add, actor=request.user, request=request, **data
                )
                if membership:
                    messages.success(request, f"{membership.worker} joined {membership.team}.")
                    return redirect("workers:people")
        status = 400

    query = request.GET.get("q", "").strip()
    workers = workers_visible_to(request.user).order_by("display_name", "username")
    if query:
        workers = workers.filter(Q(display_name__icontains=query) | Q(username__icontains=query))
    page = Paginator(workers, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "workers/people.html",
        {"page": page, "query": query, "worker_form": worker_form, "membership_form": membership_form},
        status=status,
    )


def account(request):
    """The signed-in worker's own account: security, their data, who read their entries."""
    return render(request, "workers/account.html")


def my_data(request):
    """A human-readable copy of everything pspteam holds about the signed-in worker."""
    from apps.workers.data_rights import export_worker_data

    document = export_worker_data(actor=request.user, request=request)
    if request.GET.get("format") == "json":
        from django.http import JsonResponse

        response = JsonResponse(document, json_dumps_params={"indent": 2})
        response["Content-Disposition"] = 'attachment; filename="pspteam-my-data.json"'
        return response
    sections = [
        (key.replace("_", " ").capitalize(), value)
        for key, value in document.items()
        if key not in {"format", "exported_at", "account"}
    ]
    return render(request, "workers/my_data.html", {"document": document, "sections": sections})


@require_POST
def worker_leave(request, worker_id):
    from apps.workers.selectors import get_worker_for

    worker = get_worker_for(request.user, worker_id)
    try:
        services.worker_mark_left(actor=request.user, worker=worker, request=request)
        messages.success(request, f"{worker} is recorded as having left. Their sign-ins were ended.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("workers:people")


@require_POST
def worker_erase(request, worker_id):
    from apps.workers.data_rights import worker_erase as erase
    from apps.workers.selectors import get_worker_for

    worker = get_worker_for(request.user, worker_id)
    try:
        erase(actor=request.user, worker=worker, request=request)
        messages.success(request, "The worker's content was deleted and their account anonymised.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("workers:people")
