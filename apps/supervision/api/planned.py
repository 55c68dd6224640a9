"""Planned supervision through the API (issue 16, part 3): plan, change, cancel, mark held.

Planned sessions are read by the people in them only (the supervisor and the supervisees of
the agreements covered); anyone else gets a 404. Writes are asked of the policies before the
body is read (a 403 never follows a 400)."""

from datetime import timedelta

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.boundaries.selectors import boundary_notes_visible_to
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ScopedPrimaryKeyRelatedField
from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.supervision import planning
from apps.supervision.api.serializers import SessionSerializer, ValuesCheckSerializer
from apps.supervision.api.views import FORBIDDEN, INVALID, NOT_FOUND, refuse_unknown_fields
from apps.supervision.invitations import attendees_of
from apps.supervision.models import PlannedSession, SupervisionSession
from apps.supervision.policies import can_change_planned, can_mark_held
from apps.supervision.selectors import (
    agreements_to_plan_under,
    agreements_visible_to,
    get_planned_for,
    get_session_for,
    planned_sessions_visible_to,
)


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()


class PlannedSessionSerializer(serializers.ModelSerializer):
    date = serializers.SerializerMethodField(help_text="Local date in the organisation's time zone.")
    time = serializers.SerializerMethodField(help_text="Local start time (HH:MM) in the organisation's time zone.")
    ends_at = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField(help_text="The supervisor first, then the supervisees invited.")
    can_change = serializers.SerializerMethodField()

    class Meta:
        model = PlannedSession
        fields = [
            "id",
            "uid",
            "date",
            "time",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "location",
            "video_url",
            "status",
            "sequence",
            "supervisor",
            "people",
            "held_session",
            "can_change",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField())
    def get_date(self, obj):
        return planning.local_parts(obj)[0].isoformat()

    @extend_schema_field(serializers.CharField())
    def get_time(self, obj):
        return planning.local_parts(obj)[1].strftime("%H:%M")

    @extend_schema_field(serializers.DateTimeField())
    def get_ends_at(self, obj):
        return (obj.starts_at + timedelta(minutes=obj.duration_minutes)).isoformat()

    @extend_schema_field(PersonSerializer(many=True))
    def get_people(self, obj):
        return [{"id": p.pk, "display_name": p.display_name} for p in attendees_of(obj)]

    def get_can_change(self, obj) -> bool:
        return obj.status == PlannedSession.Status.PLANNED and can_change_planned(self.context["request"].user, obj)


class PlannedChangeSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="Local date in the organisation's time zone.")
    time = serializers.TimeField(help_text="Local start time in the organisation's time zone.")
    duration_minutes = serializers.IntegerField(min_value=5, max_value=480)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    video_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")


class PlannedCreateSerializer(PlannedChangeSerializer):
    agreements = ScopedPrimaryKeyRelatedField(
        scope=agreements_visible_to,
        many=True,
        allow_empty=False,
        help_text="The agreement(s) in force it is under: one, or several of the supervisor's for a group session.",
    )


class HeldSerializer(serializers.Serializer):
    functions = serializers.ListField(
        child=serializers.ChoiceField(choices=SupervisionSession.Function.choices), allow_empty=False
    )
    duration_minutes = serializers.IntegerField(min_value=5, max_value=480, required=False)
    topics = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    values_check = ValuesCheckSerializer(required=False, allow_null=True)
    boundary_notes = ScopedPrimaryKeyRelatedField(scope=boundary_notes_visible_to, many=True, required=False)
    agreed_actions = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


CHANGE_MESSAGE = "Only the supervisor (or the supervisee of a one-to-one) can change or cancel it."


@extend_schema_view(
    list=extend_schema(summary="Planned supervision sessions you are in"),
    retrieve=extend_schema(responses={200: PlannedSessionSerializer, 404: NOT_FOUND}),
)
class PlannedSessionViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Supervision planned ahead. Everyone in it is e-mailed a calendar invitation
    (``text/calendar; method=REQUEST``); a change raises its ``sequence`` and is sent again;
    cancelling sends ``METHOD:CANCEL``; marking it held records the session."""

    serializer_class = PlannedSessionSerializer
    ordering_fields = ("starts_at", "created_at")
    model = PlannedSession
    write_policies = {
        "create": allow_if(
            lambda user: agreements_to_plan_under(user).exists(),
            "You can plan supervision only under an agreement in force that you are part of.",
        ),
        "partial_update": allow_if(can_change_planned, CHANGE_MESSAGE),
        "cancel": allow_if(can_change_planned, CHANGE_MESSAGE),
        "held": allow_if(can_mark_held, "Only the supervisor records a session as held."),
    }

    def scoped_queryset(self, user):
        return planned_sessions_visible_to(user)

    @extend_schema(
        summary="Plan a session (the supervisor, or the supervisee one-to-one); invitations are sent",
        request=PlannedCreateSerializer,
        responses={201: PlannedSessionSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def create(self, request):
        data = PlannedCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        planned = planning.planned_session_create(actor=request.user, **data.validated_data)
        return Response(
            self.get_serializer(get_planned_for(request.user, planned.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Change the date, time, duration or place; everyone is sent the new version",
        request=PlannedChangeSerializer,
        responses={200: PlannedSessionSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def partial_update(self, request, pk=None):
        planned = self.get_object()
        refuse_unknown_fields(
            request.data, planning.EDITABLE, "This cannot be changed; cancel and plan a new session instead."
        )
        data = PlannedChangeSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        planning.planned_session_update(actor=request.user, planned=planned, data=dict(data.validated_data))
        return Response(self.get_serializer(get_planned_for(request.user, planned.pk)).data)

    @extend_schema(
        summary="Cancel it; everyone is sent a cancellation",
        request=None,
        responses={200: PlannedSessionSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        planned = self.get_object()
        planning.planned_session_cancel(actor=request.user, planned=planned)
        return Response(self.get_serializer(get_planned_for(request.user, planned.pk)).data)

    @extend_schema(
        summary="It happened: record the session (the supervisor); the due date moves on",
        request=HeldSerializer,
        responses={201: SessionSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def held(self, request, pk=None):
        planned = self.get_object()
        data = HeldSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        session = planning.planned_session_mark_held(actor=request.user, planned=planned, **data.validated_data)
        body = SessionSerializer(get_session_for(request.user, session.pk), context=self.get_serializer_context())
        return Response(body.data, status=status.HTTP_201_CREATED)
