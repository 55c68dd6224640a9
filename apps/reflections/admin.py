from django.contrib import admin

from apps.reflections.models import Reflection


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    """Metadata only: the admin never shows a reflection's title or text (most sensitive data)."""

    list_display = ("pk", "organisation", "author", "framework", "visibility", "is_draft", "occurred_on")
    list_filter = ("framework", "visibility", "is_draft")
    fields = ("organisation", "author", "framework", "visibility", "team", "is_draft", "occurred_on")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
