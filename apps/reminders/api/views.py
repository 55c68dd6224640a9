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
        # Reminders waiting to be delivered (and since when); no counts of sent or skipped
        # reminders (selectors.delivery_backlog says why).
        "waiting": serializers.IntegerField(),
        "oldest_waiting_at": serializers.DateTimeField(allow_null=True),
        "delivery_stuck": serializers.BooleanField(),
    },
)


class ReminderStatusView(APIView):
    """Org admins: the reminder schedule, the last successful scan and the delivery backlog."""

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
                **_backlog(selectors.delivery_backlog(request.user.organisation)),
            }
        )


def _backlog(backlog: dict) -> dict:
    return {
        "waiting": backlog["waiting"],
        "oldest_waiting_at": backlog["oldest_waiting_at"],
        "delivery_stuck": backlog["stuck"],
    }
