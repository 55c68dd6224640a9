from drf_spectacular.utils import extend_schema_field
from rest_framework.utils.serializer_helpers import ReturnDict

from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ScopedPrimaryKeyRelatedField
from apps.teams.selectors import teams_visible_to
from apps.voice import group_policies
from apps.voice.api.serializers import PulseQuestionSerializer, PulseResultSerializer
from apps.voice.group_models import GroupPulse
from apps.voice.group_selectors import result_rows
from apps.voice.questions import questions


class GroupBreakdownSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="all, kind:peer, kind:clinical or team:<id>.")
    label = serializers.CharField()  # type: ignore[assignment]  # output only: shadows Field.label
    released = serializers.BooleanField(help_text="False: withheld by the no-subtraction rule; no numbers at all.")
    responses = serializers.IntegerField(allow_null=True)
    results = PulseResultSerializer(many=True, allow_null=True)


class GroupPulseSerializer(serializers.ModelSerializer):
    teams = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()
    answered = serializers.SerializerMethodField(help_text="Whether you have answered it (only ever about you).")
    can_answer = serializers.SerializerMethodField()
    cannot_answer_because = serializers.SerializerMethodField()
    breakdowns = serializers.SerializerMethodField(
        help_text="For its readers, once closed and counted: every breakdown, released or withheld."
    )

    class Meta:
        model = GroupPulse
        fields = [
            "id",
            "kind",
            "audience",
            "whole_organisation",
            "teams",
            "opened_on",
            "closes_on",
            "state",
            "questions",
            "answered",
            "can_answer",
            "cannot_answer_because",
            "breakdowns",
        ]
        read_only_fields = fields

    def get_teams(self, pulse) -> list[str]:
        return sorted(str(t.pk) for t in pulse.teams.all())

    def get_state(self, pulse) -> str:
        return pulse.state_on(self.context["today"])

    def get_questions(self, pulse) -> ReturnDict:
        return PulseQuestionSerializer(questions(pulse.question_set), many=True).data

    def get_answered(self, pulse) -> bool:
        return bool(pulse.answered)

    def get_cannot_answer_because(self, pulse) -> str | None:
        return group_policies.answer_refusal(
            self.context["request"].user,
            pulse,
            invited=pulse.invited,
            answered=pulse.answered,
            today=self.context["today"],
        )

    def get_can_answer(self, pulse) -> bool:
        return self.get_cannot_answer_because(pulse) is None

    @extend_schema_field(GroupBreakdownSerializer(many=True, allow_null=True))
    def get_breakdowns(self, pulse):
        user = self.context["request"].user
        team_ids = [t.pk for t in pulse.teams.all()]
        if not pulse.mixed or not group_policies.can_read(
            user, pulse, team_ids, invited=bool(getattr(pulse, "invited", False))
        ):
            return None
        return GroupBreakdownSerializer(result_rows(pulse), many=True).data


class GroupPulseCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=GroupPulse.Kind.choices)
    teams = ScopedPrimaryKeyRelatedField(scope=teams_visible_to, many=True, required=False)
    whole_organisation = serializers.BooleanField(required=False, default=False)
    audience = serializers.ChoiceField(
        choices=[GroupPulse.Audience.PEERS, GroupPulse.Audience.EVERYONE],
        required=False,
        default=GroupPulse.Audience.PEERS,
        help_text="Pooled pulses only; a readiness pulse always asks the team's clinical colleagues.",
    )
    closes_on = serializers.DateField(help_text="The last day answers are accepted (at most 60 days away).")
