"""Every write of single sign-on: the organisation's settings, and signing someone in (finding,
linking or creating their account from the ID token's claims)."""

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.accounts import names
from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import require
from apps.notifications.services import notify
from apps.sso import sealing
from apps.sso.models import AllowedDomain, Identity, ProviderSettings

logger = logging.getLogger(__name__)

ACCOUNT_CREATED = "sso_account_created"  # notification kind


class SignInRefused(Exception):
    """A sign-in the provider vouched for, that our rules refuse. ``reason`` is a short code for
    the audit trail and logs (never a claim's value); ``message`` is for the person."""

    def __init__(self, reason: str, message: str):
        super().__init__(reason)
        self.reason = reason
        self.message = message


class LinkNeedsConsent(Exception):
    """The verified e-mail matches an account its owner has made their own (they set their own
    password: ``own_credentials_at``). The org admin allowing links is not that person's consent:
    whoever runs the provider could otherwise sign in as anyone in the organisation and read their
    private entries. The person proves the account is theirs with their own password (and second
    factor) once, then the link is made (``identity_link_confirmed``)."""

    def __init__(self, user: User):
        super().__init__("link_needs_consent")
        self.user = user


# --- settings -------------------------------------------------------------------------------


@dataclass
class SettingsInput:
    enabled: bool
    issuer: str
    client_id: str
    client_secret: str  # empty: keep the stored one
    client_secret_env: str
    domains: list[str]
    create_accounts: bool
    link_by_email: bool
    mfa_amr_values: str
    sso_only: bool
    break_glass_admin: User | None


@transaction.atomic
def provider_settings_save(*, actor: User, data: SettingsInput) -> ProviderSettings:
    """Create or change the organisation's single sign-on settings (org admins only)."""
    organisation_id = actor.organisation_id
    require(actor.is_org_admin and organisation_id is not None, "Only an org admin can change single sign-on.")
    assert organisation_id is not None
    provider = ProviderSettings.objects.select_for_update().filter(organisation_id=organisation_id).first()
    created = provider is None
    if provider is None:
        provider = ProviderSettings(organisation_id=organisation_id)
    errors: dict[str, str] = {}
    if data.sso_only:
        if data.break_glass_admin is None:
            errors["break_glass_admin"] = (
                "Name the org admin who may still sign in with a password, in case the provider is down."
            )
        elif not data.enabled:
            errors["sso_only"] = "Turn single sign-on on before making it the only way in."
    if data.break_glass_admin is not None and not (
        data.break_glass_admin.organisation_id == organisation_id
        and data.break_glass_admin.is_org_admin
        and data.break_glass_admin.is_active
    ):
        errors["break_glass_admin"] = "Choose a current org admin of your organisation."
    taken = AllowedDomain.objects.filter(domain__in=data.domains).exclude(provider__organisation_id=organisation_id)
    if taken.exists():
        errors["domains"] = f"Another organisation signs in people of {', '.join(d.domain for d in taken)}."
    if data.enabled and not data.domains:
        errors["domains"] = "Give at least one e-mail domain whose people sign in this way."
    if data.enabled and not (data.client_secret or data.client_secret_env or provider.client_secret_sealed):
        errors["client_secret"] = "Enter the client secret (or the name of the environment variable holding it)."
    if errors:
        raise ValidationError(errors)
    provider.enabled = data.enabled
    provider.issuer = data.issuer
    provider.client_id = data.client_id
    provider.client_secret_env = data.client_secret_env
    if data.client_secret:
        provider.client_secret_sealed = sealing.seal(data.client_secret)
        provider.client_secret_set_at = timezone.now()
    provider.create_accounts = data.create_accounts
    provider.link_by_email = data.link_by_email
    provider.mfa_amr_values = data.mfa_amr_values
    provider.sso_only = data.sso_only
    provider.break_glass_admin = data.break_glass_admin
    provider.save()
    AllowedDomain.objects.filter(provider=provider).exclude(domain__in=data.domains).delete()
    existing = set(AllowedDomain.objects.filter(provider=provider).values_list("domain", flat=True))
    AllowedDomain.objects.bulk_create(
        [AllowedDomain(provider=provider, domain=domain) for domain in data.domains if domain not in existing]
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        target=provider,
        detail="single sign-on settings" + (" (new client secret)" if data.client_secret else ""),
    )
    return provider


