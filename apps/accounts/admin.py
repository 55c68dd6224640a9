from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from apps.accounts.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "time_zone", "created_at")
    search_fields = ("name",)


@admin.register(User)
class WorkerAdmin(UserAdmin):
    list_display = ("username", "display_name", "organisation", "worker_kind", "status", "is_org_admin")
    list_filter = ("organisation", "worker_kind", "status", "is_org_admin")
    fieldsets = UserAdmin.fieldsets + (
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
