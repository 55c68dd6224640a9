from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from apps.privacy_check.api.serializers import CheckRequestSerializer, CheckResponseSerializer
from apps.privacy_check.checks import check_text


class PrivacyCheckThrottle(UserRateThrottle):
    """Per signed-in user (``PRIVACY_CHECK_RATE``, default 120 a minute: a page checks each field
    once before a share). The throttle keeps only request times under the user's id, never text."""

    scope = "privacy_check"

    def get_rate(self) -> str:
        return settings.PRIVACY_CHECK_RATE


class PrivacyCheckView(APIView):
    """Check a text before sharing it: what could identify someone you support, and your own
    health details. Answers the spans found; stores nothing, logs nothing."""

    throttle_classes = [PrivacyCheckThrottle]

    @extend_schema(
        request=CheckRequestSerializer,
        responses={
            200: CheckResponseSerializer,
            400: OpenApiResponse(description="Invalid input; the body names the field"),
            429: OpenApiResponse(description="Too many checks in a minute; retry after the Retry-After seconds"),
        },
    )
    def post(self, request):
        data = CheckRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        findings = check_text(request.user, data.validated_data["text"])
        return Response({"findings": [f.as_dict() for f in findings]})