# --- signing in -------------------------------------------------------------------------------


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def _email_verified(claims: dict[str, Any]) -> bool:
    # ``email_verified`` (OpenID Connect); Microsoft Entra ID says the same with ``xms_edov``
    # ("e-mail domain owner verified"), an optional claim the README asks IT to add.
    return claims.get("email_verified") is True or claims.get("xms_edov") is True


def _usable(user: User) -> bool:
    return user.is_active and user.status != User.Status.LEFT


def second_factor_used(provider: ProviderSettings, claims: dict[str, Any]) -> bool:
    """The provider says a second factor was used: its ``amr`` holds one of the configured values."""
    amr = claims.get("amr")
    return isinstance(amr, list) and bool(provider.amr_values & {str(value) for value in amr})


@transaction.atomic
def sign_in_resolve(*, provider: ProviderSettings, claims: dict[str, Any]) -> tuple[User, bool]:
    """The account these (already verified) ID-token claims sign in to, and whether it was made
    just now. Matched by ``sub``; otherwise an existing account is linked by verified e-mail if
    the org admin allows it; otherwise one is made if they allow that. ``SignInRefused`` else."""
    sub = str(claims.get("sub") or "")
    email = User.objects.normalize_email(str(claims.get("email") or "").strip()).lower()
    if not sub:
        raise SignInRefused("no_sub", "Your organisation's sign-in service did not say who you are.")
    domains = set(provider.domains.values_list("domain", flat=True))
    if not email or email_domain(email) not in domains:
        raise SignInRefused(
            "domain_not_allowed",
            "Your organisation has not opened single sign-on to this e-mail address. "
            "Ask your org admin, or sign in with your password.",
        )
    identity = Identity.objects.select_related("user").filter(issuer=provider.issuer, sub=sub).first()
    if identity is not None:
        user = identity.user
        if user.organisation_id != provider.organisation_id or not _usable(user):
            raise SignInRefused("account_unavailable", "This account cannot sign in. Ask your org admin.")
        Identity.objects.filter(pk=identity.pk).update(last_sign_in_at=timezone.now())
        return user, False
    if not _email_verified(claims):
        raise SignInRefused(
            "email_unverified",
            "Your organisation's sign-in service has not confirmed your e-mail address, so we cannot "
            "match it to an account. Ask your org admin.",
        )
    matches = list(
        User.objects.select_for_update()
        .filter(organisation_id=provider.organisation_id, email__iexact=email)
        .exclude(status=User.Status.LEFT)
    )
    if len(matches) > 1:
        raise SignInRefused("email_ambiguous", "More than one account has this e-mail address. Ask your org admin.")
    if matches:
        user = matches[0]
        if not provider.link_by_email:
            raise SignInRefused(
                "link_not_allowed",
                "You have an account, but it is not linked to your organisation's sign-in yet. "
                "Sign in with your password, or ask your org admin to allow linking.",
            )
        if not _usable(user):
            raise SignInRefused("account_unavailable", "This account cannot sign in. Ask your org admin.")
        if Identity.objects.filter(user=user, issuer=provider.issuer).exists():
            # The account is linked to another person at the provider: never re-link on e-mail.
            raise SignInRefused(
                "sub_collision",
                "This account is already linked to a different sign-in at your organisation. Ask your org admin.",
            )
        if user.own_credentials_at is not None:
            raise LinkNeedsConsent(user)
        _identity_link(user=user, provider=provider, sub=sub, detail="linked to single sign-on by verified e-mail")
        return user, False
    if not provider.create_accounts:
        raise SignInRefused(
            "no_account",
            "There is no pspteam account for you yet. Ask your org admin to add you.",
        )
    user = _account_create(provider=provider, email=email, claims=claims)
    _identity_create(user=user, provider=provider, sub=sub)
    audit_record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        target=user,
        subject=user,
        detail="account made at first single sign-on",
    )
    for admin in User.objects.filter(organisation_id=provider.organisation_id, is_org_admin=True, is_active=True):
        notify(
            recipient=admin,
            kind=ACCOUNT_CREATED,
            message="{about} signed in with single sign-on for the first time. Their account was made "
            "and is in no team yet: add them to a team on the People page.",
            link=f"/people/{user.pk}/edit/",
            about=user,
            email=True,
        )
    return user, True


