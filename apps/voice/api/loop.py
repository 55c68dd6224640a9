"""The API of closing the loop (issue 19, item 5): a pulse's released results for everyone who
could answer it, and the team's "you said, we did" actions (cursor-paginated, newest first)."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.services import audit_reads
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ScopedPrimaryKeyRelatedField
from apps.core.api.pagination import KeysetPagination
from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import caps, require
from apps.teams.selectors import teams_visible_to
from apps.voice import loop_services
from apps.voice.api.serializers import PulseSummarySerializer
from apps.voice.loop_selectors import (
    actions_visible_to,
    can_record_actions,
    previous_closes,
    results_pulses_for,
    since_previous,
    team_actions,
)
from apps.voice.models import FeedbackBatch, Pulse, VoiceAction
from apps.voice.selectors import get_pulse_for, pulse_summaries, pulses_visible_to

RECORDERS_ONLY = "Only this team's managers can record what was done."


def _batches_visible_to(user):
    return FeedbackBatch.objects.filter(team__in=teams_visible_to(user))


class VoiceActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = VoiceAction
        fields = [
            "id",
            "team",
            "pulse",
            "feedback_batch",
            "heard",
            "planned",
            "owner_role",
            "follow_up_on",
            "status",
            "done_on",
            "done_note",
            "recorded_on",
        ]
        read_only_fields = fields


class VoiceActionCreateSerializer(serializers.Serializer):
    team = ScopedPrimaryKeyRelatedField(scope=teams_visible_to)
    pulse = ScopedPrimaryKeyRelatedField(
        scope=pulses_visible_to, required=False, allow_null=True, help_text="A pulse of the team whose results are out."
    )
    feedback_batch = ScopedPrimaryKeyRelatedField(
        scope=_batches_visible_to, required=False, allow_null=True, help_text="A released feedback batch of the team."
    )
    heard = serializers.CharField(max_length=VoiceAction.TEXT_MAX, help_text="You said: what was heard.")
    planned = serializers.CharField(max_length=VoiceAction.TEXT_MAX, help_text="We will: what will be done.")
    owner_role = serializers.CharField(max_length=VoiceAction.ROLE_MAX, help_text="By whom: a role.")
    follow_up_on = serializers.DateField(required=False, allow_null=True, help_text="The managers are reminded then.")


class VoiceActionUpdateSerializer(serializers.Serializer):
    heard = serializers.CharField(max_length=VoiceAction.TEXT_MAX, required=False)
    planned = serializers.CharField(max_length=VoiceAction.TEXT_MAX, required=False)
    owner_role = serializers.CharField(max_length=VoiceAction.ROLE_MAX, required=False)
    follow_up_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=VoiceAction.Status.choices, required=False, help_text="done needs a done_note (now or before)."
    )
    done_note = serializers.CharField(max_length=VoiceAction.TEXT_MAX, required=False, allow_blank=True)


class VoiceActionFilter(django_filters.FilterSet):
    class Meta:
        model = VoiceAction
        fields = ["team", "pulse", "status"]


class VoiceActionViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """ "You said, we did": what a team's managers heard in its released pulses and feedback and what
    they do about it. Read by the whole team; recorded and updated by its managers (and org admins).
    Newest first, cursor-paginated (``next``/``previous`` links)."""

    serializer_class = VoiceActionSerializer
    filterset_class = VoiceActionFilter
    pagination_class = KeysetPagination
    model = VoiceAction
    write_policies = {
        "create": allow_if(lambda user: caps(user).can_manage_people(), RECORDERS_ONLY),
        "partial_update": allow_if(lambda user, action: can_record_actions(user, action.team_id), RECORDERS_ONLY),
    }

    def scoped_queryset(self, user):
        return actions_visible_to(user).order_by("-created_at", "-id")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        audit_reads(actor=request.user, targets=page, detail="voice action")
        return self.get_paginated_response(VoiceActionSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        action = self.get_object()
        audit_reads(actor=request.user, targets=[action], detail="voice action")
        return Response(VoiceActionSerializer(action).data)

    @extend_schema(request=VoiceActionCreateSerializer, responses={201: VoiceActionSerializer})
    def create(self, request):
        data = VoiceActionCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        action = loop_services.action_record(actor=request.user, **data.validated_data)
        return Response(VoiceActionSerializer(action).data, status=201)

    @extend_schema(request=VoiceActionUpdateSerializer, responses={200: VoiceActionSerializer})
    def partial_update(self, request, pk=None):
        action = self.get_object()
        data = VoiceActionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action = loop_services.action_update(actor=request.user, action=action, **data.validated_data)
        return Response(VoiceActionSerializer(action).data)


class PulseResultsSerializer(PulseSummarySerializer):
    since_previous_pulse = VoiceActionSerializer(
        source="since", many=True, help_text="What the managers recorded or completed since the pulse before it."
    )


class PulseResultsView(APIView):
    """A pulse's results, once released (closed with at least ``VOICE_MIN_GROUP`` answers), for
    everyone who could answer it and the team's managers — the same aggregates for all, and what was
    done since the pulse before it. ``results`` is null until released."""

    @extend_schema(responses={200: PulseResultsSerializer})
    def get(self, request, pulse_id):
        pulse = get_pulse_for(request.user, pulse_id)
        require(
            results_pulses_for(request.user, pulse.team).filter(pk=pulse.pk).exists(),
            "Only those who could answer this pulse, and the team's managers, see its results.",
        )
        summary = pulse_summaries(Pulse.objects.filter(pk=pulse.pk), today=caps(request.user).today)[0]
        summary["since"] = (
            since_previous(list(team_actions(pulse.team)), previous_closes(pulse.team).get(pulse.pk))
            if summary["results"]
            else []
        )
        audit_reads(actor=request.user, targets=summary["since"], detail="voice action")
        return Response(PulseResultsSerializer(summary).data)
