from drf_spectacular.utils import extend_schema_field

from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ReadersField, ReadersOutputField
from apps.fidelity.models import FidelityCheck
from apps.fidelity.principles import (
    ANSWER_VALUES,
    MAX_INTERVAL_DAYS,
    MAX_NOTE_LENGTH,
    MIN_INTERVAL_DAYS,
    PRINCIPLE_KEYS,
    PRINCIPLES,
)

ANSWER_HELP = "1 (rarely) to 4 (nearly always), or `not_applicable`, or `rather_not_say`."


class AnswerSerializer(serializers.Serializer):
    principle = serializers.ChoiceField(choices=PRINCIPLE_KEYS, read_only=True)
    name = serializers.CharField(read_only=True, help_text="The principle, in words.")
    answer = serializers.ChoiceField(choices=ANSWER_VALUES, read_only=True, help_text=ANSWER_HELP)
    note = serializers.CharField(read_only=True, help_text="Private: the author and the supervisors they named.")


class AnswerInputSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=ANSWER_VALUES, help_text=ANSWER_HELP)
    note = serializers.CharField(
        max_length=MAX_NOTE_LENGTH, required=False, allow_blank=True, default="", help_text="Optional, private."
    )


class FidelityCheckSerializer(serializers.ModelSerializer):
    author_display_name = serializers.CharField(source="author.display_name", read_only=True)
    readers = ReadersOutputField()
    answers = serializers.SerializerMethodField()

    class Meta:
        model = FidelityCheck
        fields = [
            "id",
            "author",
            "author_display_name",
            "taken_on",
            "next_due_on",
            "share_with_supervisor",
            "readers",
            "answers",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, check) -> list[dict]:
        by_key = {a.principle: a for a in check.answers.all()}
        return [
            {"principle": p.key, "name": p.label, "answer": by_key[p.key].value, "note": by_key[p.key].note}
            for p in PRINCIPLES
            if p.key in by_key
        ]


class FidelityCheckInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=AnswerInputSerializer(),
        help_text=f"Every principle answered once: {', '.join(PRINCIPLE_KEYS)} → {{answer, note}}.",
    )
    share_with_supervisor = serializers.BooleanField(required=False, default=False)
    readers = ReadersField(
        help_text="Only when `share_with_supervisor`: ids of your current supervisors (any kind) who read it; "
        "by default your peer supervisors."
    )


class FidelityCheckShareSerializer(serializers.Serializer):
    share_with_supervisor = serializers.BooleanField(
        required=False, help_text="Shared or private; not given: shared when you name readers, otherwise unchanged."
    )
    readers = ReadersField(help_text="Exactly these current supervisors (any kind) read it; not given: unchanged.")


class PrincipleAverageSerializer(serializers.Serializer):
    principle = serializers.ChoiceField(choices=PRINCIPLE_KEYS, source="key")
    name = serializers.CharField(source="label", help_text="The principle, in words.")
    average = serializers.FloatField(allow_null=True, help_text="1–4; null when fewer than the minimum group answered.")
    answered = serializers.IntegerField(allow_null=True)


class PeriodSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="A quarter, e.g. 2026 Q3.")
    starts_on = serializers.DateField()
    shown = serializers.BooleanField(help_text="False when fewer than `min_group` different people answered.")
    workers = serializers.IntegerField(allow_null=True, help_text="Different people who answered; null when not shown.")
    message = serializers.CharField(allow_blank=True)
    principles = PrincipleAverageSerializer(many=True)


class SummarySerializer(serializers.Serializer):
    """Aggregates only: never a name, a worker's answer or a note."""

    min_group = serializers.IntegerField()
    periods = PeriodSerializer(many=True)


class SettingsSerializer(serializers.Serializer):
    interval_days = serializers.IntegerField(
        min_value=MIN_INTERVAL_DAYS,
        max_value=MAX_INTERVAL_DAYS,
        help_text="How often the check is due (91: a quarter).",
    )
