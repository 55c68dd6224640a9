from rest_framework.utils.serializer_helpers import ReturnDict

from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ScopedPrimaryKeyRelatedField
from apps.teams.selectors import teams_visible_to
from apps.voice.models import Feedback, Pulse
from apps.voice.questions import QUESTION_COUNT, questions
from apps.voice.selectors import answer_refusal


class PulseQuestionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    key = serializers.CharField()
    text = serializers.CharField()


class PulseSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    state = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()
    answered = serializers.SerializerMethodField(help_text="Whether you have answered it (only ever about you).")
    can_answer = serializers.SerializerMethodField(help_text="Whether an answer from you would be taken now.")
    cannot_answer_because = serializers.SerializerMethodField(
        help_text="Why not, when you could not answer it (null when you can)."
    )

    class Meta:
        model = Pulse
        fields = [
            "id",
            "team",
            "team_name",
            "opened_on",
            "closes_on",
            "state",
            "questions",
            "answered",
            "can_answer",
            "cannot_answer_because",
        ]
        read_only_fields = fields

    def get_state(self, pulse) -> str:
        return pulse.state_on(self.context["today"])

    def get_questions(self, pulse: Pulse) -> ReturnDict:
        return PulseQuestionSerializer(questions(pulse.question_set), many=True).data

    def get_answered(self, pulse) -> bool:
        return pulse.pk in self.context["answered"]

    def get_cannot_answer_because(self, pulse) -> str | None:
        if self.get_answered(pulse):
            return "You have already answered this pulse."
        if self.get_state(pulse) != "open":
            return "This pulse is not open."
        return answer_refusal(self.context["request"].user, pulse)

    def get_can_answer(self, pulse) -> bool:
        return self.get_cannot_answer_because(pulse) is None


class PulseCreateSerializer(serializers.Serializer):
    team = ScopedPrimaryKeyRelatedField(scope=teams_visible_to)
    closes_on = serializers.DateField(help_text="The last day answers are accepted (at most 60 days away).")


class PulseAnswerSerializer(serializers.Serializer):
    pulse = serializers.UUIDField(required=False, help_text="Optional; must be the pulse in the URL.")
    answers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        min_length=QUESTION_COUNT,
        max_length=QUESTION_COUNT,
        help_text="Five answers in question order, each 1 (strongly disagree) to 5 (strongly agree).",
    )


class FeedbackSerializer(serializers.Serializer):
    team = ScopedPrimaryKeyRelatedField(scope=teams_visible_to)
    body = serializers.CharField(max_length=Feedback.MAX_LENGTH)


class VoiceReceivedSerializer(serializers.Serializer):
    detail = serializers.CharField()


class PulseResultSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    key = serializers.CharField()
    text = serializers.CharField()
    mean = serializers.FloatField()
    distribution = serializers.DictField(child=serializers.IntegerField(), help_text="Answer (1–5) → count.")


class PulseSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="pulse.id")
    opened_on = serializers.DateField(source="pulse.opened_on")
    closes_on = serializers.DateField(source="pulse.closes_on")
    state = serializers.CharField()
    counting = serializers.BooleanField(help_text="Closed, and its answers are still being counted (results soon).")
    enough_responses = serializers.BooleanField()
    responses = serializers.IntegerField(allow_null=True, help_text="Withheld (null) below the minimum group.")
    results = PulseResultSerializer(many=True, allow_null=True, help_text="Only once closed with enough responses.")


class VoiceTrendSeriesSerializer(serializers.Serializer):
    key = serializers.CharField()
    # The chart's own names; they shadow Field.label and Serializer.data, which this output-only serializer never uses.
    label = serializers.CharField()  # type: ignore[assignment]
    text = serializers.CharField()
    data = serializers.ListField(child=serializers.FloatField())  # type: ignore[assignment]


class VoiceTrendSerializer(serializers.Serializer):
    labels = serializers.ListField(child=serializers.CharField())
    series = VoiceTrendSeriesSerializer(many=True)


class FeedbackBatchSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    released_on = serializers.DateField()
    size = serializers.IntegerField()
    writers = serializers.IntegerField(
        help_text="How many different people wrote it (0: released before this was kept)."
    )
    items = serializers.SerializerMethodField()

    def get_items(self, batch) -> list[str]:
        return [item.body for item in batch.items.all()]


class TeamVoiceSerializer(serializers.Serializer):
    team = serializers.UUIDField(source="team.id")
    min_group = serializers.IntegerField()
    pulses = PulseSummarySerializer(many=True)
    trend = VoiceTrendSerializer()
    feedback_batches = FeedbackBatchSerializer(source="batches", many=True)


# The dashboard app imports the trend shape under its first name.
TrendSerializer = VoiceTrendSerializer
