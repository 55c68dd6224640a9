"""Reading others' entries in bulk: a team's learning feed and a supervisor's "shared with me".
Each page comes from a ``*_page`` selector, which records the reads of the excerpts it shows."""

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render

from apps.accounts.http import AuthenticatedRequest
from apps.reflections import selectors
from apps.reflections.forms import FeedFilterForm
from apps.reflections.views.common import PAGE_SIZE
from apps.reflections.views.detail import prepare_thread
from apps.teams.selectors import get_team_for


def team_feed(request: AuthenticatedRequest, team_id: UUID) -> HttpResponse:
    """Entries shared with a team, newest shared first, each with its thread (replies, a reply
    form, "this helped me"); members of the team and org admins."""
    team = get_team_for(request.user, team_id)
    filters = FeedFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    page = selectors.team_feed_page(
        request.user,
        team,
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
        perspective=data.get("perspective") or "",
        reception=data.get("reception") or "",
    )
    for entry in page.object_list:
        prepare_thread(request.user, entry)
    return render(
        request,
        "reflections/team_feed.html",
        {
            "team": team,
            "page": page,
            "filters": filters,
            "filtered": bool(data.get("perspective") or data.get("reception")),
        },
    )


def shared_with_me(request: AuthenticatedRequest) -> HttpResponse:
    """A supervisor's view: supervisees' entries shared with their supervisors."""
    supervisees = selectors.supervisees_of(request.user)
    chosen = request.GET.get("supervisee") or ""
    supervisee_id = next((s.pk for s in supervisees if str(s.pk) == chosen), None)
    unacknowledged = request.GET.get("unacknowledged") == "1"
    page = selectors.shared_with_me_page(
        request.user,
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
        supervisee_id=supervisee_id,
        unacknowledged=unacknowledged,
    )
    return render(
        request,
        "reflections/shared_with_me.html",
        {
            "page": page,
            "supervisees": supervisees,
            "chosen": supervisee_id,
            "unacknowledged": unacknowledged,
        },
    )
