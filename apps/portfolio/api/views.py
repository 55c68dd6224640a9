from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.competencies.models import Domain
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.selectors import get_or_404
from apps.portfolio import services
from apps.portfolio.api.serializers import EvidenceLinkCreateSerializer, EvidenceLinkSerializer, EvidenceMapSerializer
from apps.portfolio.models import EvidenceLink
from apps.portfolio.selectors import (
    evidence_map,
    get_map_framework,
    get_readable_worker,
    links_visible_to,
    read_evidence_map,
)

INVALID = OpenApiResponse(description="Invalid input; the body names the field")
NOT_FOUND = OpenApiResponse(description="Not found (or not yours)")


class EvidenceLinkViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your own evidence links: which of your records is evidence for which competency. Others
    read your evidence through the map, filtered by each record's own read rule."""

    serializer_class = EvidenceLinkSerializer
    model = EvidenceLink
    ordering_fields = ("created_at",)

    def scoped_queryset(self, user):
        return links_visible_to(user).select_related("competency").order_by("-created_at")

    @extend_schema(request=EvidenceLinkCreateSerializer, responses={201: EvidenceLinkSerializer, 400: INVALID})
    def create(self, request):
        data = EvidenceLinkCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        link = services.evidence_link(actor=request.user, **data.validated_data)
        fresh = self.get_queryset().get(pk=link.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.evidence_unlink(actor=self.request.user, link=instance)


class EvidenceMapView(APIView):
    """The evidence map of a worker (yourself by default) for a framework your organisation
    uses: each competency's state by the written rule, gaps first, and the evidence you may
    read. Supervisors see only evidence they could already read; managers and org admins see
    states only."""

    @extend_schema(
        parameters=[
            OpenApiParameter("worker", OpenApiTypes.UUID, description="Whose map (default: yours)"),
            OpenApiParameter("framework", OpenApiTypes.UUID, description="A framework in use (default: the first)"),
            OpenApiParameter("domain", OpenApiTypes.UUID, description="Only this domain of the framework"),
        ],
        responses={200: EvidenceMapSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def get(self, request):
        unknown = sorted(set(request.query_params) - {"worker", "framework", "domain"})
        if unknown:
            raise ValidationError({name: ["Unknown parameter."] for name in unknown})
        worker = request.user
        if request.query_params.get("worker"):
            worker = get_readable_worker(request.user, request.query_params["worker"])
        framework = get_map_framework(request.user, request.query_params.get("framework"))
        domain = None
        if request.query_params.get("domain"):
            domain = get_or_404(Domain.objects.filter(framework=framework), request.query_params["domain"])
        result = read_evidence_map(
            request.user, evidence_map(worker, framework, request.user, domain=domain), detail="api evidence map"
        )
        return Response(EvidenceMapSerializer(result, context={"details": result.details}).data)
