from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.privacy_check.checks import MAX_TEXT_LENGTH
from apps.privacy_check.detect import CATEGORY_LABELS, KINDS


class CheckRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=MAX_TEXT_LENGTH,
        trim_whitespace=False,  # offsets are into the text exactly as sent
        allow_blank=True,
        help_text="The text to check, as it will be shared. Never stored or logged.",
    )


class FindingSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset of the first character (Python string index).")
    end = serializers.IntegerField(help_text="Offset just after the last character.")
    kind = serializers.ChoiceField(choices=[(k, label) for k, (label, _) in KINDS.items()])
    category = serializers.ChoiceField(choices=list(CATEGORY_LABELS.items()))
    label = serializers.CharField()  # type: ignore[assignment]  # a field called "label", like DRF's attribute
    text = serializers.CharField()
    why = serializers.CharField()


class CheckResponseSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)
