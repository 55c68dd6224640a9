from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from apps.boundaries import policies, services
from apps.boundaries.api.filters import BoundaryNoteFilter
from apps.boundaries.api.serializers import (
    BoundaryNoteInputSerializer,
    BoundaryNoteListSerializer,
    BoundaryNoteReviewSerializer,
    BoundaryNoteSerializer,
    BoundaryNoteSummarySerializer,
    FollowUpSerializer,
)
from apps.boundaries.models import BoundaryNote
from apps.boundaries.selectors import (
    boundary_note_counts,
    boundary_note_states,
    boundary_notes_visible_to,
    read_boundary_note,
    read_follow_ups,
    summary_scope,
)
from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import require
from apps.teams.selectors import get_team_for

NOT_FOUND = OpenApiResponse(description="Not found (or not yours to see)")
FORBIDDEN = OpenApiResponse(description="Visible, but you may not do this")
INVALID = OpenApiResponse(description="Invalid input; the body names the field")


def refuse_unknown_fields(data, allowed) -> None:
    """A PATCH naming a field it may not change is a 400, not a silent no-op."""
    unknown = sorted(set(getattr(data, "keys", lambda: [])()) - set(allowed))
    if unknown:
        raise ValidationError({field: ["This field cannot be changed here."] for field in unknown})


@extend_schema_view(
    list=extend_schema(summary="My boundary notes and my supervisees' (no text in the list)"),
    retrieve=extend_schema(
        summary="One note with its text and review (reads by anyone but the author are audited)",
        responses={200: BoundaryNoteSerializer, 404: NOT_FOUND},
    ),
)
class BoundaryNoteViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Boundary notes: the author writes (and edits or deletes until reviewed); a supervisor of
    the author reviews. Managers and org admins see only ``summary/``."""

    serializer_class = BoundaryNoteListSerializer
    filterset_class = BoundaryNoteFilter
    ordering_fields = ("occurred_on", "created_at")  # ?ordering= (docs/api.md, "Lists")
    model = BoundaryNote
    # Asked before the body is read (apps/core/api/permissions.py); the services ask again.
    write_policies = {
        "partial_update": allow_if(policies.is_author, "Only the author can change this note."),
        "review": allow_if(
            lambda user, note: not policies.is_author(user, note) and policies.can_review(user, note),
            "Only a supervisor the author named can review this note.",
        ),
        "follow_ups": allow_if(policies.is_author, "Only the author can add a follow-up to this note."),
    }

    def scoped_queryset(self, user):
        return boundary_notes_visible_to(user).select_related("author", "reviewer").order_by("-submitted_at")

    def get_serializer_class(self):
        return BoundaryNoteListSerializer if self.action == "list" else BoundaryNoteSerializer

    def retrieve(self, request, pk=None):
        note = read_boundary_note(request.user, self.get_object())
        return Response(self._out(note))

    def _out(self, note):
        return BoundaryNoteSerializer(note, context=self.get_serializer_context()).data

    @extend_schema(
        summary="Record a boundary note (author is you)",
        request=BoundaryNoteInputSerializer,
        responses={201: BoundaryNoteSerializer, 400: INVALID},
    )
    def create(self, request):
        data = BoundaryNoteInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        note = services.boundary_note_submit(actor=request.user, **data.validated_data)
        return Response(self._out(note), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change your note's text while it awaits review, or who reads it (any time)",
        request=BoundaryNoteInputSerializer,
        responses={200: BoundaryNoteSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def partial_update(self, request, pk=None):
        note = self.get_object()
        # Only the author changes a note: a 403 before the input is judged (readers are
        # validated against the requester's own supervisors).
        require(policies.is_author(request.user, note), "Only the author can change this note.")
        refuse_unknown_fields(request.data, (*BoundaryNote.TEXT_FIELDS, "readers"))
        data = BoundaryNoteInputSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        text = dict(data.validated_data)
        readers = text.pop("readers", None)
        # Both in one transaction: a refused text change must not leave the readers changed.
        with transaction.atomic():
            if text or readers is None:
                note = services.boundary_note_update(actor=request.user, note=note, data=text)
            if readers is not None:
                note = services.boundary_note_share(actor=request.user, note=note, readers=readers)
        return Response(self._out(note))

    @extend_schema(
        summary="Withdraw your note while it awaits review",
        responses={204: None, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def destroy(self, request, pk=None):
        services.boundary_note_delete(actor=request.user, note=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Review a supervisee's note (once)",
        request=BoundaryNoteReviewSerializer,
        responses={200: BoundaryNoteSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        note = self.get_object()
        data = BoundaryNoteReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.boundary_note_review(actor=request.user, note=note, **data.validated_data)
        return Response(self._out(note))

    @extend_schema(
        summary="Close a reviewed note (author or supervisor)",
        request=None,
        responses={200: BoundaryNoteSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        # The note as GET and review/ return it (docs/api.md: one representation per resource).
        # That answer carries the text, so a supervisor's close is also recorded as a read.
        note = services.boundary_note_close(actor=request.user, note=self.get_object())
        return Response(self._out(read_boundary_note(request.user, note)))

    @extend_schema(
        methods=["GET"],
        summary="Later thoughts the author added, oldest first (paginated like every list)",
        responses={200: FollowUpSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a later thought to your note",
        request=FollowUpSerializer,
        responses={201: FollowUpSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    # Paginated like every list (docs/api.md), with StandardPagination's page and page_size
    # rules — the same as a reflection's comments (LateRowPagination only changes how wide rows
    # are read).
    @action(detail=True, methods=["get", "post"], url_path="follow-ups", filterset_class=None)
    def follow_ups(self, request, pk=None):
        note = self.get_object()
        if request.method == "POST":
            data = FollowUpSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            follow_up = services.follow_up_add(actor=request.user, note=note, body=data.validated_data["body"])
            return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)
        # A note's follow-ups are a handful of short texts: read them in one query and page the
        # list, rather than a COUNT and a page query (tests/perf pins this read at 5 queries).
        page = self.paginate_queryset(list(read_follow_ups(request.user, note)))
        return self.get_paginated_response(FollowUpSerializer(page, many=True).data)

    @extend_schema(
        summary="Counts by state (managers: also each note's state) — never text",
        parameters=[OpenApiParameter("team", OpenApiTypes.UUID, description="Only this team's members")],
        responses={200: BoundaryNoteSummarySerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def summary(self, request):
        team = None
        if request.query_params.get("team"):
            team = get_team_for(request.user, request.query_params["team"])  # not visible: 404
        scope = summary_scope(request.user, team)
        if scope is None:
            raise PermissionDenied("Only team managers and org admins see boundary-note summaries.")
        body = {"counts": boundary_note_counts(scope)}
        if policies.can_see_note_states(request.user, team):
            body["notes"] = list(boundary_note_states(scope))
        return Response(BoundaryNoteSummarySerializer(body).data)
