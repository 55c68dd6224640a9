from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api.pagination import KeysetPagination, OldestFirstKeysetPagination, StandardPagination
from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import require
from apps.core.sharing import prefetch_readers_shown
from apps.reflections import policies, selectors, services
from apps.reflections.api.filters import ReflectionFilter
from apps.reflections.api.serializers import (
    CommentInputSerializer,
    CommentSerializer,
    HelpedSerializer,
    ReflectionInputSerializer,
    ReflectionSerializer,
    ReplySerializer,
    TeamReceptionSerializer,
)
from apps.reflections.models import Reflection

NOT_FOUND = OpenApiResponse(description="No such reflection, or not one you may read (never 403).")
FORBIDDEN = OpenApiResponse(description="You can read it but only its author may change it.")
INVALID = OpenApiResponse(description="Invalid input; the body names the field (e.g. `sections`).")


@extend_schema_view(
    list=extend_schema(
        description="Reflections you may read: your own (drafts included), supervisees' shared "
        "ones, and `team` ones of your teams (org admins: every `team` one). Newest first (by `occurred_on`, "
        "then `created_at`), cursor-paginated: follow `next`; there is no `count` and no `page` (a 400)."
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
        "comments": allow_if(policies.can_comment, services.COMMENT_REFUSED),
        "replies": allow_if(policies.can_comment, services.COMMENT_REFUSED),
        "helped": allow_if(policies.can_mark_helped, "Only colleagues of the team it is shared with can mark it."),
    }
    # By cursor, so that a page costs the same at any depth and size (issue 20; docs/api.md,
    # "Lists"): the keys in the order of ``reflection_org_list_idx``, ties in id order.
    pagination_class = KeysetPagination
    keyset_keys = ("-occurred_on", "-created_at", "id")

    def scoped_queryset(self, user):
        # No readers prefetched for every row: only the author sees them (list: prefetched for
        # the page's own entries; one entry: read when its author is shown it).
        return selectors.with_list_data(selectors.reflections_visible_to(user), user).order_by(
            "-occurred_on", "-created_at"
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        # One INSERT for the page's reads, whatever the page size.
        page = selectors.read_reflections(request.user, page, detail="api list")
        prefetch_readers_shown(request.user, page)
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
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=StandardPagination)
    def comments(self, request, pk=None):
        return self._thread(request, readable=selectors.read_comments, serializer=CommentSerializer, detail="comments")

    def _thread(self, request, *, readable, serializer, detail: str) -> Response:
        """``comments`` and ``replies``: one thread, two views of it (the older one numbered
        pages of what the reader may read; the newer one the whole thread by cursor)."""
        reflection = self.get_object()
        if request.method == "POST":
            data = CommentInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            comment = services.comment_create(
                actor=request.user, reflection=reflection, body=data.validated_data["body"]
            )
            return Response(serializer(comment).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(readable(request.user, reflection))
        page = selectors.read_replies(request.user, page or [], detail=f"api {detail}")
        return self.get_paginated_response(serializer(page, many=True).data)

    @extend_schema(
        methods=["GET"],
        description="The thread of a reflection you may read, oldest first, cursor-paginated: supervisors' "
        "comments, the author's replies, and team colleagues' replies (while replies are on and it is still "
        "shared with their team; its author sees them all). Each colleague's reply read is audited.",
        responses={200: ReplySerializer(many=True), 400: INVALID, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        description="Reply: a member of the team it is shared with (while its author keeps replies on), a "
        "supervisor of the author who reads it, or the author. The author is told “someone replied”.",
        request=CommentInputSerializer,
        responses={201: ReplySerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filterset_class=None,
        pagination_class=OldestFirstKeysetPagination,
        keyset_keys=None,
        ordering_fields=None,
    )
    def replies(self, request, pk=None):
        return self._thread(request, readable=selectors.visible_comments, serializer=ReplySerializer, detail="replies")

    @extend_schema(
        methods=["PUT"],
        request=None,
        description="Say “this helped me” (members of the team it is shared with). The author sees only how "
        "many, at or above VOICE_MIN_GROUP, never who. Twice changes nothing.",
        responses={200: HelpedSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        description="Take your “this helped me” back.",
        responses={200: HelpedSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["put", "delete"], filterset_class=None)
    def helped(self, request, pk=None):
        helped = services.helped_set(actor=request.user, reflection=self.get_object(), helped=request.method == "PUT")
        return Response(HelpedSerializer({"helped": helped}).data)

    @extend_schema(
        description="How the team received your entry (the author only): how many colleagues said “this "
        "helped me” and how many replied, each null below VOICE_MIN_GROUP; never who.",
        responses={200: TeamReceptionSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], filterset_class=None, url_path="team-reception")
    def team_reception(self, request, pk=None):
        reflection = self.get_object()
        require(policies.can_edit(request.user, reflection), "Only the author sees how the team received it.")
        return Response(TeamReceptionSerializer(selectors.team_reception(reflection)).data)

    @extend_schema(
        request=None,
        description="A supervisor of the author says “seen, thank you”. Acknowledging twice changes nothing.",
        responses={200: ReflectionSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def acknowledge(self, request, pk=None):
        reflection = services.reflection_acknowledge(actor=request.user, reflection=self.get_object())
        return Response(self.get_serializer(self._fresh(reflection)).data)
