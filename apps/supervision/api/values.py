"""The team-level peer-values indicator through the API (issue 18, item 4): counts only."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.scope import org_id
from apps.core.api import serializers
from apps.core.selectors import get_or_404
from apps.supervision import values_indicator
from apps.supervision.values import peer_value_keys
from apps.teams.models import Team


class ValueCountSerializer(serializers.Serializer):
    peer_value = serializers.ChoiceField(choices=peer_value_keys(), source="key")
    name = serializers.CharField(source="label")
    in_the_way = serializers.IntegerField(
        allow_null=True, help_text="Sessions that named this value as getting in the way; null when not shown."
    )


class ValuesPeriodSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="A quarter, e.g. 2026 Q3.")
    shown = serializers.BooleanField(help_text="False when the sessions cover fewer than `min_group` people.")
    sessions = serializers.IntegerField(allow_null=True)
    message = serializers.CharField(allow_blank=True)
    values = ValueCountSerializer(many=True)


class ValuesIndicatorSerializer(serializers.Serializer):
    min_group = serializers.IntegerField()
    periods = ValuesPeriodSerializer(many=True)


class TeamValuesView(APIView):
    """How many supervision sessions each quarter named each peer value as getting in the way in
    this organisation — for the team's members, its managers and org admins; never a session, a
    name or a text, and nothing for a quarter covering fewer than ``VOICE_MIN_GROUP`` people."""

    @extend_schema(
        summary="A team's peer-values indicator",
        responses={200: ValuesIndicatorSerializer, 404: OpenApiResponse(description="Not found (or not yours to see)")},
    )
    def get(self, request, team_id):
        team = get_or_404(Team.objects.filter(organisation_id=org_id(request.user)), team_id)
        if not values_indicator.can_read(request.user, team.pk):
            raise Http404
        return Response(ValuesIndicatorSerializer(values_indicator.team_values_indicator(request.user, team)).data)
