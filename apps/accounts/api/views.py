from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from apps.accounts import two_factor
from apps.accounts.api.serializers import MeSerializer, TokenRequestSerializer, TokenResponseSerializer
from apps.accounts.selectors import me_payload


class TokenObtainView(APIView):
    """Exchange a username and password for an expiring API token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description="Invalid credentials"),
            403: OpenApiResponse(description="Locked out after repeated failures"),
        },
        auth=[],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # authenticate() with the request so django-axes counts failures and enforces lockout.
        otp = serializer.validated_data.pop("otp", "")
        user = authenticate(request._request, **serializer.validated_data)
        if getattr(request._request, "axes_locked_out", False):
            return Response(
                {"detail": "Too many failed sign-in attempts. Try again later."}, status=status.HTTP_403_FORBIDDEN
            )
        if user is None or user.organisation_id is None:
            return Response(
                {"detail": "Unable to sign in with the given username and password."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if two_factor.state_at_sign_in(user) == two_factor.PENDING:
            if not two_factor.verify_token(user, otp):
                return Response({"otp": ["Enter the current 6-digit code from your authenticator app."]},
                                status=status.HTTP_400_BAD_REQUEST)
        elif two_factor.two_factor_required(user):
            return Response({"detail": "Your role needs two-factor sign-in: set it up in the browser first."},
                            status=status.HTTP_403_FORBIDDEN)
        instance, token = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return Response({"token": token, "expiry": instance.expiry})


class LogoutView(APIView):
    """Revoke the token used for this request."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """The signed-in user: organisation, kind, status, teams with team role, supervisees."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(me_payload(request.user)).data)
