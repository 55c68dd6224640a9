"""Organisations and their first admin."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Organisation, User
from apps.accounts.names import clean_display_name, username_key


@transaction.atomic
def organisation_create(
    *,
    name: str,
    admin_username: str,
    admin_password: str,
    time_zone: str = "Europe/London",
    admin_email: str = "",
    admin_display_name: str = "",
) -> tuple[Organisation, User]:
    """First run: an organisation and its first org admin (no actor exists yet)."""
    name = name.strip()
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"An organisation called “{name}” already exists."})
    organisation = Organisation(name=name, time_zone=time_zone)
    organisation.full_clean()
    organisation.save()
    if User.objects.filter(username_key=username_key(admin_username)).exists():
        raise ValidationError({"admin": f"The username “{admin_username}” is already taken."})
    admin = User(
        organisation=organisation,
        username=admin_username,
        display_name=clean_display_name(admin_display_name) or admin_username,
        email=admin_email,
        worker_kind=User.WorkerKind.OTHER,
        is_org_admin=True,
    )
    try:
        validate_password(admin_password, user=admin)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    admin.set_password(admin_password)
    admin.save()
    return organisation, admin


def own_credentials_record(user: User) -> None:
    """``user`` has just set a password through a link sent to their own address (or signed in
    by single sign-on): from now on their credentials are theirs alone. Only the first time is
    kept; a password typed by someone else never gets here."""
    User.objects.filter(pk=user.pk, own_credentials_at__isnull=True).update(own_credentials_at=timezone.now())
