from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render

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
