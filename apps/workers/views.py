from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.selectors import org_workers
from apps.core.capabilities import caps, require
from apps.core.dates import org_zone
from apps.core.forms import run_service
from apps.teams import services as team_services
from apps.teams.forms import MembershipForm
from apps.teams.selectors import manageable_teams, stepped_away_shown_to
from apps.workers import services
from apps.workers.data_pages import export_response
from apps.workers.data_rights import export_worker_data
from apps.workers.data_rights import worker_erase as erase
from apps.workers.forms import (
    DisplayNameForm,
    EmailChangeForm,
    TeamRoleForm,
    TimeZoneForm,
    WorkerEditForm,
    WorkerForm,
)
from apps.workers.leaving import worker_for_export_token
from apps.workers.selectors import current_memberships, get_worker_for, workers_visible_to


def people(request):
    """Org admins: everyone, add a person, add a person to a team. Team managers: the people
    they can see and team membership; only org admins create accounts (separation of duties)."""
    me = caps(request.user)
    require(me.can_manage_people(), "Only org admins and team managers can manage people.")
    can_create = me.can_create_workers()
    worker_form = WorkerForm(prefix="worker") if can_create else None
    membership_form = MembershipForm(
        prefix="membership",
        teams=manageable_teams(request.user),
        workers=org_workers(request.user).exclude(status="left"),
    )
    status = 200
    if request.method == "POST":
        if "worker-username" in request.POST:
            require(can_create, "Only an org admin can add people.")
            worker_form = WorkerForm(request.POST, prefix="worker")
            if worker_form.is_valid():
                worker = run_service(
                    worker_form, services.worker_create, actor=request.user, **worker_form.cleaned_data
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
                membership = run_service(membership_form, team_services.membership_add, actor=request.user, **data)
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
        {
            "page": page,
            # "Stepped away" only for those the worker's step-away tells; others see "Active".
            "stepped_away_ids": stepped_away_shown_to(request.user, page.object_list),
            "query": query,
            "worker_form": worker_form,
            "membership_form": membership_form,
        },
        status=status,
    )


def worker_edit(request, worker_id):
    """A person's details (work fields for their managers, name and e-mail address for org
    admins) and their current teams, where the team role changes in place for teams the editor
    manages (``apps.teams.services.membership_update``, the API's rule)."""
    worker = get_worker_for(request.user, worker_id)
    editable = services.worker_editable_fields(request.user, worker)
    require(bool(editable), "Only this worker's managers or an org admin can change their details.")
    if worker.pk == request.user.pk:
        editable = editable - {"email"}  # your own address: My account, with a confirmation link
    is_details = request.method == "POST" and "membership" not in request.POST
    form = WorkerEditForm(request.POST if is_details else None, editable=editable, worker=worker)
    memberships = current_memberships(request.user, worker)
    for row in memberships:
        row.form = TeamRoleForm(
            prefix=str(row.membership.pk), initial={"team_role": row.membership.team_role}, team=row.membership.team
        )
    status = 200
    if is_details:
        if form.is_valid():
            data = form.changed_editable()
            updated = run_service(form, services.worker_update, actor=request.user, worker=worker, data=data)
            if updated:
                messages.success(request, _details_saved_message(updated, data))
                return redirect("workers:worker-edit", worker.pk)
        status = 400
    elif request.method == "POST":
        chosen = next((m for m in memberships if str(m.membership.pk) == request.POST["membership"]), None)
        if chosen is None or not chosen.can_change:
            raise Http404
        chosen.form = TeamRoleForm(request.POST, prefix=str(chosen.membership.pk), team=chosen.membership.team)
        if chosen.form.is_valid():
            new_role = chosen.form.cleaned_data["team_role"]
            done = run_service(
                chosen.form,
                team_services.membership_update,
                actor=request.user,
                membership=chosen.membership,
                data={"team_role": new_role},
            )
            if done:
                messages.success(request, f"{worker} is now {done.get_team_role_display().lower()} in {done.team}.")
                return redirect("workers:worker-edit", worker.pk)
        status = 400
    return render(
        request,
        "workers/worker_edit.html",
        {
            "worker": worker,
            "form": form,
            "memberships": memberships,
            "can_record_leaving": services.can_record_leaving(request.user, worker),
        },
        status=status,
    )


def _details_saved_message(worker, data: dict) -> str:
    if not data:
        return "Nothing was changed."
    if "email" in data:
        return f"Saved {worker}'s details. Their old e-mail address has been told of the change."
    return f"Saved {worker}'s details."


