import django_filters
from django.db.models import Q

from apps.core.capabilities import caps
from apps.teams.models import Membership, Team


class TeamFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Team
        fields = ["setting"]


class MembershipFilter(django_filters.FilterSet):
    active = django_filters.BooleanFilter(method="filter_active", label="Only memberships in force today")

    class Meta:
        model = Membership
        fields = ["team", "worker", "team_role"]

    def filter_active(self, queryset, name, value):
        today = caps(self.request.user).today
        current = Q(joined_on__lte=today) & (Q(left_on__isnull=True) | Q(left_on__gt=today))
        return queryset.filter(current) if value else queryset.exclude(current)
