from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.capabilities import caps, require
from apps.reminders import selectors

StatusSerializer = inline_serializer(
    "ReminderStatus",
    {
        "schedule": serializers.DictField(),
        "last_scan_at": serializers.DateTimeField(allow_null=True),
        "scans": serializers.IntegerField(),
        "stale": serializers.BooleanField(),
        "last_30_days": serializers.ListField(child=serializers.DictField()),
    },
)


class ReminderStatusView(APIView):
    """Org admins: the reminder schedule, the last successful scan and recent counts by kind."""

    @extend_schema(responses=StatusSerializer)
    def get(self, request):
        require(caps(request.user).is_org_admin, "Only an organisation admin can see the reminder schedule.")
        heartbeat = selectors.last_scan()
        return Response(
            {
                "schedule": selectors.schedule(),
                "last_scan_at": heartbeat.last_run_at if heartbeat else None,
                "scans": heartbeat.runs if heartbeat else 0,
                "stale": selectors.scan_is_stale(heartbeat),
                "last_30_days": selectors.reminder_counts(request.user.organisation),
            }
        )
