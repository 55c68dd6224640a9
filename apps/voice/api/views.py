import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import caps, require
from apps.teams.selectors import get_team_for
from apps.voice import policies, services
from apps.voice.api.serializers import (
    FeedbackSerializer,
    PulseAnswerSerializer,
    PulseCreateSerializer,
    PulseSerializer,
    TeamVoiceSerializer,
    VoiceReceivedSerializer,
)
from apps.voice.models import Pulse
from apps.voice.selectors import answer_refusal, answered_pulse_ids, pulses_visible_to, team_voice, with_standing


class PulseFilter(django_filters.FilterSet):
    class Meta:
        model = Pulse
        fields = ["team"]


class PulseViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pulses of the user's teams. A team's managers open one; its other members answer it, anonymously."""

    serializer_class = PulseSerializer
    filterset_class = PulseFilter
    ordering_fields = ("opened_on", "closes_on")  # ?ordering= (docs/api.md, "Lists")
    # Asked before the body is read (apps/core/api/permissions.py); the services ask again.
    write_policies = {
        "create": allow_if(
            lambda user: caps(user).can_manage_people(), "Only a team's managers or an org admin can open a pulse."
        ),
        "answer": answer_refusal,  # why an answer could not count (None: it can)
    }

    model = Pulse

    def scoped_queryset(self, user):
        # ``member_before_open`` for ``can_answer``, in the same query.
        return with_standing(pulses_visible_to(user), user).select_related("team").order_by("-opened_on", "-created_at")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["today"] = caps(self.request.user).today
            context.setdefault("answered", set())
        return context

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = self.get_serializer_context()
        context["answered"] = answered_pulse_ids(request.user, [p.pk for p in page])
        return self.get_paginated_response(PulseSerializer(page, many=True, context=context).data)

    def retrieve(self, request, *args, **kwargs):
        pulse = self.get_object()
        context = self.get_serializer_context()
        context["answered"] = answered_pulse_ids(request.user, [pulse.pk])
        return Response(PulseSerializer(pulse, context=context).data)

    @extend_schema(request=PulseCreateSerializer, responses={201: PulseSerializer})
    def create(self, request):
        data = PulseCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        pulse = services.pulse_open(actor=request.user, **data.validated_data)
        return Response(PulseSerializer(pulse, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=PulseAnswerSerializer, responses={201: VoiceReceivedSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Answer anonymously, once. The answer waits sealed until the pulse closes, then is written with
        the others in a shuffled batch, with no link to you. Refused (403, saying why) when it could not
        count: you joined the team after the pulse opened, have not set your own password, or opened it."""
        pulse = self.get_object()
        data = PulseAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "pulse" in data.validated_data and data.validated_data["pulse"] != pulse.pk:
            raise ValidationError({"pulse": ["This is not the pulse in the address."]})
        services.pulse_answer(actor=request.user, pulse=pulse, answers=data.validated_data["answers"])
        return Response(
            {
                "detail": "Thank you. Your answers were recorded anonymously. Results appear after the pulse "
                f"closes, if at least {policies.min_group()} people answered."
            },
            status=201,
        )


def _voice_in_some_team(user) -> str | None:
    """Why ``user`` may send feedback to no team at all (which team is the body's, checked by the
    service), or None."""
    refusals = [policies.feedback_refusal(user, team_id) for team_id in caps(user).team_ids]
    if None in refusals:
        return None
    return refusals[0] if refusals else policies.NOT_A_VOICE_FEEDBACK


class FeedbackViewSet(viewsets.GenericViewSet):
    """Anonymous feedback from a team member to the team's managers. Write-only: nobody reads it
    back here; managers see it in batches written by at least ``VOICE_MIN_GROUP`` different people,
    through ``teams/{id}/voice/``. Refused (403) to anyone who has not set their own password."""

    serializer_class = FeedbackSerializer
    write_policies = {"create": _voice_in_some_team}

    @extend_schema(request=FeedbackSerializer, responses={201: VoiceReceivedSerializer})
    def create(self, request):
        data = FeedbackSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        services.feedback_submit(actor=request.user, **data.validated_data)
        return Response(
            {
                "detail": "Thank you. Your feedback was sent anonymously. The managers see it together with "
                f"others' once at least {policies.min_group()} different people have written."
            },
            status=status.HTTP_201_CREATED,
        )


class TeamVoiceView(APIView):
    """A team's voice for its managers and org admins: pulse results and feedback batches, only ever
    in groups of at least ``VOICE_MIN_GROUP``."""

    @extend_schema(responses={200: TeamVoiceSerializer})
    def get(self, request, team_id):
        team = get_team_for(request.user, team_id)
        require(policies.can_read_results(request.user, team.pk), "Only this team's managers can see its voice.")
        return Response(TeamVoiceSerializer(team_voice(request.user, team)).data)
