from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.drift.models import DriftSnapshot

SHARE_HELP = "Whole percent of the hours with tagged duties; null when no role held has tagged duties."


class DriftSnapshotSerializer(serializers.ModelSerializer):
    peer_distinct_share = serializers.IntegerField(read_only=True, allow_null=True, help_text=SHARE_HELP)
    shared_share = serializers.IntegerField(read_only=True, allow_null=True, help_text=SHARE_HELP)
    clinical_only_share = serializers.IntegerField(read_only=True, allow_null=True, help_text=SHARE_HELP)

    class Meta:
        model = DriftSnapshot
        fields = [
            "taken_on",
            "peer_distinct_hours",
            "shared_hours",
            "clinical_only_hours",
            "peer_distinct_share",
            "shared_share",
            "clinical_only_share",
            "below_since",
        ]
        read_only_fields = fields
