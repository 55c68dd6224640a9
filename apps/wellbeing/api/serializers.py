from rest_framework import serializers

from apps.wellbeing.models import CheckIn, StepAway


class CheckInSerializer(serializers.ModelSerializer):
    author_display_name = serializers.CharField(source="author.display_name", read_only=True)

    class Meta:
        model = CheckIn
        fields = ["id", "author", "author_display_name", "mood", "note", "share_with_supervisor", "created_at"]
        read_only_fields = ["id", "author", "author_display_name", "created_at"]
        extra_kwargs = {
            "mood": {"min_value": 1, "max_value": 5, "help_text": "1 (very low) to 5 (very good)"},
            "note": {"max_length": 2000, "required": False, "allow_blank": True},
            "share_with_supervisor": {"required": False},
        }


class StepAwaySerializer(serializers.Serializer):
    until = serializers.DateField(help_text="Planned return date (after today).")
    message = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="Optional; for your supervisors only."
    )


class StepAwayStatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    stepped_away_until = serializers.DateField(allow_null=True)


class StepAwayPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = StepAway
        fields = ["id", "started_on", "planned_return_on", "returned_on"]
        read_only_fields = fields
