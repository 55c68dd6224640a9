"""What single sign-on tells accounts about signing in and out (``apps.accounts.sign_in_hooks``)."""

from django.http import HttpRequest
from django.urls import reverse

from apps.accounts.models import User
from apps.sso import client
from apps.sso.models import ProviderSettings

SESSION_SIGNED_IN = "_psp_sso"  # {"provider": id, "id_token": ...} of a session begun at the provider

SSO_ONLY_MESSAGE = (
    "Your organisation signs in with its own sign-in service only. Use “Sign in with your organisation” below."
)


def password_refusal(user: User) -> str | None:
    """In an SSO-only organisation, only the named break-glass org admin may use a password."""
    if user.organisation_id is None:
        return None
    provider = ProviderSettings.objects.filter(
        organisation_id=user.organisation_id, enabled=True, sso_only=True
    ).first()
    if provider is None or provider.break_glass_admin_id == user.pk:
        return None
    return SSO_ONLY_MESSAGE


def provider_sign_out_url(request: HttpRequest) -> str | None:
    signed_in = request.session.get(SESSION_SIGNED_IN)
    if not signed_in:
        return None
    provider = ProviderSettings.objects.filter(pk=signed_in["provider"]).first()
    if provider is None:
        return None
    return client.end_session_url(
        provider,
        id_token=signed_in["id_token"],
        post_logout_redirect_uri=request.build_absolute_uri(reverse("accounts:login")),
    )
