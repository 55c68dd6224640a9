from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.accounts.models import User
from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import caps, require
from apps.workers import data_rights, services
from apps.workers.api.filters import WorkerFilter
from apps.workers.api.serializers import (
    EmailChangeConfirmSerializer,
    EmailChangeRequestSerializer,
    EmailChangeSerializer,
    WorkerCreateSerializer,
    WorkerSerializer,
    WorkerUpdateSerializer,
)
from apps.workers.selectors import workers_visible_to


class WorkerViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Workers of the organisation the user may see. Only org admins add people."""

    serializer_class = WorkerSerializer
    filterset_class = WorkerFilter
    ordering_fields = ("display_name", "username")  # ?ordering= (docs/api.md, "Lists")
    # Asked before the body is read (apps/core/api/permissions.py); the services ask again.
    write_policies = {
        "create": allow_if(lambda user: caps(user).can_create_workers(), "Only an org admin can add people."),
        "partial_update": allow_if(
            lambda user, worker: bool(services.worker_editable_fields(user, worker)),
            "Only this worker's managers or an org admin can change their details.",
        ),
    }

    model = User

    def scoped_queryset(self, user):
        return workers_visible_to(user).order_by("display_name", "username")

    @extend_schema(request=WorkerCreateSerializer, responses={201: WorkerSerializer})
    def create(self, request):
        # Refused before the body is read: a manager learns nothing from validation errors.
        require(caps(request.user).can_create_workers(), "Only an org admin can add people.")
        data = WorkerCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        worker = services.worker_create(actor=request.user, **data.validated_data)
        return Response(WorkerSerializer(worker).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WorkerUpdateSerializer, responses={200: WorkerSerializer})
    def partial_update(self, request, pk=None):
        worker = self.get_object()
        data = WorkerUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        worker = services.worker_update(actor=request.user, worker=worker, data=dict(data.validated_data))
        return Response(WorkerSerializer(worker).data)

    @extend_schema(request=None, responses={200: WorkerSerializer})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """Record that a worker has left: deactivates the account and ends all sign-ins."""
        worker = services.worker_mark_left(actor=request.user, worker=self.get_object())
        return Response(WorkerSerializer(worker).data)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=False, methods=["get"], url_path="me/export")
    def export(self, request):
        """Everything the signed-in worker authored and everything recorded about them."""
        document = data_rights.export_worker_data(actor=request.user)
        response = Response(document)
        response["Content-Disposition"] = 'attachment; filename="pspteam-my-data.json"'
        return response

    @extend_schema(request=EmailChangeRequestSerializer, responses={202: EmailChangeSerializer})
    @action(detail=False, methods=["post"], url_path="me/email")
    def email_change(self, request):
        """Ask to change your own e-mail address: a single-use link (24 hours) goes to the new
        address and the old one is told; nothing changes until the link is used."""
        data = EmailChangeRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = services.email_change_request(actor=request.user, new_email=data.validated_data["email"])
        return Response(EmailChangeSerializer(change).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=EmailChangeConfirmSerializer, responses={200: WorkerSerializer})
    @action(detail=False, methods=["post"], url_path="me/email/confirm")
    def email_confirm(self, request):
        """Confirm the new address with the token from the link (signed in as the same person)."""
        data = EmailChangeConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        worker = services.email_change_confirm(actor=request.user, token=data.validated_data["token"])
        return Response(WorkerSerializer(worker).data)

    @extend_schema(request=None, responses={200: WorkerSerializer})
    @action(detail=True, methods=["post"])
    def erase(self, request, pk=None):
        """Org admins erase a worker who has left (authored content deleted, account anonymised)."""
        worker = data_rights.worker_erase(actor=request.user, worker=self.get_object())
        return Response(WorkerSerializer(worker).data)
