from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api.pagination import LateRowPagination
from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import require
from apps.reflections import policies, selectors, services
from apps.reflections.api.filters import ReflectionFilter
from apps.reflections.api.serializers import (
    CommentInputSerializer,
    CommentSerializer,
    ReflectionInputSerializer,
    ReflectionSerializer,
)
from apps.reflections.models import Reflection

NOT_FOUND = OpenApiResponse(description="No such reflection, or not one you may read (never 403).")
FORBIDDEN = OpenApiResponse(description="You can read it but only its author may change it.")
INVALID = OpenApiResponse(description="Invalid input; the body names the field (e.g. `sections`).")


@extend_schema_view(
    list=extend_schema(
        description="Reflections you may read: your own (drafts included), supervisees' shared "
        "ones, and `team` ones of your teams (org admins: every `team` one)."
    ),
    retrieve=extend_schema(responses={200: ReflectionSerializer, 404: NOT_FOUND}),
)
class ReflectionViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reflective learning log entries. Reads of a body by anyone but its author are audited."""

    serializer_class = ReflectionSerializer
    filterset_class = ReflectionFilter
    ordering_fields = ("occurred_on", "created_at")  # ?ordering= (docs/api.md, "Lists")
    model = Reflection
    # Asked before the body is read (apps/core/api/permissions.py); the services ask again.
    write_policies = {
        "partial_update": allow_if(policies.can_edit, "Only the author can change a reflection."),
        "comments": allow_if(
            policies.can_comment,
            "Only the author's supervisors (and the author, in reply) can comment on a reflection.",
        ),
    }
    # Rows carry their text: sort and slice keys only, then read the page (bench/README.md).
    pagination_class = LateRowPagination

    def scoped_queryset(self, user):
        return (
            selectors.with_list_data(selectors.reflections_visible_to(user))
            .prefetch_related("readers")
            .order_by("-occurred_on", "-created_at")
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        # One INSERT for the page's reads, whatever the page size.
        page = selectors.read_reflections(request.user, page, detail="api list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        reflection = selectors.read_reflection(request.user, self.get_object())
        return Response(self.get_serializer(reflection).data)

    def _fresh(self, reflection):
        return selectors.get_reflection_for(self.request.user, reflection.pk)

    @extend_schema(request=ReflectionInputSerializer, responses={201: ReflectionSerializer, 400: INVALID})
    def create(self, request, *args, **kwargs):
        data = ReflectionInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        reflection = services.reflection_create(actor=request.user, **data.validated_data)
        return Response(self.get_serializer(self._fresh(reflection)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReflectionInputSerializer,
        responses={200: ReflectionSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def partial_update(self, request, *args, **kwargs):
        reflection = self.get_object()
        # Only the author changes an entry: a 403 before the input is judged.
        require(policies.can_edit(request.user, reflection), "Only the author can change a reflection.")
        data = ReflectionInputSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        reflection = services.reflection_update(
            actor=request.user, reflection=reflection, data=dict(data.validated_data)
        )
        return Response(self.get_serializer(self._fresh(reflection)).data)

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def destroy(self, request, *args, **kwargs):
        services.reflection_delete(actor=request.user, reflection=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["GET"],
        description="Comments on a reflection you may read (hidden from everyone but the author once it is private).",
        responses={200: CommentSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        description="Comment (supervisors of the author who can read it) or reply (the author).",
        request=CommentInputSerializer,
        responses={201: CommentSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def comments(self, request, pk=None):
        reflection = self.get_object()
        if request.method == "POST":
            data = CommentInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            comment = services.comment_create(
                actor=request.user, reflection=reflection, body=data.validated_data["body"]
            )
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(selectors.read_comments(request.user, reflection))
        return self.get_paginated_response(CommentSerializer(page, many=True).data)

    @extend_schema(
        request=None,
        description="A supervisor of the author says “seen, thank you”. Acknowledging twice changes nothing.",
        responses={200: ReflectionSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def acknowledge(self, request, pk=None):
        reflection = services.reflection_acknowledge(actor=request.user, reflection=self.get_object())
        return Response(self.get_serializer(self._fresh(reflection)).data)
