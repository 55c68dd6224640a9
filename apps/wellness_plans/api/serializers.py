from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.wellness_plans.sections import (
    MAX_ADJUSTMENT_WHAT,
    MAX_ADJUSTMENT_WHO,
    MAX_ADJUSTMENTS,
    MAX_SECTION_LENGTH,
    Section,
)

SECTION_CHOICES = Section.choices


class AdjustmentSerializer(serializers.Serializer):
    what = serializers.CharField(max_length=MAX_ADJUSTMENT_WHAT)
    agreed_with = serializers.CharField(max_length=MAX_ADJUSTMENT_WHO)
    agreed_on = serializers.DateField()


def _text(help_text: str) -> serializers.CharField:
    return serializers.CharField(max_length=MAX_SECTION_LENGTH, required=False, allow_blank=True, help_text=help_text)


class PlanInputSerializer(serializers.Serializer):
    """The sections to change (only those given change); every change keeps a version."""

    keeps_well = _text("What keeps me well.")
    early_signs = _text("Early signs that I'm finding things harder.")
    what_helps = _text("What helps.")
    at_work = _text("If I become unwell at work, what to do.")
    adjustments = AdjustmentSerializer(
        many=True,
        required=False,
        help_text=f"Reasonable adjustments agreed: what, with whom, when (at most {MAX_ADJUSTMENTS}).",
    )
    contact = _text("Who to contact.")
    do_not_contact = _text("Who not to contact.")
    stepping_away = _text("While I step away, and how I come back.")


class ReaderSerializer(serializers.Serializer):
    reader = serializers.UUIDField(source="reader_id", help_text="Someone active in your organisation.")
    reader_display_name = serializers.CharField(source="reader.display_name", read_only=True)
    sections = serializers.ListField(child=serializers.ChoiceField(choices=SECTION_CHOICES), help_text="Read always.")
    away_sections = serializers.ListField(
        child=serializers.ChoiceField(choices=SECTION_CHOICES), help_text="Read only while you have stepped away."
    )


class ReaderInputSerializer(serializers.Serializer):
    """Which sections one person reads; both lists empty: they read nothing and are no longer named."""

    reader = serializers.UUIDField(help_text="Someone active in your organisation (not yourself).")
    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=SECTION_CHOICES), required=False, max_length=len(SECTION_CHOICES)
    )
    away_sections = serializers.ListField(
        child=serializers.ChoiceField(choices=SECTION_CHOICES), required=False, max_length=len(SECTION_CHOICES)
    )


class PlanSerializer(serializers.Serializer):
    """A plan as the reader may read it: ``sections`` holds only the parts they read."""

    id = serializers.UUIDField(read_only=True)
    author = serializers.UUIDField(source="author_id", read_only=True)
    author_display_name = serializers.CharField(source="author.display_name", read_only=True)
    sections = serializers.DictField(read_only=True, help_text="Section code -> its content (only the parts you read).")
    reviewed_on = serializers.DateField(read_only=True, required=False)
    version = serializers.IntegerField(read_only=True, required=False)


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    content = serializers.DictField(read_only=True)
