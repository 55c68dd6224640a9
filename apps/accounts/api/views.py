from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from apps.accounts import sign_in_hooks, two_factor
from apps.accounts.api.serializers import MeSerializer, TokenRequestSerializer, TokenResponseSerializer
from apps.accounts.middleware import OPERATOR_API_MESSAGE
from apps.accounts.selectors import me_payload
from apps.accounts.sign_ins import token_issue


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
            403: OpenApiResponse(description="A platform operator account, or two-factor sign-in to set up first"),
            429: OpenApiResponse(description="Locked out after repeated failures (this account, or this address)"),
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
            # AxesMiddleware answers with apps.accounts.lockout.lockout_response (429) in any case.
            return Response(
                {"detail": "Too many failed sign-in attempts. Try again later."},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            return Response(
                {"detail": "Unable to sign in with the given username and password."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if user.organisation_id is None:
            return Response({"detail": OPERATOR_API_MESSAGE}, status=status.HTTP_403_FORBIDDEN)
        refusal = sign_in_hooks.password_refusal(user)
        if refusal:
            return Response({"detail": refusal}, status=status.HTTP_403_FORBIDDEN)
        second_factor = two_factor.state_at_sign_in(user) == two_factor.PENDING
        if second_factor:
            if not two_factor.verify_token(user, otp):
                return Response(
                    {"otp": ["Enter the current 6-digit code from your authenticator app."]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        elif two_factor.two_factor_required(user):
            return Response({"detail": two_factor.STEP_UP_API_MESSAGE}, status=status.HTTP_403_FORBIDDEN)
        instance, token = token_issue(user=user, second_factor=second_factor)
        # The signal lets axes log the success and clear the account's failures; the flag keeps
        # the sign-in receiver from recording a browser session for an API client.
        request._request.pspteam_token_sign_in = True
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
