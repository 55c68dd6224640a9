"""The set-up steps the People pages do (registered in ``apps.py``; see ``apps.core.setup``)."""

from django.db.models import QuerySet

from apps.accounts.models import Organisation, User


def time_zone_checked(organisation: Organisation) -> QuerySet[Organisation]:
    """An org admin has saved the time zone (the default may be wrong, so saving is the check)."""
    return Organisation.objects.filter(pk=organisation.pk, time_zone_checked_at__isnull=False)


def people_added(organisation: Organisation) -> QuerySet[User]:
    """Someone other than the organisation's admins has an account."""
    return User.objects.filter(organisation=organisation, is_org_admin=False).exclude(status=User.Status.LEFT)
