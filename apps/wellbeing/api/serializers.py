from rest_framework import serializers

from apps.core.api.fields import ReadersField, ReadersOutputField
from apps.wellbeing.models import CheckIn, StepAway


class CheckInSerializer(serializers.ModelSerializer):
    author_display_name = serializers.CharField(source="author.display_name", read_only=True)
    readers = ReadersOutputField()

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "author",
            "author_display_name",
            "mood",
            "note",
            "share_with_supervisor",
            "readers",
            "created_at",
        ]
        read_only_fields = ["id", "author", "author_display_name", "created_at"]
        extra_kwargs = {
            "mood": {"min_value": 1, "max_value": 5, "help_text": "1 (very low) to 5 (very good)"},
            "note": {"max_length": 2000, "required": False, "allow_blank": True},
            "share_with_supervisor": {"required": False},
        }


class CheckInInputSerializer(serializers.Serializer):
    """What a worker sends: how they are, and whether (and with whom) it is shared."""

    mood = serializers.IntegerField(min_value=1, max_value=5, help_text="1 (very low) to 5 (very good)")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    share_with_supervisor = serializers.BooleanField(required=False, default=False)
    readers = ReadersField(
        help_text="Only when `share_with_supervisor`: ids of your current supervisors (any kind) who read it; "
        "by default your peer supervisors."
    )


class CheckInShareSerializer(serializers.Serializer):
    """Who reads an existing check-in (the author only; at any time)."""

    share_with_supervisor = serializers.BooleanField(
        required=False, help_text="Shared or private; not given: shared when you name readers, otherwise unchanged."
    )
    readers = ReadersField(
        help_text="Exactly these current supervisors (any kind) read it; not given: unchanged, or your peer "
        "supervisors when it is shared anew. A supervisor who arrives later reads it only once you name them."
    )


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
