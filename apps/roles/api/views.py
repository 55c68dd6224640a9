from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.selectors import org_workers
from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import caps
from apps.roles import policies, services
from apps.roles.api.filters import AssignmentFilter, RoleDefinitionFilter
from apps.roles.api.serializers import (
    AssignmentCommentInputSerializer,
    AssignmentCommentSerializer,
    AssignmentInputSerializer,
    AssignmentSerializer,
    AssignmentUpdateSerializer,
    ConsultationResponseSerializer,
    ConsultationSerializer,
    ConsultInputSerializer,
    DecideCommentSerializer,
    DefinitionCommentInputSerializer,
    DefinitionCommentSerializer,
    RoleDefinitionInputSerializer,
    RoleDefinitionSerializer,
    RoleDefinitionUpdateSerializer,
    RoleOverlapReportSerializer,
)
from apps.roles.extensions import with_definition_fields
from apps.roles.models import Assignment, RoleDefinition
from apps.roles.overlaps import overlap_report
from apps.roles.selectors import (
    assigned_hours,
    assignment_comments_for,
    assignments_visible_to,
    consultation_is_open,
    definition_comments_for,
    get_assignment_for,
    get_definition_comment_for,
    get_role_definition_for,
    hours_summary,
    role_definitions_visible_to,
    with_consultations,
    with_duties,
)
from apps.teams.selectors import get_team_for

BAD_REQUEST = OpenApiResponse(description="Invalid input; the body names the field")
FORBIDDEN = OpenApiResponse(description="Visible to you, but you may not do this")
NOT_FOUND = OpenApiResponse(description="Not found (or not in your scope)")


def _manages_a_team(user) -> bool:
    """Who may define or assign roles in some team: its managers, and org admins (which team is
    the body's, checked by the service)."""
    me = caps(user)
    return me.is_org_admin or bool(me.managed_team_ids)


