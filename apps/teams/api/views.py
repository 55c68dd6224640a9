from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import caps, require
from apps.teams import policies, services
from apps.teams.api.filters import MembershipFilter, TeamFilter
from apps.teams.api.serializers import MembershipSerializer, MembershipUpdateSerializer, TeamSerializer
from apps.teams.models import Membership, Team
from apps.teams.selectors import memberships_visible_to, teams_with_member_counts

DELETE_REFUSED = (
    "Teams are archived, not deleted: their history (memberships, role assignments, pulses) stays. "
    "Archive it with POST /api/v1/teams/{id}/archive/."
)


def _without_members(team: Team) -> Response:
    # Archived or just restored, a team has nobody in it (and a manager who archived their own
    # team can no longer read it through the scoped queryset): no count to query.
    team.member_count = 0  # type: ignore[attr-defined]  # the annotation the list adds
    return Response(TeamSerializer(team).data)


class TeamViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    """Teams. Org admins create; managers of a team edit and archive it; org admins restore.
    Teams are never deleted (DELETE answers 409): archiving keeps their history readable."""

    serializer_class = TeamSerializer
    filterset_class = TeamFilter
    ordering_fields = ("name", "created_at")  # ?ordering= (docs/api.md, "Lists")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # Asked before the body is read (apps/core/api/permissions.py); the services ask again.
    write_policies = {
        "create": allow_if(lambda user: caps(user).is_org_admin, "Only an org admin can create teams."),
        "partial_update": allow_if(
            lambda user, team: caps(user).can_manage_team(team.pk),
            "Only this team's managers or an org admin can change it.",
        ),
    }

    model = Team

    def scoped_queryset(self, user):
        # One team is readable archived or not; the list shows the teams in use unless
        # ``?archived=`` asks (TeamFilter).
        listing = self.action == "list" and "archived" not in self.request.query_params
        return teams_with_member_counts(user, archived=False if listing else None).order_by("name")

    def perform_create(self, serializer):
        team = services.team_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=team.pk)  # with member_count

    def perform_update(self, serializer):
        serializer.instance = services.team_update(
            actor=self.request.user,
            team=serializer.instance,
            data=dict(serializer.validated_data),
        )

    @extend_schema(
        responses={
            403: OpenApiResponse(description="Not a manager of this team nor an org admin"),
            409: OpenApiResponse(description="Teams are never deleted: archive it (POST .../archive/)"),
        }
    )
    def destroy(self, request, pk=None):
        """Refused: teams are archived, not deleted (``POST /teams/{id}/archive/``)."""
        team = self.get_object()
        require(
            policies.can_archive_team(request.user, team), "Only this team's managers or an org admin can archive it."
        )
        return Response({"detail": DELETE_REFUSED}, status=status.HTTP_409_CONFLICT)

    @extend_schema(request=None, responses={200: TeamSerializer, 403: OpenApiResponse(description="Not allowed")})
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive the team: memberships in force end today, future ones are cancelled (both stay
        as history); the team leaves every list and picker but stays readable. Idempotent."""
        team = services.team_archive(actor=request.user, team=self.get_object())
        return _without_members(team)

    @extend_schema(request=None, responses={200: TeamSerializer, 403: OpenApiResponse(description="Not allowed")})
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Org admins bring an archived team back, with no members (its history stays)."""
        team = services.team_restore(actor=request.user, team=self.get_object())
        return _without_members(team)


class MembershipViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Who is in which team with which team role. Managers of the team add, change and remove."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    ordering_fields = ("joined_on",)  # ?ordering= (docs/api.md, "Lists")
    write_policies = {
        "create": allow_if(
            lambda user: caps(user).can_manage_people(), "Only a team's managers or an org admin can add members."
        ),
        "partial_update": allow_if(
            lambda user, membership: caps(user).can_manage_team(membership.team_id),
            "Only this team's managers or an org admin can do this.",
        ),
    }

    model = Membership

    def scoped_queryset(self, user):
        return (
            memberships_visible_to(user).select_related("team", "worker").order_by("team__name", "worker__display_name")
        )

    def create(self, request):
        serializer = MembershipSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        membership = services.membership_add(actor=request.user, **serializer.validated_data)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MembershipUpdateSerializer, responses={200: MembershipSerializer})
    def partial_update(self, request, pk=None):
        membership = self.get_object()
        data = MembershipUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        membership = services.membership_update(
            actor=request.user, membership=membership, data=dict(data.validated_data)
        )
        return Response(MembershipSerializer(membership).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        """Remove from the team: the membership ends today and stays as history."""
        services.membership_end(actor=request.user, membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
