"""Two-factor authentication (TOTP, django-otp): available to everyone, required for org
admins, managers and supervisors when ``TWO_FACTOR_REQUIRED`` is on (production default).

The session carries the user's two-factor state (set at sign-in), so that ordinary
requests need no extra query to know whether a second step is pending.
"""

from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_KEY = "_psp_2fa"
NONE = "none"  # no device; allowed unless required
PENDING = "pending"  # has a device, second step not done yet
VERIFIED = "verified"


def is_privileged(user) -> bool:
    """Who must use two factors: org admins, team managers and supervisors, and anyone who
    supervises someone (they read other people's sensitive entries)."""
    from apps.core.capabilities import caps
    from apps.teams.models import Membership

    my = caps(user)
    if my.is_org_admin or my.supervisee_ids:
        return True
    return any(role in (Membership.TeamRole.MANAGER, Membership.TeamRole.SUPERVISOR) for role in my.team_roles.values())


def two_factor_required(user) -> bool:
    return settings.TWO_FACTOR_REQUIRED and is_privileged(user)


def state_at_sign_in(user) -> str:
    return PENDING if user_has_device(user, confirmed=True) else NONE


def confirmed_totp_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def verify_token(user, token: str) -> bool:
    """Check a 6-digit code against the user's confirmed TOTP device (rate-limited by django-otp)."""
    device = confirmed_totp_device(user)
    if device is None or not token:
        return False
    token = "".join(token.split())
    return bool(device.verify_is_allowed()[0] and device.verify_token(token))