@extend_schema_view(
    list=extend_schema(summary="Role definitions you may read (drafts: managers of the team and org admins only)"),
    retrieve=extend_schema(responses={200: RoleDefinitionSerializer, 404: NOT_FOUND}),
)
class RoleDefinitionViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Versioned job role definitions of a team, with duties tagged peer_distinct / shared / clinical_only."""

    serializer_class = RoleDefinitionSerializer
    filterset_class = RoleDefinitionFilter
    ordering_fields = ("title", "version", "created_at")  # ?ordering= (docs/api.md, "Lists")
    model = RoleDefinition
    # Asked before the body is read (apps/core/api/permissions.py); the services ask again.
    write_policies = {
        "create": allow_if(_manages_a_team, services.WRITE_DENIED),
        "partial_update": allow_if(
            lambda user, definition: policies.can_write_role_definitions(user, definition.team_id),
            services.WRITE_DENIED,
        ),
        # Co-production (issue 18, item 3): who may use each at all; whether this version is still
        # a draft, and what the body says, the services decide after.
        "consult": allow_if(
            lambda user, definition: policies.can_decide_comments(user, definition), services.CONSULT_DENIED
        ),
        "respond": allow_if(
            policies.was_consulted, "Only the peer workers who were asked about this role record their view."
        ),
        "comments": allow_if(
            lambda user, definition: (
                policies.is_peer_worker_of(user, definition.team_id)
                and (not definition.is_draft or consultation_is_open(definition))
            ),
            services.COMMENT_DENIED,
        ),
    }

    def scoped_queryset(self, user):
        return with_consultations(with_definition_fields(with_duties(role_definitions_visible_to(user)))).order_by(
            "team__name", "title", "-version"
        )

    def _out(self, definition, code=status.HTTP_200_OK):
        fresh = get_role_definition_for(self.request.user, definition.pk)
        return Response(RoleDefinitionSerializer(fresh).data, status=code)

    @extend_schema(
        request=RoleDefinitionInputSerializer,
        responses={201: RoleDefinitionSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
        summary="Define a role (draft version 1)",
    )
    def create(self, request):
        serializer = RoleDefinitionInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        definition = services.role_definition_create(actor=request.user, **serializer.validated_data)
        return self._out(definition, status.HTTP_201_CREATED)

    @extend_schema(
        request=RoleDefinitionUpdateSerializer,
        responses={
            200: RoleDefinitionSerializer,
            201: OpenApiResponse(
                RoleDefinitionSerializer,
                description="The definition was published: the changes went into a new draft of the next "
                "version (a new id), which is returned. The published version is unchanged.",
            ),
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        summary="Edit a draft in place, or start the next version of a published one",
    )
    def partial_update(self, request, pk=None):
        definition = self.get_object()
        if "team" in request.data:
            raise ValidationError({"team": "A role definition stays in its team; define a new role in the other team."})
        serializer = RoleDefinitionUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        result = services.role_definition_update(
            actor=request.user, definition=definition, data=dict(serializer.validated_data)
        )
        return self._out(result, status.HTTP_201_CREATED if result.pk != definition.pk else status.HTTP_200_OK)

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(description="The draft was deleted"),
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        summary="Discard a draft that was never published (published versions are retired, never deleted)",
    )
    def destroy(self, request, pk=None):
        services.role_definition_discard(actor=request.user, definition=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None,
        responses={200: RoleDefinitionSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="Publish a draft (retires the previously published version of the same role)",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        definition = services.role_definition_publish(actor=request.user, definition=self.get_object())
        return self._out(definition)

    @extend_schema(
        request=None,
        responses={200: RoleDefinitionSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="Retire a published version (no new assignments; existing ones stay; a draft is discarded)",
    )
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        definition = services.role_definition_retire(actor=request.user, definition=self.get_object())
        return self._out(definition)

    # --- co-produced role definitions (issue 18, item 3) ---------------------------------------

    @extend_schema(
        request=ConsultInputSerializer,
        responses={200: ConsultationSerializer(many=True), 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="Ask peer workers of the team about a draft (opens it to the team's peer workers for comments)",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def consult(self, request, pk=None):
        definition = self.get_object()
        serializer = ConsultInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wanted = serializer.validated_data["workers"]
        found = {u.pk: u for u in org_workers(request.user).filter(pk__in=wanted)}
        missing = [str(w) for w in wanted if w not in found]
        if missing:
            raise ValidationError({"workers": f"No such worker: {', '.join(missing)}."})
        services.consultation_ask(actor=request.user, definition=definition, workers=[found[w] for w in wanted])
        fresh = get_role_definition_for(request.user, definition.pk)
        return Response(ConsultationSerializer(fresh.consultations.all(), many=True).data)

    @extend_schema(
        request=ConsultationResponseSerializer,
        responses={200: ConsultationSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="Say whether you agree with this role (only if you were asked; your own view, nobody else's)",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def respond(self, request, pk=None):
        definition = self.get_object()
        serializer = ConsultationResponseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consultation = services.consultation_respond(
            actor=request.user, definition=definition, response=serializer.validated_data["response"]
        )
        return Response(ConsultationSerializer(consultation).data)

    @extend_schema(
        methods=["GET"],
        summary="Comments and proposed changes on this version (managers: all; a peer worker: their own)",
        responses={200: DefinitionCommentSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Comment on a draft or propose a change (the team's peer workers, once asked for views)",
        request=DefinitionCommentInputSerializer,
        responses={201: DefinitionCommentSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def comments(self, request, pk=None):
        definition = self.get_object()
        if request.method == "POST":
            serializer = DefinitionCommentInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            comment = services.definition_comment_add(
                actor=request.user,
                definition=definition,
                body=serializer.validated_data["body"],
                proposes=serializer.validated_data.get("proposes", ""),
            )
            return Response(DefinitionCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        # A version's comments are a handful: read (and audit) them in one query, page the list.
        page = self.paginate_queryset(definition_comments_for(request.user, definition))
        return self.get_paginated_response(DefinitionCommentSerializer(page, many=True).data)

    @extend_schema(
        request=DecideCommentSerializer,
        responses={200: DefinitionCommentSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="Accept or decline a comment or proposal, with a reason (the team's managers)",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"comments/(?P<comment_id>[0-9a-fA-F-]{36})/decide",
        url_name="comment-decide",
        filterset_class=None,
    )
    def decide(self, request, pk=None, comment_id=None):
        definition = self.get_object()
        comment = get_definition_comment_for(request.user, definition, comment_id)  # 404 if not yours to see
        # Permission before the body (docs/api.md): the comment's author sees it but does not decide.
        if not policies.can_decide_comments(request.user, definition):
            raise PermissionDenied(services.DECIDE_DENIED)
        serializer = DecideCommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decided = services.definition_comment_decide(actor=request.user, comment=comment, **serializer.validated_data)
        return Response(DefinitionCommentSerializer(decided).data)


def _hours_context(user, assignments) -> dict:
    """Serializer context: today, and contracted vs assigned hours of the listed workers (one query)."""
    today = caps(user).today
    workers = {a.worker_id: a.worker for a in assignments}
    assigned = assigned_hours(workers, today=today)
    return {"today": today, "hours": {wid: hours_summary(w, assigned[wid]) for wid, w in workers.items()}}


@extend_schema_view(
    list=extend_schema(summary="Assignments you may read: your own, your supervisees', your teams' as manager"),
    retrieve=extend_schema(responses={200: AssignmentSerializer, 404: NOT_FOUND}),
)
class AssignmentViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Who holds which role definition version, with hours; acknowledged by the worker only."""

    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    ordering_fields = ("starts_on", "created_at")  # ?ordering= (docs/api.md, "Lists")
    model = Assignment
    write_policies = {
        "create": allow_if(_manages_a_team, services.ASSIGN_DENIED),
        "partial_update": allow_if(
            lambda user, assignment: policies.can_assign_roles(user, assignment.team_id), services.ASSIGN_DENIED
        ),
        "comments": allow_if(
            policies.can_discuss,
            "Only the person this role is proposed to and the team's managers can talk about it here.",
        ),
    }

    def scoped_queryset(self, user):
        return (
            assignments_visible_to(user)
            .select_related("worker", "role_definition", "team")
            .order_by("-starts_on", "-created_at")
        )

    def _out(self, assignment, code=status.HTTP_200_OK):
        fresh = get_assignment_for(self.request.user, assignment.pk)
        return Response(AssignmentSerializer(fresh, context=_hours_context(self.request.user, [fresh])).data, code)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = _hours_context(request.user, page)
        return self.get_paginated_response(AssignmentSerializer(page, many=True, context=context).data)

    def retrieve(self, request, *args, **kwargs):
        assignment = self.get_object()
        return Response(AssignmentSerializer(assignment, context=_hours_context(request.user, [assignment])).data)

    @extend_schema(
        request=AssignmentInputSerializer,
        responses={201: AssignmentSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
        summary="Assign a published role version to a member of its team (over-allocation is reported, not refused)",
    )
    def create(self, request):
        serializer = AssignmentInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        assignment = services.assignment_create(actor=request.user, **serializer.validated_data)
        return self._out(assignment, status.HTTP_201_CREATED)

    @extend_schema(
        request=AssignmentUpdateSerializer,
        responses={200: AssignmentSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="Change the end date (ending keeps the history) or the hours",
    )
    def partial_update(self, request, pk=None):
        assignment = self.get_object()
        refused = sorted(set(request.data) - set(AssignmentUpdateSerializer().fields))
        if refused:
            raise ValidationError(
                {f: "This cannot be changed; end this assignment and create a new one instead." for f in refused}
            )
        serializer = AssignmentUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        assignment = services.assignment_update(
            actor=request.user, assignment=assignment, data=dict(serializer.validated_data)
        )
        return self._out(assignment)

    @extend_schema(
        request=None,
        responses={200: AssignmentSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        summary="Acknowledge your own assignment (records when; nobody can do it for you)",
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        assignment = services.assignment_acknowledge(actor=request.user, assignment=self.get_object())
        return self._out(assignment)

    @extend_schema(
        methods=["GET"],
        summary="Questions, change requests and answers about this assignment (the worker and the team's managers)",
        responses={200: AssignmentCommentSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Ask a question or for a change before agreeing (the worker), or answer (the team's managers)",
        request=AssignmentCommentInputSerializer,
        responses={201: AssignmentCommentSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def comments(self, request, pk=None):
        assignment = self.get_object()
        if request.method == "POST":
            serializer = AssignmentCommentInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            comment = services.assignment_comment_add(
                actor=request.user, assignment=assignment, **serializer.validated_data
            )
            return Response(AssignmentCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        if not policies.can_discuss(request.user, assignment):
            raise PermissionDenied("Only the person this role is proposed to and the team's managers read this.")
        page = self.paginate_queryset(assignment_comments_for(request.user, assignment))
        return self.get_paginated_response(AssignmentCommentSerializer(page, many=True).data)


class RoleOverlapView(APIView):
    """Where a team's peer roles and clinical roles overlap (published versions only)."""

    @extend_schema(
        responses={200: RoleOverlapReportSerializer, 404: NOT_FOUND}, summary="Role overlap report of a team"
    )
    def get(self, request, team_id):
        team = get_team_for(request.user, team_id)
        return Response(RoleOverlapReportSerializer(overlap_report(team, caps(request.user).today)).data)
