import django_filters
from django.db.models import Q

from apps.accounts.models import User


class WorkerFilter(django_filters.FilterSet):
    team = django_filters.UUIDFilter(field_name="memberships__team", distinct=True)
    search = django_filters.CharFilter(method="filter_search")

    class Meta:
        model = User
        fields = ["worker_kind", "status", "is_org_admin"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(display_name__icontains=value) | Q(username__icontains=value))
