from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response

from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import require
from apps.supervision import services
from apps.supervision.api.filters import AgreementFilter, SessionFilter
from apps.supervision.api.serializers import (
    AgreementAcceptSerializer,
    AgreementCreateSerializer,
    AgreementSerializer,
    AgreementUpdateSerializer,
    ConsentScopeSerializer,
    SessionInputSerializer,
    SessionSerializer,
)
from apps.supervision.models import Agreement, SupervisionSession
from apps.supervision.policies import (
    can_change_session,
    can_manage_agreements_of,
    can_manage_any_agreements,
    can_see_consent_scope,
    is_party,
)
from apps.supervision.selectors import (
    agreements_visible_to,
    agreements_with_state,
    consent_scope,
    get_agreement_for,
    get_session_for,
    sessions_for_listing,
)

NOT_FOUND = OpenApiResponse(description="Not found (or not yours to see)")
FORBIDDEN = OpenApiResponse(description="Visible, but you may not do this")
INVALID = OpenApiResponse(description="Invalid input; the body names the field")


def refuse_unknown_fields(data, allowed, message="This cannot be changed.") -> None:
    unknown = sorted(set(getattr(data, "keys", lambda: [])()) - set(allowed))
    if unknown:
        raise ValidationError({field: [message] for field in unknown})


@extend_schema_view(
    list=extend_schema(summary="Agreements you are part of or manage, with their state"),
    retrieve=extend_schema(responses={200: AgreementSerializer, 404: NOT_FOUND}),
)
class AgreementViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Supervision agreements. Managers of the supervisee's teams and org admins propose them;
    they are in force once the supervisee and the supervisor have both accepted. Either person
    (or a manager / org admin) ends them; the supervisee asks for supervision."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    ordering_fields = ("next_due_on", "starts_on", "created_at")  # ?ordering= (docs/api.md, "Lists")
    model = Agreement
    # Asked before the body is read (apps/core/api/permissions.py); the services ask again.
    write_policies = {
        "create": allow_if(
            can_manage_any_agreements,
            "Only a manager of one of this worker's teams, or an org admin, can set up their supervision.",
        ),
        "partial_update": allow_if(
            lambda user, agreement: can_manage_agreements_of(user, agreement.supervisee_id),
            "Only a manager of one of this worker's teams, or an org admin, can change their supervision.",
        ),
    }

    def scoped_queryset(self, user):
        return agreements_with_state(user).order_by("state_rank", "next_due_on", "supervisee__display_name")

    @extend_schema(
        summary="Set up supervision (managers of the supervisee's team, org admins)",
        request=AgreementCreateSerializer,
        responses={201: AgreementSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def create(self, request):
        data = AgreementCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        agreement = services.agreement_create(actor=request.user, **data.validated_data)
        agreement = get_agreement_for(request.user, agreement.pk)
        return Response(self.get_serializer(agreement).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change frequency or dates; set ends_on to end it",
        request=AgreementUpdateSerializer,
        responses={200: AgreementSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def partial_update(self, request, pk=None):
        agreement = self.get_object()
        refuse_unknown_fields(
            request.data, services.AGREEMENT_EDITABLE, "This cannot be changed; set up a new agreement instead."
        )
        data = AgreementUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.agreement_update(actor=request.user, agreement=agreement, data=dict(data.validated_data))
        return Response(self.get_serializer(get_agreement_for(request.user, agreement.pk)).data)

    def _transition(self, request, service):
        agreement = self.get_object()
        service(actor=request.user, agreement=agreement)
        return Response(self.get_serializer(get_agreement_for(request.user, agreement.pk)).data)

    @extend_schema(
        summary="Accept a proposed agreement (the supervisee or the supervisor); active once both have",
        request=AgreementAcceptSerializer,
        responses={200: AgreementSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        agreement = self.get_object()
        # Permission (a party) is the service's first check; the body is judged after it.
        data = AgreementAcceptSerializer(data=request.data)
        if is_party(request.user, agreement):
            data.is_valid(raise_exception=True)
            terms = data.validated_data.get("terms")
        else:
            terms = None
        services.agreement_accept(actor=request.user, agreement=agreement, terms=terms)
        return Response(self.get_serializer(get_agreement_for(request.user, agreement.pk)).data)

    @extend_schema(
        summary="Decline a proposed agreement (the supervisee or the supervisor)",
        request=None,
        responses={200: AgreementSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._transition(request, services.agreement_decline)

    @extend_schema(
        summary="End a proposed or active agreement now (either person, a manager of the supervisee, an org admin)",
        request=None,
        responses={200: AgreementSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._transition(request, services.agreement_end)

    @extend_schema(
        summary="What the supervisor will be able to read once the agreement is active (the supervisee only)",
        responses={200: ConsentScopeSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def scope(self, request, pk=None):
        agreement = self.get_object()
        require(can_see_consent_scope(request.user, agreement), "Only the supervisee sees what this agreement shares.")
        body = {
            "agreement": agreement.pk,
            "supervisor_display_name": agreement.supervisor.display_name,
            "kind": agreement.kind,
            "items": consent_scope(agreement),
        }
        return Response(ConsentScopeSerializer(body).data)

    @extend_schema(
        summary="Ask for supervision now (the supervisee; the supervisor is told at once)",
        request=None,
        responses={
            200: AgreementSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            429: OpenApiResponse(description="Already asked today"),
        },
    )
    @action(detail=True, methods=["post"], url_path="request")
    def request_supervision(self, request, pk=None):
        agreement = self.get_object()
        try:
            services.agreement_request_supervision(actor=request.user, agreement=agreement)
        except services.RequestTooSoon as exc:
            raise Throttled(detail=exc.message) from None
        return Response(self.get_serializer(get_agreement_for(request.user, agreement.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Sessions you recorded or were supervised in"),
    retrieve=extend_schema(responses={200: SessionSerializer, 404: NOT_FOUND}),
)
class SessionViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Supervision sessions. The supervisor records them under their own agreements (several
    at once for a group session); the supervisees read them. Recording moves the due date."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    ordering_fields = ("held_on", "created_at")  # ?ordering= (docs/api.md, "Lists")
    model = SupervisionSession
    write_policies = {
        "create": allow_if(
            lambda user: agreements_visible_to(user).filter(supervisor_id=user.pk).exists(),
            "You can record sessions only under agreements where you are the supervisor.",
        ),
        "partial_update": allow_if(can_change_session, "Only the supervisor who recorded this session can change it."),
    }

    def scoped_queryset(self, user):
        return sessions_for_listing(user)

    @extend_schema(
        summary="Record a session (the supervisor of every agreement it covers)",
        request=SessionInputSerializer,
        responses={201: SessionSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def create(self, request):
        data = SessionInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        session = services.session_record(actor=request.user, **data.validated_data)
        return Response(
            self.get_serializer(get_session_for(request.user, session.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Correct a session you recorded",
        request=SessionInputSerializer,
        responses={200: SessionSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def partial_update(self, request, pk=None):
        session = self.get_object()
        refuse_unknown_fields(
            request.data, SupervisionSession.EDITABLE_FIELDS, "This cannot be changed; record a new session instead."
        )
        data = SessionInputSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        services.session_update(actor=request.user, session=session, data=dict(data.validated_data))
        return Response(self.get_serializer(get_session_for(request.user, session.pk)).data)

    @extend_schema(
        summary="Delete a session recorded by mistake (the recorder; due dates move back)",
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def destroy(self, request, pk=None):
        services.session_delete(actor=request.user, session=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
