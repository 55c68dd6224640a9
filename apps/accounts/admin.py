from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from apps.accounts.models import Organisation, User
from apps.accounts.sign_ins import sign_ins_end


class EndingSignInsPasswordForm(AdminPasswordChangeForm):
    """An operator setting someone's password ends every session and API token of that account,
    as a password change or reset does (apps.accounts.sign_ins). The operator typed it, so it is
    not the person's own any more (``own_credentials_at``: the team voice stops counting them
    until they set one through a link sent to them)."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            sign_ins_end(user=user)
            User.objects.filter(pk=user.pk).update(own_credentials_at=None)
            user.own_credentials_at = None
        return user


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "time_zone", "created_at")
    search_fields = ("name",)


@admin.register(User)
class WorkerAdmin(UserAdmin):
    change_password_form = EndingSignInsPasswordForm
    list_display = ("username", "display_name", "organisation", "worker_kind", "status", "is_org_admin")
    list_filter = ("organisation", "worker_kind", "status", "is_org_admin")
    fieldsets = tuple(UserAdmin.fieldsets or ()) + (
        (
            "pspteam",
            {
                "fields": (
                    "organisation",
                    "display_name",
                    "worker_kind",
                    "status",
                    "contracted_hours_per_week",
                    "is_org_admin",
                    "stepped_away_until",
                )
            },
        ),
    )