@transaction.atomic
def identity_link_confirmed(*, user: User, provider_id: str, sub: str) -> Identity:
    """Link ``user`` to the provider's ``sub`` after they signed in with their own password (and
    second factor, where they have one) in the same browser that came back from the provider.
    Every rule of ``sign_in_resolve`` is asked again: anything may have changed meanwhile."""
    provider = ProviderSettings.objects.filter(pk=provider_id, enabled=True).first()
    if provider is None or provider.organisation_id != user.organisation_id or not provider.link_by_email:
        raise SignInRefused(
            "link_not_allowed", "Your organisation no longer allows linking accounts. Ask your org admin."
        )
    if not _usable(user):
        raise SignInRefused("account_unavailable", "This account cannot sign in. Ask your org admin.")
    if (
        Identity.objects.filter(issuer=provider.issuer, sub=sub).exists()
        or Identity.objects.filter(user=user, issuer=provider.issuer).exists()
    ):
        raise SignInRefused(
            "sub_collision",
            "This account is already linked to a different sign-in at your organisation. Ask your org admin.",
        )
    return _identity_link(
        user=user,
        provider=provider,
        sub=sub,
        detail="linked to single sign-on by verified e-mail, confirmed with their own password",
    )


def _identity_link(*, user: User, provider: ProviderSettings, sub: str, detail: str) -> Identity:
    identity = _identity_create(user=user, provider=provider, sub=sub)
    audit_record(actor=user, action=AuditEvent.Action.UPDATE, target=user, subject=user, detail=detail)
    return identity


def _identity_create(*, user: User, provider: ProviderSettings, sub: str) -> Identity:
    try:
        with transaction.atomic():
            return Identity.objects.create(user=user, issuer=provider.issuer, sub=sub, last_sign_in_at=timezone.now())
    except IntegrityError:
        # The same person signing in twice at once, or the account linked meanwhile.
        raise SignInRefused("sub_collision", "This sign-in is already linked to an account. Try again.") from None


def _free_username(email: str) -> str:
    taken = User.objects.filter(Q(username_key=names.username_key(email)) | Q(username=email)).exists()
    return email if not taken else f"{email.partition('@')[0]}.{secrets.token_hex(3)}"


def _account_create(*, provider: ProviderSettings, email: str, claims: dict[str, Any]) -> User:
    name = (
        names.clean_display_name(
            str(claims.get("name") or " ".join(str(claims.get(k) or "") for k in ("given_name", "family_name")))
        )
        or email.partition("@")[0]
    )
    clash = User.objects.filter(organisation_id=provider.organisation_id).exclude(status=User.Status.LEFT)
    if clash.filter(display_name_key=names.display_name_key(name)).exists():
        name = names.clean_display_name(f"{name} ({email})")
    user = User(
        organisation_id=provider.organisation_id,
        username=_free_username(email),
        display_name=name,
        email=email,
        own_credentials_at=timezone.now(),
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise SignInRefused("account_clash", "An account like yours exists already. Ask your org admin.") from None
    return user


def sign_in_refused_record(*, provider: ProviderSettings, reason: str) -> None:
    """A refused sign-in, in the organisation's audit trail (no person: nobody signed in) and the log."""
    logger.warning("single sign-on refused", extra={"organisation": str(provider.organisation_id), "reason": reason})
    audit_record(actor=None, action=AuditEvent.Action.CREATE, target=provider, detail=f"sign-in refused: {reason}")


def sign_in_record(*, user: User, provider: ProviderSettings, second_factor: bool) -> None:
    audit_record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        target=provider,
        subject=user,
        detail="signed in with single sign-on" + (" (provider's second factor)" if second_factor else ""),
    )
