"""API token authentication: knox's tokens, two queries lighter on every request.

knox's ``TokenAuthentication`` loads the token with its user, then (``_cleanup_token``) every
other token of that user, to delete the expired ones, on every request; and the user's
organisation, which every request needs for ``caps(user).today``, is one more query later.
This subclass joins the organisation to the token lookup and checks only the presented token's
expiry (an expired one is still refused and deleted): expired tokens of the user are deleted by
the hourly housekeeping task (``apps.core.services.housekeeping_run``) instead.

Measured in ``bench/`` (the reflection list API: 7 queries -> 5).

The same query loads the token's ``TokenSignIn`` (whether a second factor was used): a token
issued without one is refused (403) as soon as its user's role requires two factors
(``apps.accounts.two_factor``), except to revoke itself.
"""

import binascii
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth as knox_auth
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework import exceptions

from apps.accounts import two_factor


class TokenAuthentication(knox_auth.TokenAuthentication):
    def authenticate_credentials(self, token):
        msg = _("Invalid token.")
        token = token.decode("utf-8")
        candidates = get_token_model().objects.filter(token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH])
        for auth_token in candidates.select_related("user__organisation", "sign_in"):
            if auth_token.expiry is not None and auth_token.expiry < timezone.now():
                username = auth_token.user.get_username()
                auth_token.delete()
                token_expired.send(sender=self.__class__, username=username, source="auth_token")
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error):
                raise exceptions.AuthenticationFailed(msg) from None
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(msg)

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            user, auth_token = result
            match = getattr(request._request, "resolver_match", None)
            revoking = match is not None and match.url_name == "auth-logout"
            if not revoking and two_factor.token_refused(user, auth_token):
                raise exceptions.PermissionDenied(two_factor.STEP_UP_API_MESSAGE)
        return result


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme of this class: knox's (``Authorization: Token …``)."""

    target_class = "apps.accounts.api.authentication.TokenAuthentication"
