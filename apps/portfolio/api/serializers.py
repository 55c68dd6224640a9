from typing import Any

from apps.competencies.selectors import competencies_visible_to
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ScopedPrimaryKeyRelatedField
from apps.portfolio.evidence import EVIDENCE_KINDS
from apps.portfolio.models import EvidenceLink
from apps.portfolio.rules import STATE_CHOICES


class EvidenceLinkSerializer(serializers.ModelSerializer):
    competency_code = serializers.CharField(source="competency.code", read_only=True)

    class Meta:
        model = EvidenceLink
        fields = ["id", "competency", "competency_code", "kind", "object_id", "created_at"]
        read_only_fields = fields


class EvidenceLinkCreateSerializer(serializers.Serializer):
    competency = ScopedPrimaryKeyRelatedField(scope=competencies_visible_to)
    kind = serializers.CharField(
        max_length=40,
        help_text="reflection, supervision_session, training_record, assessment, or a kind another app adds",
    )
    object_id = serializers.UUIDField(help_text="The id of one of your own records of that kind.")

    def validate_kind(self, value: str) -> str:
        if value not in EVIDENCE_KINDS:
            raise serializers.ValidationError(f"Choose one of: {', '.join(EVIDENCE_KINDS.keys())}.")
        return value


class EvidenceItemSerializer(serializers.Serializer):
    link = serializers.UUIDField(source="link_id")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    object_id = serializers.UUIDField()
    title = serializers.CharField(help_text="A label (a title or a date), never body text.")
    dated_on = serializers.DateField(allow_null=True)
    url = serializers.CharField(allow_null=True, help_text="The record's own page, if it has one.")


class MapRowSerializer(serializers.Serializer):
    reader_dependent_fields = ("evidence",)  # left out for managers and org admins (states only)

    competency = serializers.UUIDField(source="competency.pk")
    code = serializers.CharField(source="competency.code")
    title = serializers.CharField(source="competency.title")
    domain = serializers.UUIDField(source="domain.pk")
    domain_title = serializers.CharField(source="domain.title")
    state = serializers.ChoiceField(choices=STATE_CHOICES)
    reason = serializers.CharField()
    assessment_state = serializers.CharField(allow_null=True)
    evidence = EvidenceItemSerializer(
        source="items", many=True, help_text="Only what you may read; left out for managers and org admins."
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("details"):
            data.pop("evidence", None)
        return data


class RuleSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=STATE_CHOICES)
    text = serializers.CharField()


class EvidenceMapSerializer(serializers.Serializer):
    worker = serializers.UUIDField(source="worker.pk")
    framework = serializers.UUIDField(source="framework.pk")
    domain = serializers.SerializerMethodField()
    rules = RuleSerializer(many=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    competencies = MapRowSerializer(source="rows", many=True)

    def get_domain(self, result: Any) -> str | None:
        return str(result.domain.pk) if result.domain is not None else None
