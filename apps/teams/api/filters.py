import django_filters
from django.db.models import Q

from apps.core.capabilities import caps
from apps.teams.models import Membership, Team


class TeamFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    # archived=true: archived_at is set; without the parameter the view lists teams in use only.
    archived = django_filters.BooleanFilter(
        field_name="archived_at",
        lookup_expr="isnull",
        exclude=True,
        label="true: archived teams only; false or absent: teams in use only",
    )

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
