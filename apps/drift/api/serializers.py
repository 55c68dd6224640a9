from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.drift.models import DriftSnapshot

SHARE_HELP = "Whole percent of the hours with tagged duties; null when no role held has tagged duties."
HOURS_HELP = "Weekly hours of the roles held on that day whose duties carry this tag."


def _hours():
    # Read-only, so no model validator declares the bound the data keeps (docs/api.md, "Schema").
    return serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, read_only=True, help_text=HOURS_HELP)


class DriftSnapshotSerializer(serializers.ModelSerializer):
    peer_distinct_hours = _hours()
    shared_hours = _hours()
    clinical_only_hours = _hours()
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
