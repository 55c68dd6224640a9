from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.filters import strict_boolean
from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import require
from apps.wellbeing import services
from apps.wellbeing.api.serializers import (
    CheckInInputSerializer,
    CheckInSerializer,
    CheckInShareSerializer,
    StepAwaySerializer,
    StepAwayStatusSerializer,
    SupportContactSerializer,
)
from apps.wellbeing.models import CheckIn, SupportContact
from apps.wellbeing.policies import can_edit_support_contacts
from apps.wellbeing.selectors import check_ins_shared_with, my_check_ins, read_check_ins, support_contacts

INVALID = OpenApiResponse(description="Invalid input; the body names the field")
FORBIDDEN = OpenApiResponse(description="Visible, but you may not do this")
NOT_FOUND = OpenApiResponse(description="Not found (or not yours to see)")


def _shared_with_me(request) -> bool:
    # ``true`` or ``false`` like every boolean filter (``1``, ``yes`` are a 400 naming it).
    return strict_boolean(request, "shared_with_me")


class CheckInViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Wellbeing check-ins: your own (private). With ``?shared_with_me=true``, a supervisor
    lists the check-ins their supervisees chose to share with them (each read is audited).
    Managers and org admins never see check-ins."""

    serializer_class = CheckInSerializer
    model = CheckIn
    extra_query_params = ("shared_with_me",)  # read by _shared_with_me (apps/core/api/filters.py)

    def scoped_queryset(self, user):
        if _shared_with_me(self.request):
            return check_ins_shared_with(user)
        return my_check_ins(user).select_related("author").prefetch_related("readers")

    @extend_schema(
        summary="My check-ins (or, for a supervisor, supervisees' shared ones)",
        parameters=[
            OpenApiParameter(
                "shared_with_me", OpenApiTypes.BOOL, description="Supervisees' check-ins shared with you instead"
            )
        ],
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        if _shared_with_me(request):
            page = read_check_ins(request.user, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Record a check-in",
        request=CheckInInputSerializer,
        responses={201: CheckInSerializer, 400: INVALID},
    )
    def create(self, request):
        data = CheckInInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        check_in = services.check_in_record(actor=request.user, **data.validated_data)
        return Response(self.get_serializer(check_in).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change who reads your check-in (shared or not, and which supervisors), at any time",
        request=CheckInShareSerializer,
        responses={200: CheckInSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def partial_update(self, request, pk=None):
        check_in = self.get_object()
        # Only the author: a 403 before the input is judged (readers are checked against the
        # requester's own supervisors).
        require(check_in.author_id == request.user.pk, "Only the author can change who reads this check-in.")
        # Mood and note are kept as written: naming them is a 400, not a silent no-op.
        unknown = sorted(set(getattr(request.data, "keys", lambda: [])()) - {"share_with_supervisor", "readers"})
        if unknown:
            raise ValidationError({field: ["This field cannot be changed here."] for field in unknown})
        data = CheckInShareSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        check_in = services.check_in_share(actor=request.user, check_in=check_in, **data.validated_data)
        return Response(self.get_serializer(check_in).data)


class StepAwayView(APIView):
    """Step away for your own health until a planned return date; your agreements pause."""

    @extend_schema(request=StepAwaySerializer, responses={200: StepAwayStatusSerializer, 400: INVALID})
    def post(self, request):
        data = StepAwaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.worker_step_away(actor=request.user, **data.validated_data)
        return Response(StepAwayStatusSerializer(request.user).data)


class ReturnView(APIView):
    """Come back from stepping away; your agreements unpause."""

    @extend_schema(request=None, responses={200: StepAwayStatusSerializer, 400: INVALID})
    def post(self, request):
        services.worker_return(actor=request.user)
        return Response(StepAwayStatusSerializer(request.user).data)


class SupportContactViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The organisation's support contacts (employee assistance, occupational health, crisis
    lines): everyone in the organisation reads them; org admins add, change and remove them."""

    serializer_class = SupportContactSerializer
    model = SupportContact
    # Asked before the body is read (apps/core/api/permissions.py); the services ask again.
    write_policies = {
        action: allow_if(
            lambda user, *_: can_edit_support_contacts(user), "Only an org admin can change the support contacts."
        )
        for action in ("create", "partial_update", "destroy")
    }
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def scoped_queryset(self, user):
        return support_contacts(user)

    @extend_schema(summary="Your organisation's support contacts")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Add a support contact (org admins)",
        responses={201: SupportContactSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        contact = services.support_contact_create(actor=request.user, **data.validated_data)
        return Response(self.get_serializer(contact).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a support contact (org admins)",
        responses={200: SupportContactSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def partial_update(self, request, *args, **kwargs):
        contact = self.get_object()
        data = self.get_serializer(contact, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        contact = services.support_contact_update(actor=request.user, contact=contact, **data.validated_data)
        return Response(self.get_serializer(contact).data)

    @extend_schema(
        summary="Remove a support contact (org admins)", responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND}
    )
    def destroy(self, request, *args, **kwargs):
        services.support_contact_delete(actor=request.user, contact=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
