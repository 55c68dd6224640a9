from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    # Rendered with the current names of the people it mentions (see the model).
    message = serializers.CharField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "link", "read_at", "created_at"]
        read_only_fields = fields
