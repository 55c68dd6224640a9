import django_filters
from django.db.models import Q

from apps.core.capabilities import caps
from apps.supervision.models import Agreement, SupervisionSession
from apps.supervision.state import State


class AgreementFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices)
    in_force = django_filters.BooleanFilter(method="filter_in_force", label="Only agreements in force today")

    class Meta:
        model = Agreement
        fields = ["supervisee", "supervisor", "kind", "status"]

    def filter_in_force(self, queryset, name, value):
        today = caps(self.request.user).today
        # The same rule as Agreement.objects.active(): agreed to by both, started, not ended.
        current = Q(status=Agreement.Status.ACTIVE, starts_on__lte=today) & (
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
        return queryset.filter(current) if value else queryset.exclude(current)


class SessionFilter(django_filters.FilterSet):
    agreement = django_filters.UUIDFilter(method="filter_agreement")
    # <field>_after / <field>_before, inclusive, as every date range of the API (docs/api.md).
    held_on = django_filters.DateFromToRangeFilter(label="Held between (`held_on_after`, `held_on_before`, inclusive)")

    class Meta:
        model = SupervisionSession
        fields = []

    def filter_agreement(self, queryset, name, value):
        through = SupervisionSession.agreements.through
        return queryset.filter(pk__in=through.objects.filter(agreement_id=value).values("supervisionsession_id"))
