from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.selectors import org_workers
from apps.core.capabilities import caps, require
from apps.core.forms import run_service
from apps.core.registry import TEAM_PANELS
from apps.teams import policies, services
from apps.teams.forms import MembershipForm, TeamForm
from apps.teams.selectors import (
    get_membership_for,
    get_team_for,
    stepped_away_shown_to,
    team_history,
    team_members,
    teams_with_member_counts,
)


def team_list(request, archived=False):
    """The teams in use; ``archived=True`` (org admins): the archived ones, still readable."""
    teams = teams_with_member_counts(request.user, archived=archived).order_by("name")
    my = caps(request.user)
    rows = [{"team": team, "team_role": my.team_roles.get(team.pk)} for team in teams]
    context = {
        "rows": rows,
        "archived": archived,
        "can_see_archived": policies.can_restore_team(request.user),
        "can_create": policies.can_create_team(request.user),
    }
    return render(request, "teams/team_list.html", context)


def team_create(request):
    """Org admins create a team, then go to its page to add its people and its manager."""
    require(policies.can_create_team(request.user), "Only an org admin can create teams.")
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = run_service(form, services.team_create, actor=request.user, **form.cleaned_data)
        if team:
            messages.success(request, f"{team} is ready. Next, add its people and choose who manages it.")
            return redirect("teams:team-detail", team_id=team.pk)
    status = 400 if form.errors else 200
    return render(request, "teams/team_form.html", {"form": form, "team": None}, status=status)


def team_edit(request, team_id):
    """The team's managers and org admins change its name, setting and description."""
    team = get_team_for(request.user, team_id)
    require(policies.can_edit_team(request.user, team), "Only this team's managers or an org admin can change it.")
    initial = {"name": team.name, "setting": team.setting, "description": team.description}
    form = TeamForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        if not changed:
            messages.info(request, "Nothing was changed.")
            return redirect("teams:team-detail", team_id=team.pk)
        if run_service(form, services.team_update, actor=request.user, team=team, data=changed):
            messages.success(request, f"Saved the changes to {team}.")
            return redirect("teams:team-detail", team_id=team.pk)
        team.refresh_from_db()  # the heading shows the saved name, not the refused one
    status = 400 if form.errors else 200
    return render(request, "teams/team_form.html", {"form": form, "team": team}, status=status)


def team_detail(request, team_id):
    """The team page: members with their kind and team role; managers add and remove people."""
    team = get_team_for(request.user, team_id)
    my = caps(request.user)
    can_manage = my.can_manage_team(team.pk) and not team.is_archived
    members = team_members(team, on_date=my.today)
    form = None
    if can_manage:
        member_ids = [m.worker_id for m in members]
        form = MembershipForm(
            teams=type(team).objects.filter(pk=team.pk),
            workers=org_workers(request.user).exclude(pk__in=member_ids).exclude(status="left"),
            initial={"team": team.pk},
        )
        form.fields["team"].widget = form.fields["team"].hidden_widget()
        if request.method == "POST":
            form.data = request.POST
            form.is_bound = True
            if form.is_valid():
                membership = run_service(
                    form,
                    services.membership_add,
                    actor=request.user,
                    team=team,
                    worker=form.cleaned_data["worker"],
                    team_role=form.cleaned_data["team_role"],
                    joined_on=form.cleaned_data["joined_on"],
                )
                if membership:
                    messages.success(
                        request, f"{membership.worker} joined {team} as {membership.get_team_role_display().lower()}."
                    )
                    return redirect("teams:team-detail", team_id=team.pk)
    panels = []
    for panel in TEAM_PANELS:
        panel_context = panel.context(request.user, team)
        if panel_context is not None:
            panels.append({"template": panel.template, **panel_context})
    context = {
        "team": team,
        "members": members,
        # The "stepped away" tag only for those the worker's step-away tells (issue 15, item 12).
        "stepped_away_ids": stepped_away_shown_to(request.user, [m.worker for m in members]),
        "can_manage": can_manage,
        "form": form,
        "panels": panels,
        "my_team_role": my.team_roles.get(team.pk),
        "can_edit": policies.can_edit_team(request.user, team),
        "can_create_people": my.can_create_workers(),
        "has_manager": any(m.team_role == m.TeamRole.MANAGER for m in members),
        "can_archive": can_manage and policies.can_archive_team(request.user, team),
        "can_restore": team.is_archived and policies.can_restore_team(request.user),
        # Only an archived team's page lists its former members (its history).
        "history": team_history(team) if team.is_archived else [],
    }
    template = "teams/_members.html" if request.htmx and request.method == "GET" else "teams/team_detail.html"
    return render(request, template, context, status=400 if form is not None and form.errors else 200)


@require_POST
def membership_remove(request, membership_id):
    membership = get_membership_for(request.user, membership_id)
    services.membership_end(actor=request.user, membership=membership)
    messages.success(request, f"{membership.worker} was removed from {membership.team}.")
    return redirect("teams:team-detail", team_id=membership.team_id)


@require_POST
def team_archive(request, team_id):
    team = services.team_archive(actor=request.user, team=get_team_for(request.user, team_id))
    messages.success(request, f"{team} was archived. Its history stays readable under Archived teams.")
    return redirect("teams:team-list")


@require_POST
def team_restore(request, team_id):
    team = services.team_restore(actor=request.user, team=get_team_for(request.user, team_id))
    messages.success(request, f"{team} was restored. Add its people again from the team page.")
    return redirect("teams:team-detail", team_id=team.pk)
