import django_filters
from django.db.models import Q

from apps.core.capabilities import caps
from apps.roles.models import Assignment, RoleDefinition


class RoleDefinitionFilter(django_filters.FilterSet):
    class Meta:
        model = RoleDefinition
        fields = ["team", "status", "kind", "lineage"]


class AssignmentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        field_name="role_definition__kind", choices=RoleDefinition.Kind.choices, label="Kind of role"
    )
    acknowledged = django_filters.BooleanFilter(method="filter_acknowledged", label="Acknowledged by the worker")
    state = django_filters.ChoiceFilter(
        method="filter_state",
        choices=[("active", "In force today"), ("upcoming", "Starts later"), ("ended", "Ended")],
        label="State today",
    )

    class Meta:
        model = Assignment
        fields = ["team", "worker", "role_definition"]

    def filter_acknowledged(self, queryset, name, value):
        return queryset.filter(acknowledged_at__isnull=not value)

    def filter_state(self, queryset, name, value):
        today = caps(self.request.user).today
        if value == "active":
            return queryset.active(today)
        if value == "upcoming":
            return queryset.filter(starts_on__gt=today)
        return queryset.filter(Q(ends_on__lt=today))
