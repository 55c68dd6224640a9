from django.contrib import admin

from apps.roles.models import Assignment, Duty, RoleDefinition


class DutyInline(admin.TabularInline):
    model = Duty
    extra = 0


@admin.register(RoleDefinition)
class RoleDefinitionAdmin(admin.ModelAdmin):
    list_display = ("title", "version", "status", "kind", "team", "organisation")
    list_filter = ("status", "kind", "organisation")
    search_fields = ("title",)
    readonly_fields = ("lineage", "version", "status", "published_at", "retired_at")
    inlines = [DutyInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("worker", "role_definition", "team", "starts_on", "ends_on", "hours_per_week", "acknowledged_at")
    list_filter = ("team",)
    # acknowledged_at is the worker's own act: never set from the admin either.
    readonly_fields = ("acknowledged_at",)
