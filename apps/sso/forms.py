import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from apps.accounts.models import User
from apps.sso.models import ProviderSettings

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^xn--[a-z0-9-]+$")
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,99}$")


class WorkEmailForm(forms.Form):
    email = forms.CharField(
        label="Your work e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We send you to your organisation's own sign-in page.",
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError("Enter your work e-mail address, like name@your-trust.nhs.uk.") from None
        return email


class LinkPasswordForm(forms.Form):
    password = forms.CharField(
        label="Your pspteam password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Once only: it shows this account is yours before it is linked.",
    )


def _parse_domains(value: str) -> list[str]:
    domains = []
    for raw in re.split(r"[\s,;]+", value or ""):
        raw = raw.strip().lstrip("@").rstrip(".").lower()
        if not raw:
            continue
        try:
            domain = raw.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValidationError(f"“{raw}” is not an e-mail domain (like your-trust.nhs.uk).") from None
        if not _DOMAIN.match(domain):
            raise ValidationError(f"“{raw}” is not an e-mail domain (like your-trust.nhs.uk).")
        if domain not in domains:
            domains.append(domain)
    return domains


class ProviderSettingsForm(forms.Form):
    enabled = forms.BooleanField(label="Single sign-on is on", required=False)
    issuer = forms.URLField(
        label="Issuer URL",
        max_length=300,
        assume_scheme="https",
        help_text="Microsoft Entra ID: https://login.microsoftonline.com/<your tenant id>/v2.0",
    )
    client_id = forms.CharField(label="Client (application) id", max_length=200)
    client_secret = forms.CharField(
        label="Client secret",
        required=False,
        max_length=500,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Stored encrypted and never shown again. Leave empty to keep the one stored.",
    )
    client_secret_env = forms.CharField(
        label="Or: name of the environment variable holding the secret",
        required=False,
        max_length=100,
        help_text="For IT teams who keep secrets out of the database, e.g. SSO_CLIENT_SECRET. It wins over a stored one.",
    )
    domains = forms.CharField(
        label="E-mail domains that sign in this way",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One per line, e.g. your-trust.nhs.uk. Only people with an address at one of these may sign in.",
    )
    create_accounts = forms.BooleanField(
        label="Make an account at first sign-in for people who have none",
        required=False,
        help_text="Off by default. New accounts start in no team; org admins are told.",
    )
    link_by_email = forms.BooleanField(
        label="Link existing accounts by e-mail address",
        required=False,
        help_text="When the sign-in service confirms someone's address, their existing account here is linked to it.",
    )
    mfa_amr_values = forms.CharField(
        label="Sign-in methods that count as two-factor",
        required=False,
        max_length=200,
        help_text="The provider's “amr” values, separated by spaces (usually: mfa). Empty: people always "
        "enter their code from pspteam's own authenticator set-up when their role needs it.",
    )
    sso_only = forms.BooleanField(
        label="Single sign-on only: turn off password sign-in",
        required=False,
        help_text="Everyone must sign in through your organisation, except the break-glass org admin below.",
    )
    break_glass_admin = forms.ModelChoiceField(
        label="Break-glass org admin",
        queryset=User.objects.none(),
        required=False,
        help_text="This org admin may still sign in with a password (and their code), e.g. when the sign-in service is down.",
    )

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["break_glass_admin"].queryset = User.objects.filter(
            organisation_id=organisation_id, is_org_admin=True, is_active=True
        ).exclude(status=User.Status.LEFT)

    def clean_issuer(self) -> str:
        issuer = self.cleaned_data["issuer"].strip().rstrip("/")
        if not issuer.startswith("https://") and not settings.SSO_ALLOW_HTTP_ISSUER:
            raise ValidationError("The issuer URL must start with https://.")
        return issuer

    def clean_client_secret_env(self) -> str:
        name = self.cleaned_data["client_secret_env"].strip()
        if name and not _ENV_NAME.match(name):
            raise ValidationError("Capital letters, digits and underscores only, e.g. SSO_CLIENT_SECRET.")
        return name

    def clean_domains(self) -> list[str]:
        return _parse_domains(self.cleaned_data["domains"])

    def clean_mfa_amr_values(self) -> str:
        values = self.cleaned_data["mfa_amr_values"].split()
        if any(not re.fullmatch(r"[A-Za-z0-9_.:-]{1,40}", value) for value in values):
            raise ValidationError("Short method names separated by spaces, e.g. mfa.")
        return " ".join(values)

    @staticmethod
    def initial_for(provider: ProviderSettings | None) -> dict:
        if provider is None:
            return {"mfa_amr_values": "mfa"}
        return {
            "enabled": provider.enabled,
            "issuer": provider.issuer,
            "client_id": provider.client_id,
            "client_secret_env": provider.client_secret_env,
            "domains": "\n".join(provider.domains.values_list("domain", flat=True)),
            "create_accounts": provider.create_accounts,
            "link_by_email": provider.link_by_email,
            "mfa_amr_values": provider.mfa_amr_values,
            "sso_only": provider.sso_only,
            "break_glass_admin": provider.break_glass_admin_id,
        }
