from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.capabilities import caps, require
from apps.dashboard import drift_indicators, policies, selectors
from apps.dashboard.api.serializers import (
    DriftIndicatorsSerializer,
    OrganisationDashboardSerializer,
    TeamDashboardWithIndicatorsSerializer,
)
from apps.teams.selectors import get_team_for


class TeamDashboardView(APIView):
    """A team's dashboard (aggregates only) for its managers and org admins: 404 for a team the
    user cannot see, 403 for a member who is not its manager."""

    @extend_schema(responses={200: TeamDashboardWithIndicatorsSerializer})
    def get(self, request, team_id):
        team = selectors.get_dashboard_team_for(request.user, team_id)
        return Response(TeamDashboardWithIndicatorsSerializer(selectors.team_dashboard(request.user, team)).data)


class TeamDriftIndicatorsView(APIView):
    """A team's role-drift indicators per quarter (aggregates from at least ``VOICE_MIN_GROUP``
    people, never a name): its members, managers and org admins; 404 for anyone else."""

    @extend_schema(summary="A team's role-drift indicators", responses={200: DriftIndicatorsSerializer})
    def get(self, request, team_id):
        team = get_team_for(request.user, team_id)
        if not drift_indicators.can_read(request.user, team.pk):
            raise Http404
        return Response(DriftIndicatorsSerializer(drift_indicators.team_indicators(request.user, team)).data)


class OrganisationDashboardView(APIView):
    """Every team's dashboard side by side: all teams for org admins, their own for managers."""

    @extend_schema(responses={200: OrganisationDashboardSerializer})
    def get(self, request):
        require(policies.can_view_overview(request.user), "Only team managers and org admins have dashboards.")
        boards = selectors.dashboards(request.user, selectors.dashboard_teams_for(request.user))
        return Response(OrganisationDashboardSerializer({"today": caps(request.user).today, "teams": boards}).data)
