"""Reads of single sign-on: which provider serves an e-mail address, and an org's settings."""

from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.sso.models import AllowedDomain, ProviderSettings


def provider_for_email(email: str) -> ProviderSettings | None:
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    row = AllowedDomain.objects.select_related("provider").filter(domain=domain, provider__enabled=True).first()
    return row.provider if row is not None else None


def provider_enabled(provider_id: str | None) -> ProviderSettings | None:
    if not provider_id:
        return None
    try:
        return ProviderSettings.objects.filter(pk=provider_id, enabled=True).first()
    except ValidationError:  # not a UUID
        return None


def provider_settings_for(user: User) -> ProviderSettings | None:
    if user.organisation_id is None:
        return None
    return ProviderSettings.objects.filter(organisation_id=user.organisation_id).first()