def account(request):
    """The signed-in worker's own account: name, e-mail address, security, their data."""
    name_form = DisplayNameForm(prefix="name", initial={"display_name": request.user.display_name})
    email_form = EmailChangeForm(prefix="email")
    status = 200
    if request.method == "POST":
        if "name-display_name" in request.POST:
            name_form = DisplayNameForm(request.POST, prefix="name")
            if name_form.is_valid() and run_service(
                name_form,
                services.worker_update,
                actor=request.user,
                worker=request.user,
                data={"display_name": name_form.cleaned_data["display_name"]},
            ):
                messages.success(request, "Your name was changed.")
                return redirect("workers:account")
        else:
            email_form = EmailChangeForm(request.POST, prefix="email")
            if email_form.is_valid() and run_service(
                email_form,
                services.email_change_request,
                actor=request.user,
                new_email=email_form.cleaned_data["email"],
            ):
                messages.success(
                    request,
                    "We sent a link to the new address. Open it within 24 hours to confirm; "
                    "until then e-mail keeps going to your current address.",
                )
                return redirect("workers:account")
        status = 400
    context = {
        "name_form": name_form,
        "email_form": email_form,
        "pending": services.email_change_pending(request.user),
        "leaver_export_days": settings.LEAVER_EXPORT_DAYS,
    }
    return render(request, "workers/account.html", context, status=status)


def email_confirm(request, token):
    """The link from the e-mail. GET only shows a button (mail scanners open links); POST confirms."""
    if request.method == "POST":
        try:
            services.email_change_confirm(actor=request.user, token=token)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return render(request, "workers/email_confirm.html", {"failed": True}, status=400)
        messages.success(request, f"Your e-mail address is now {request.user.email}.")
        return redirect("workers:account")
    return render(request, "workers/email_confirm.html", {"pending": services.email_change_pending(request.user)})


@login_not_required
@require_GET
def leaver_export(request, worker_id, token):
    """A worker who has left downloads their own data through the link e-mailed to them
    (``apps.workers.leaving``): no sign-in, no session, only this export; each use audited."""
    found = worker_for_export_token(worker_id, token)
    if found is None:
        days = settings.LEAVER_EXPORT_DAYS
        response = render(request, "workers/leaver_link_invalid.html", {"days": days}, status=404)
    else:
        worker, expires_at = found
        document = export_worker_data(actor=worker, via="leaver link")
        response = export_response(
            request,
            document,
            "workers/leaver_export.html",
            org_zone(worker.organisation),
            worker=worker,
            expires_at=expires_at,
        )
    # The token is in the URL: keep it out of caches, search engines and other sites' logs.
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def worker_leave(request, worker_id):
    """Record that a worker left. GET: what happens and, in plain words, what the worker keeps
    (their data, by an e-mailed link, for ``LEAVER_EXPORT_DAYS``) before anything changes; POST:
    do it (``services.worker_mark_left``, which e-mails them)."""
    worker = get_worker_for(request.user, worker_id)
    require(
        services.can_record_leaving(request.user, worker),
        "Only this worker's managers or an org admin can record that they left.",
    )
    if request.method == "POST":
        try:
            services.worker_mark_left(actor=request.user, worker=worker)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("workers:people")
        messages.success(
            request,
            f"{worker} is recorded as having left. Their sign-ins were ended"
            + (
                f" and they were e-mailed a link to download their own data for {settings.LEAVER_EXPORT_DAYS} days."
                if worker.email
                else " (they have no e-mail address, so no link to their data was sent)."
            ),
        )
        return redirect("workers:people")
    return render(request, "workers/worker_leave.html", {"worker": worker, "days": settings.LEAVER_EXPORT_DAYS})


@require_POST
def worker_erase(request, worker_id):
    worker = get_worker_for(request.user, worker_id)
    try:
        erase(actor=request.user, worker=worker)
        messages.success(request, "The worker's content was deleted and their account anonymised.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("workers:people")


def organisation(request):
    """Org admins: the organisation's time zone (the first step of setting up)."""
    require(caps(request.user).is_org_admin, "Only an org admin can change the organisation's settings.")
    current = request.user.organisation
    form = TimeZoneForm(request.POST or None, initial={"time_zone": current.time_zone})
    if request.method == "POST" and form.is_valid():
        if run_service(form, services.organisation_time_zone_set, actor=request.user, **form.cleaned_data):
            messages.success(request, f"Saved: {current.name} runs on {form.cleaned_data['time_zone']} time.")
            return redirect("core:my-day")
    status = 400 if form.errors else 200
    return render(request, "workers/organisation.html", {"form": form, "organisation": current}, status=status)
