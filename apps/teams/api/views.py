from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from apps.core.api.views import ScopedQuerysetMixin
from apps.teams import services
from apps.teams.api.filters import MembershipFilter, TeamFilter
from apps.teams.api.serializers import MembershipSerializer, MembershipUpdateSerializer, TeamSerializer
from apps.teams.models import Membership, Team
from apps.teams.selectors import memberships_visible_to, teams_with_member_counts


class TeamViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    """Teams. Org admins create and delete; managers of a team edit it."""

    serializer_class = TeamSerializer
    filterset_class = TeamFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    model = Team

    def scoped_queryset(self, user):
        return teams_with_member_counts(user).order_by("name")

    def perform_create(self, serializer):
        team = services.team_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=team.pk)  # with member_count

    def perform_update(self, serializer):
        serializer.instance = services.team_update(
            actor=self.request.user,
            team=serializer.instance,
            data=dict(serializer.validated_data),
        )

    @extend_schema(responses={204: None, 400: OpenApiResponse(description="The team still has members")})
    def destroy(self, request, pk=None):
        services.team_delete(actor=request.user, team=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class MembershipViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Who is in which team with which team role. Managers of the team add, change and remove."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter

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
