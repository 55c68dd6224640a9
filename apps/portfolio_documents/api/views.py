"""Your own portfolio documents over the API: ask for one, follow it, download it, revoke its
verification link. Anyone else's document does not exist for you (404)."""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api.pagination import KeysetPagination
from apps.core.api.views import ScopedQuerysetMixin
from apps.portfolio_documents import services
from apps.portfolio_documents.api.serializers import PortfolioDocumentCreateSerializer, PortfolioDocumentSerializer
from apps.portfolio_documents.models import PortfolioDocument
from apps.portfolio_documents.selectors import documents_of, get_document_for, read_document_file


class PortfolioDocumentViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Your portfolio PDFs, newest first (cursor-paginated)."""

    serializer_class = PortfolioDocumentSerializer
    model = PortfolioDocument
    pagination_class = KeysetPagination
    filter_backends: list = []

    def scoped_queryset(self, user):
        return documents_of(user)

    @extend_schema(request=PortfolioDocumentCreateSerializer, responses={202: PortfolioDocumentSerializer})
    def create(self, request):
        """Ask for a PDF of your portfolio: the dates, the sections and the reflections you pick.
        It is made in the background: follow ``status`` until ``ready``."""
        data = PortfolioDocumentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_request(
            actor=request.user,
            starts_on=data.validated_data["starts_on"],
            ends_on=data.validated_data["ends_on"],
            sections=data.validated_data["sections"],
            reflection_ids=data.validated_data["reflections"],
        )
        document = get_document_for(request.user, document.pk)
        return Response(PortfolioDocumentSerializer(document).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF"),
            # As the certificate download does: generated clients read a PDF as bytes.
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF"),
            404: OpenApiResponse(description="Not yours, not made yet, or its file was deleted"),
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The PDF (your download is recorded)."""
        document = self.get_object()
        if not document.downloadable:
            raise Http404("This document's file is not available.")
        read_document_file(request.user, document)
        name = f"portfolio-{document.starts_on:%Y%m%d}-{document.ends_on:%Y%m%d}.pdf"  # machine date
        response = FileResponse(
            document.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
        )
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(request=None, responses={200: PortfolioDocumentSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Turn the document's verification link off (again: no change)."""
        document = services.document_revoke(actor=request.user, document=self.get_object())
        return Response(PortfolioDocumentSerializer(get_document_for(request.user, document.pk)).data)
