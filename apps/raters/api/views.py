from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.raters import selectors, services
from apps.raters.api.serializers import (
    DeclineSerializer,
    InvitationCreateSerializer,
    InvitationDetailSerializer,
    InvitationSerializer,
    RaterFormSerializer,
    RaterSubmitSerializer,
    RaterThanksSerializer,
)
from apps.raters.models import Answer, Invitation


class Gone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This link no longer works: the feedback was already sent, or the link expired or was withdrawn."
    default_code = "gone"


GONE = OpenApiResponse(description="The link was used, has expired or was withdrawn.")


def _own(user, invitation) -> bool:
    return invitation.worker_id == user.pk


class InvitationViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your own invitations to external raters (anyone else's do not exist for you)."""

    serializer_class = InvitationSerializer
    model = Invitation
    ordering_fields = ("created_at",)
    write_policies = {
        "revoke": allow_if(_own, "Only the person who sent this invitation can withdraw it."),
        "accept": allow_if(_own, "Only the person who asked for this feedback can decide about it."),
        "decline": allow_if(_own, "Only the person who asked for this feedback can decide about it."),
    }

    def scoped_queryset(self, user):
        return selectors.invitations_of(user)

    def _fresh(self, invitation):
        fresh = selectors.get_invitation_for(self.request.user, invitation.pk)
        return InvitationDetailSerializer(fresh, context=self.get_serializer_context()).data

    @extend_schema(responses={200: InvitationDetailSerializer})
    def retrieve(self, request, pk=None):
        """One invitation, with the rater's answers once sent (the read is audited)."""
        invitation = self.get_object()
        if invitation.submitted_at is not None and invitation.decision != Invitation.Decision.DELETED:
            services.feedback_read(actor=request.user, invitation=invitation)
        return Response(InvitationDetailSerializer(invitation, context=self.get_serializer_context()).data)

    @extend_schema(
        request=InvitationCreateSerializer,
        responses={
            201: InvitationSerializer,
            429: OpenApiResponse(description="Too many invitations today, or to this address lately"),
        },
    )
    def create(self, request):
        """Invite someone without an account; they are e-mailed a single-use link."""
        data = InvitationCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            invitation, _token = services.invitation_create(actor=request.user, **data.validated_data)
        except services.TooManyInvitations as exc:
            raise Throttled(detail=exc.message) from None
        invitation = selectors.get_invitation_for(request.user, invitation.pk)
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: InvitationDetailSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Withdraw an open invitation: its link stops working at once."""
        invitation = services.invitation_revoke(actor=request.user, invitation=self.get_object())
        return Response(self._fresh(invitation))

    @extend_schema(request=None, responses={200: InvitationDetailSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Add the feedback to your portfolio as evidence."""
        invitation = services.feedback_accept(actor=request.user, invitation=self.get_object())
        return Response(self._fresh(invitation))

    @extend_schema(request=DeclineSerializer, responses={200: InvitationDetailSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Not evidence: keep the answers private to you, or delete them."""
        invitation = self.get_object()
        data = DeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.feedback_decline(actor=request.user, invitation=invitation, **data.validated_data)
        return Response(self._fresh(invitation))


def _open_invitation(token: str) -> Invitation:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    if not invitation.is_open:
        raise Gone()
    return invitation


class RaterFeedbackView(APIView):
    """The rater's link, without an account: the token in the path is the key. An unknown token
    is a 404; a used, expired or withdrawn one a 410."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: RaterFormSerializer, 410: GONE}, auth=[])
    def get(self, request, token: str):
        invitation = _open_invitation(token)
        services.rater_page_viewed(invitation=invitation)
        body = {
            "worker_display_name": invitation.worker.display_name,
            "competencies": list(invitation.competencies.order_by("framework__name", "position")),
            "expires_at": invitation.expires_at,
            "observed_choices": list(Answer.Observed.values),
        }
        return Response(RaterFormSerializer(body).data)

    @extend_schema(request=RaterSubmitSerializer, responses={200: RaterThanksSerializer, 410: GONE}, auth=[])
    def post(self, request, token: str):
        """Send the answers, once: a second submission is a 410 and changes nothing."""
        invitation = _open_invitation(token)
        data = RaterSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            services.feedback_submit(invitation=invitation, answers=data.validated_data["answers"])
        return Response(
            {"detail": f"Thank you: your feedback is on its way to {invitation.worker.display_name}."},
            status=status.HTTP_200_OK,
        )
