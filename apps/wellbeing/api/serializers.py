from collections.abc import Callable

from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ReadersField, ReadersOutputField
from apps.wellbeing.models import CheckIn, StepAway, SupportContact
from apps.wellbeing.validation import (
    MAX_CONTACT_HOW,
    MAX_CONTACT_NAME,
    MAX_CONTACT_WHEN,
    MAX_MESSAGE_LENGTH,
    MAX_MOOD,
    MAX_NOTE_LENGTH,
    MIN_MOOD,
    validate_message,
    validate_note,
)

MOOD_HELP = f"{MIN_MOOD} (very low) to {MAX_MOOD} (very good)"


def _optional_text(validator: Callable[[str], None], help_text: str) -> serializers.CharField:
    """An optional text whose rule is the service's validator (one message on every channel)."""
    return serializers.CharField(
        validators=[validator], required=False, allow_blank=True, default="", help_text=help_text
    )


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
            "helping",
            "share_with_supervisor",
            "readers",
            "created_at",
        ]
        read_only_fields = ["id", "author", "author_display_name", "created_at"]
        extra_kwargs = {
            "mood": {"min_value": MIN_MOOD, "max_value": MAX_MOOD, "help_text": MOOD_HELP},
            "note": {"max_length": MAX_NOTE_LENGTH, "required": False, "allow_blank": True},
            "helping": {"max_length": MAX_NOTE_LENGTH, "required": False, "allow_blank": True},
            "share_with_supervisor": {"required": False},
        }


class CheckInInputSerializer(serializers.Serializer):
    """What a worker sends: how they are, and whether (and with whom) it is shared."""

    # Bounds from ``validation`` (documented in the schema); the note's rule is the service's validator.
    mood = serializers.IntegerField(
        min_value=MIN_MOOD,
        max_value=MAX_MOOD,
        required=False,
        allow_null=True,
        default=None,
        help_text=f"Optional: {MOOD_HELP}. Without it, say how you are in `note` or `helping`.",
    )
    note = _optional_text(validate_note, f"At most {MAX_NOTE_LENGTH} characters.")
    helping = _optional_text(
        validate_note,
        f"What's helping, and what would help (private like the note). At most {MAX_NOTE_LENGTH} characters.",
    )
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
    message = _optional_text(
        validate_message, f"Optional; for your supervisors only. At most {MAX_MESSAGE_LENGTH} characters."
    )


class StepAwayStatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    stepped_away_until = serializers.DateField(allow_null=True)


class StepAwayPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = StepAway
        fields = ["id", "started_on", "planned_return_on", "returned_on"]
        read_only_fields = fields


class SupportContactSerializer(serializers.ModelSerializer):
    """One of the organisation's support contacts (an org setting; org admins write it)."""

    class Meta:
        model = SupportContact
        fields = ["id", "kind", "name", "how_to_reach", "when_available"]
        read_only_fields = ["id"]
        extra_kwargs = {
            "kind": {"required": False},
            "name": {"max_length": MAX_CONTACT_NAME},
            "how_to_reach": {"max_length": MAX_CONTACT_HOW},
            "when_available": {"max_length": MAX_CONTACT_WHEN, "required": False},
        }
