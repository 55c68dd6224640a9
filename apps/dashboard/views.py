"""Dashboard pages: a team's dashboard (managers of the team, org admins), its CSV and a
printable version, and the teams side by side. Aggregates only (see ``selectors``)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from apps.core.capabilities import caps, require
from apps.dashboard import charts, drift_indicators, exports, policies, selectors


def _csv_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _overview_teams(request):
    require(policies.can_view_overview(request.user), "Only team managers and org admins have dashboards.")
    return list(selectors.dashboard_teams_for(request.user))


@require_safe
def overview(request):
    """Org admins: every team side by side. A manager of several teams: theirs. A manager of
    one team goes straight to its dashboard."""
    teams = _overview_teams(request)
    if len(teams) == 1 and not caps(request.user).is_org_admin:
        return redirect("dashboard:team", team_id=teams[0].pk)
    boards = selectors.dashboards(request.user, teams)
    columns = [exports.overview_row(d) for d in boards]
    rows = [
        {
            "label": label,
            "cells": [
                {"team": d["team"]["name"], "value": exports.display(col[i])}
                for d, col in zip(boards, columns, strict=True)
            ],
        }
        for i, label in enumerate(exports.OVERVIEW_HEADERS)
        if i > 0
    ]
    return render(
        request,
        "dashboard/overview.html",
        {"boards": boards, "rows": rows, "today": caps(request.user).today, "organisation": request.user.organisation},
    )


@require_safe
def overview_export(request):
    teams = _overview_teams(request)
    today = caps(request.user).today
    content = exports.overview_csv(selectors.dashboards(request.user, teams), today)
    return _csv_response(content, f"teams-dashboard-{today.isoformat()}.csv")


def _team_context(request, team_id) -> dict:
    team = selectors.get_dashboard_team_for(request.user, team_id)
    board = selectors.team_dashboard(request.user, team)
    return {
        "team": team,
        "d": board,
        "organisation": request.user.organisation,
        "compliance_chart": charts.compliance_chart(board["supervision"]),
        "reflections_chart": charts.reflections_chart(board["reflections"]),
        "escalation_days": settings.ESCALATION_DAYS,
        "indicators": board["drift_indicators"],
        "indicator_rows": drift_indicators.rows_of(board["drift_indicators"]),
    }


@require_safe
def team_dashboard(request, team_id):
    """A team at a glance: supervision, hours, roles, notes (counts), reflections (counts),
    competencies and the team's voice."""
    return render(request, "dashboard/team_dashboard.html", _team_context(request, team_id))


@require_safe
def team_print(request, team_id):
    """The same figures as tables, laid out for printing for a team meeting."""
    context = _team_context(request, team_id)
    context["tables"] = exports.with_labels(exports.team_tables(context["d"]))
    return render(request, "dashboard/team_print.html", context)


@require_safe
def team_export(request, team_id):
    team = selectors.get_dashboard_team_for(request.user, team_id)
    board = selectors.team_dashboard(request.user, team)
    filename = f"{slugify(team.name) or 'team'}-dashboard-{board['today'].isoformat()}.csv"
    return _csv_response(exports.team_csv(board), filename)
