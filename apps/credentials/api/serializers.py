from decimal import Decimal

from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.credentials.models import MAX_ENTRY_HOURS, MAX_NOTE, MIN_ENTRY_HOURS, PracticeEntry
from apps.credentials.periods import PERIODS

ZERO = Decimal("0")  # hours are never negative (the schema says so: tests/contract/test_schema_bounds.py)


class PracticeEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeEntry
        fields = ["id", "worked_on", "hours", "category", "note", "created_at"]
        read_only_fields = fields


class PracticeEntryWriteSerializer(serializers.Serializer):
    worked_on = serializers.DateField()
    hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=MIN_ENTRY_HOURS,
        max_value=MAX_ENTRY_HOURS,
        help_text="In quarters of an hour (0.25 to 24).",
    )
    category = serializers.ChoiceField(choices=PracticeEntry.Category.choices)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_NOTE,
        help_text="A few words about the kind of work; never anything that identifies a person you support.",
    )


class HoursQuerySerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=PERIODS, required=False, default="year")
    date_after = serializers.DateField(required=False)
    date_before = serializers.DateField(required=False)


class CategoryHoursSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like an attribute of Field
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like an attribute of Field
    hours = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=ZERO)


class TargetProgressSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like an attribute of Field
    note = serializers.CharField()
    counts = serializers.ListField(child=serializers.CharField())
    target_hours = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=ZERO)
    hours = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=ZERO)
    percent = serializers.IntegerField()
    met = serializers.BooleanField()


class ProfileProgressSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    publisher = serializers.CharField()
    url = serializers.CharField()
    year = serializers.IntegerField()
    check_note = serializers.CharField()
    counted_from = serializers.DateField(allow_null=True)
    counted_to = serializers.DateField()
    targets = TargetProgressSerializer(many=True)


class HoursBySourceSerializer(serializers.Serializer):
    supervision = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=ZERO)
    training = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=ZERO)
    practice = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=ZERO)


class HoursSummarySerializer(serializers.Serializer):
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    total = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=ZERO)
    by_source = HoursBySourceSerializer()
    by_category = CategoryHoursSerializer(many=True)
    profiles = ProfileProgressSerializer(many=True)


class TargetSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like an attribute of Field
    hours = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=ZERO)
    counts = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()


class ProfileSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    publisher = serializers.CharField()
    url = serializers.CharField()
    year = serializers.IntegerField()
    accessed = serializers.CharField()
    check_note = serializers.CharField()
    window_months = serializers.IntegerField(allow_null=True)
    targets = TargetSerializer(many=True)
    tracked = serializers.BooleanField()


class ProfilesSerializer(serializers.Serializer):
    profiles = ProfileSerializer(many=True, help_text="Every profile shipped, with its public source.")


class ProfileChoiceWriteSerializer(serializers.Serializer):
    profiles = serializers.ListField(
        child=serializers.SlugField(max_length=80),
        allow_empty=True,
        max_length=20,
        help_text="The slugs of the profiles you track (the whole set; empty: none).",
    )
