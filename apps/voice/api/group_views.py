from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import caps
from apps.voice import group_policies, group_services
from apps.voice.api.group_serializers import GroupPulseCreateSerializer, GroupPulseSerializer
from apps.voice.api.serializers import PulseAnswerSerializer, VoiceReceivedSerializer
from apps.voice.group_models import GroupPulse
from apps.voice.group_selectors import visible_group_pulses, with_my_standing
from apps.voice.policies import min_group


def _asked(user, pulse) -> str | None:
    """Why ``user`` could not answer ``pulse`` (403), before the body is read."""
    refusal = group_policies.answer_refusal(
        user, pulse, invited=pulse.invited, answered=pulse.answered, today=caps(user).today
    )
    return None if refusal in (None, group_policies.ALREADY, group_policies.NOT_OPEN) else refusal


class GroupPulseViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pooled peer-voice and host-team readiness pulses: those you were asked to answer, and (org
    admins; a team's managers for its readiness pulses) those whose released breakdowns you read."""

    serializer_class = GroupPulseSerializer
    model = GroupPulse
    ordering_fields = ("opened_on", "closes_on")
    write_policies = {
        "create": allow_if(
            lambda user: caps(user).can_manage_people(),
            "Only an org admin (pooled) or a team's managers (readiness) can open a group pulse.",
        ),
        "answer": _asked,
    }

    def scoped_queryset(self, user):
        return with_my_standing(visible_group_pulses(user), user).order_by("-opened_on", "-created_at")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["today"] = caps(self.request.user).today
        return context

    def retrieve(self, request, *args, **kwargs):
        pulse = self.get_object()
        data = GroupPulseSerializer(pulse, context=self.get_serializer_context()).data
        if data["breakdowns"] is not None:
            audit_record(actor=request.user, action=AuditEvent.Action.READ, target=pulse, detail="group pulse results")
        return Response(data)

    @extend_schema(request=GroupPulseCreateSerializer, responses={201: GroupPulseSerializer})
    def create(self, request):
        data = GroupPulseCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = data.validated_data
        pulse = group_services.group_pulse_open(
            actor=request.user,
            kind=values["kind"],
            teams=list(values.get("teams") or []),
            whole_organisation=values["whole_organisation"],
            audience_=values["audience"],
            closes_on=values["closes_on"],
        )
        pulse = self.scoped_queryset(request.user).get(pk=pulse.pk)
        return Response(GroupPulseSerializer(pulse, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=PulseAnswerSerializer, responses={201: VoiceReceivedSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Answer anonymously, once, if you were asked when it opened. Only sums of the breakdowns the
        no-subtraction rule allows are ever written; your answer is not stored on its own."""
        pulse = self.get_object()
        data = PulseAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "pulse" in data.validated_data and data.validated_data["pulse"] != pulse.pk:
            raise ValidationError({"pulse": ["This is not the pulse in the address."]})
        group_services.group_pulse_answer(actor=request.user, pulse=pulse, answers=data.validated_data["answers"])
        return Response(
            {
                "detail": "Thank you. Your answers were recorded anonymously. Results appear after the pulse "
                f"closes, for each group of at least {min_group()} people the rule allows."
            },
            status=201,
        )
