"""Single sign-on (OpenID Connect) per organisation: the provider's settings and who is who there.

* ``ProviderSettings``: one per organisation. The client secret is stored encrypted
  (:mod:`apps.sso.sealing`) or read from an environment variable; it is never shown again.
* ``AllowedDomain``: the e-mail domains whose people may sign in with the organisation's
  provider. A domain belongs to one organisation only: the sign-in page finds the provider
  from the domain of the e-mail address someone types.
* ``Identity``: a person's account at the provider (``issuer`` + ``sub``, the only claims the
  OpenID Connect spec promises are stable), linked to one pspteam account.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel


class ProviderSettings(TimeStampedModel):
    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, related_name="sso")
    enabled = models.BooleanField(default=False)
    # e.g. https://login.microsoftonline.com/<tenant-id>/v2.0 (discovery at
    # <issuer>/.well-known/openid-configuration; the ID token's ``iss`` must equal it).
    issuer = models.URLField(max_length=300)
    client_id = models.CharField(max_length=200)
    # Fernet token of the client secret (apps/sso/sealing.py); empty when it comes from the environment.
    client_secret_sealed = models.TextField(blank=True, default="")
    # Name of an environment variable holding the secret instead (wins over the stored one).
    client_secret_env = models.CharField(max_length=100, blank=True, default="")
    client_secret_set_at = models.DateTimeField(null=True, blank=True)
    # People with no pspteam account yet get one at their first sign-in (with no team).
    create_accounts = models.BooleanField(default=False)
    # An account with no linked identity is linked when the provider vouches for its e-mail address.
    link_by_email = models.BooleanField(default=False)
    # The provider's ``amr`` values that count as a second factor (space-separated); empty: never.
    mfa_amr_values = models.CharField(max_length=200, blank=True, default="mfa")
    # Password sign-in is off for everyone in the organisation except the break-glass admin.
    sso_only = models.BooleanField(default=False)
    break_glass_admin = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "single sign-on settings"
        verbose_name_plural = "single sign-on settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(sso_only=False) | Q(break_glass_admin__isnull=False),
                name="sso_only_needs_break_glass_admin",
            ),
        ]

    def __str__(self) -> str:
        return f"single sign-on of {self.organisation}"

    @property
    def amr_values(self) -> set[str]:
        return set(self.mfa_amr_values.split())

    @property
    def has_secret(self) -> bool:
        return bool(self.client_secret_sealed or self.client_secret_env)


class AllowedDomain(models.Model):
    provider = models.ForeignKey(ProviderSettings, on_delete=models.CASCADE, related_name="domains")
    # Lower-case, IDNA (punycode) form.
    domain = models.CharField(max_length=253)

    class Meta:
        ordering = ["domain"]
        constraints = [
            # The sign-in page finds the provider by domain: one organisation per domain.
            models.UniqueConstraint(fields=["domain"], name="sso_domain_unique"),
        ]

    def __str__(self) -> str:
        return self.domain


class Identity(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(max_length=300)
    sub = models.CharField(max_length=255)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "identities"
        constraints = [
            # Sign-in looks a person up by (issuer, sub): one account per provider identity.
            models.UniqueConstraint(fields=["issuer", "sub"], name="sso_identity_issuer_sub_unique"),
            # One identity per person at a provider: a second ``sub`` for the same account is refused.
            models.UniqueConstraint(fields=["user", "issuer"], name="sso_identity_user_issuer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.issuer}"
