import django_filters

from apps.core.capabilities import caps
from apps.teams.models import Membership, Team, in_force


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
        current = in_force(caps(self.request.user).today)
        return queryset.filter(current) if value else queryset.exclude(current)
