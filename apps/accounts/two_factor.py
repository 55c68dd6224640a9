"""Two-factor authentication (TOTP, django-otp): available to everyone, required for org
admins, managers and supervisors when ``TWO_FACTOR_REQUIRED`` is on (production default).

**Step-up follows the role.** A browser session (its ``SESSION_KEY`` state) and an API token
(its ``TokenSignIn`` row, read in the same query as the token) each record whether a second
factor was used when they were created. While the requirement is on, every request made
without one by a user whose role requires it is refused at once, however and whenever the
role began: a team role of manager or supervisor, an active supervision agreement as the
supervisor, org admin. Pages go to the verify or set-up page; the API answers 403 saying how
to set it up. Requests made with a second factor pay nothing; the others ask the role
question once per request through ``caps`` (whose answers the view then reuses).
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from apps.accounts.models import User
from apps.core.capabilities import caps

SESSION_KEY = "_psp_2fa"
NONE = "none"  # no device; allowed unless required
PENDING = "pending"  # has a device, second step not done yet
VERIFIED = "verified"


STEP_UP_API_MESSAGE = (
    "Your role needs two-factor sign-in, and this request was made without it. Set it up in the "
    "browser at /accounts/two-factor/setup/ (if you have not yet), then sign in again: request a "
    "new token from /api/v1/auth/token/ with the 6-digit code from your authenticator app as `otp`."
)
STEP_UP_SESSION_MESSAGE = (
    "Your role needs two-factor sign-in: set it up (or enter your code) at /accounts/two-factor/setup/."
)


def is_privileged(user: User) -> bool:
    """Who must use two factors: org admins, team managers and supervisors, and anyone who
    supervises someone (they read other people's sensitive entries); and platform operators
    (staff or superusers without an organisation)."""
    if user.organisation_id is None:
        return bool(user.is_staff or user.is_superuser)
    my = caps(user)
    return my.is_org_admin or bool(my.supervisee_ids) or my.leads_a_team


def two_factor_required(user: User) -> bool:
    return settings.TWO_FACTOR_REQUIRED and is_privileged(user)


def state_at_sign_in(user: User) -> str:
    return PENDING if user_has_device(user, confirmed=True) else NONE


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def verify_token(user: User, token: str) -> bool:
    """Check a 6-digit code against the user's confirmed TOTP device (rate-limited by django-otp)."""
    device = confirmed_totp_device(user)
    if device is None or not token:
        return False
    token = "".join(token.split())
    return bool(device.verify_is_allowed()[0] and device.verify_token(token))


def has_confirmed_device(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def token_has_second_factor(auth_token: AuthToken) -> bool:
    """Whether this knox token was issued with a second factor (its ``TokenSignIn`` row, which
    the token authentication loads in the same query)."""
    try:
        return bool(auth_token.sign_in.second_factor)
    except ObjectDoesNotExist:
        return False


def token_refused(user: User, auth_token: AuthToken) -> bool:
    """A token issued without a second factor, used by someone whose role now requires one."""
    return settings.TWO_FACTOR_REQUIRED and not token_has_second_factor(auth_token) and is_privileged(user)
