from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.filters import strict_boolean
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import require
from apps.fidelity import policies, selectors, services
from apps.fidelity.api.serializers import (
    FidelityCheckInputSerializer,
    FidelityCheckSerializer,
    FidelityCheckShareSerializer,
    SettingsSerializer,
    SummarySerializer,
)
from apps.fidelity.models import FidelityCheck

INVALID = OpenApiResponse(description="Invalid input; the body names the field")
FORBIDDEN = OpenApiResponse(description="Visible, but you may not do this")
NOT_FOUND = OpenApiResponse(description="Not found (or not yours to see)")


def _shared_with_me(request) -> bool:
    return strict_boolean(request, "shared_with_me")


class FidelityCheckViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Peer practice (fidelity) checks: your own, private. With ``?shared_with_me=true``, a
    supervisor lists the checks supervisees chose to share with them (each read is audited).
    Managers and org admins never see a check: they read team aggregates."""

    serializer_class = FidelityCheckSerializer
    model = FidelityCheck
    extra_query_params = ("shared_with_me",)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self, user):
        if _shared_with_me(self.request):
            base = selectors.checks_shared_with(user)
        elif self.action in ("retrieve", "partial_update"):
            base = selectors.checks_visible_to(user)
        else:
            base = selectors.my_checks(user)
        return base.select_related("author").prefetch_related("readers", "answers")

    @extend_schema(
        summary="My checks (or, for a supervisor, supervisees' shared ones)",
        parameters=[
            OpenApiParameter("shared_with_me", OpenApiTypes.BOOL, description="Supervisees' checks shared with you")
        ],
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        page = selectors.read_checks(request.user, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="One check (its author, or a supervisor it is shared with)",
        responses={200: FidelityCheckSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, pk=None):
        check = self.get_object()
        selectors.read_checks(request.user, [check])
        return Response(self.get_serializer(check).data)

    @extend_schema(
        summary="Record a check (peer workers)",
        request=FidelityCheckInputSerializer,
        responses={201: FidelityCheckSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def create(self, request):
        require(policies.takes_checks(request.user), services.NOT_A_PEER)
        data = FidelityCheckInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        check = services.check_record(actor=request.user, **data.validated_data)
        check = self.get_queryset().get(pk=check.pk)
        return Response(self.get_serializer(check).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change who reads your check",
        request=FidelityCheckShareSerializer,
        responses={200: FidelityCheckSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def partial_update(self, request, pk=None):
        check = self.get_object()
        require(check.author_id == request.user.pk, "Only the author can change who reads this check.")
        unknown = sorted(set(getattr(request.data, "keys", lambda: [])()) - {"share_with_supervisor", "readers"})
        if unknown:
            raise ValidationError({field: ["This field cannot be changed here."] for field in unknown})
        data = FidelityCheckShareSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        services.check_share(actor=request.user, check=check, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=check.pk)).data)


class TeamSummaryView(APIView):
    """A team's aggregate per quarter: averages from at least ``VOICE_MIN_GROUP`` different
    people, never a name or a note. Its members, its managers and org admins."""

    @extend_schema(summary="A team's peer practice aggregate", responses={200: SummarySerializer, 404: NOT_FOUND})
    def get(self, request, team_id):
        team = selectors.get_team_for_summary(request.user, team_id)
        if not policies.can_read_team_summary(request.user, team.pk):
            raise Http404
        return Response(SummarySerializer(selectors.team_summary(request.user, team)).data)


class OrganisationSummaryView(APIView):
    """The organisation's aggregate per quarter (org admins), as for a team."""

    @extend_schema(
        summary="The organisation's peer practice aggregate", responses={200: SummarySerializer, 403: FORBIDDEN}
    )
    def get(self, request):
        require(
            policies.can_read_organisation_summary(request.user), "Only an org admin sees the organisation's figures."
        )
        return Response(SummarySerializer(selectors.organisation_summary(request.user)).data)


class SettingsView(APIView):
    """How often the check is due (the organisation's setting; org admins)."""

    @extend_schema(summary="How often the check is due", responses={200: SettingsSerializer, 403: FORBIDDEN})
    def get(self, request):
        require(policies.can_change_settings(request.user), "Only an org admin can change how often the check is due.")
        return Response(SettingsSerializer(services.current_settings(request.user)).data)

    @extend_schema(
        summary="Change how often the check is due (org admins)",
        request=SettingsSerializer,
        responses={200: SettingsSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def patch(self, request):
        require(policies.can_change_settings(request.user), "Only an org admin can change how often the check is due.")
        # A PATCH names what changes: an empty body changes nothing and answers the settings.
        data = SettingsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if not data.validated_data:
            return Response(SettingsSerializer(services.current_settings(request.user)).data)
        row = services.settings_update(actor=request.user, **data.validated_data)
        return Response(SettingsSerializer(row).data)
