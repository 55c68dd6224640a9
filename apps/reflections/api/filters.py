import django_filters
from django.db.models import Q

from apps.reflections.frameworks import framework_choices
from apps.reflections.models import Reflection


class ReflectionFilter(django_filters.FilterSet):
    framework = django_filters.ChoiceFilter(choices=framework_choices)
    visibility = django_filters.ChoiceFilter(choices=Reflection.Visibility.choices)
    team = django_filters.UUIDFilter(field_name="team_id")
    author = django_filters.UUIDFilter(field_name="author_id")
    perspective = django_filters.ChoiceFilter(choices=Reflection.Perspective.choices)
    reception = django_filters.ChoiceFilter(choices=Reflection.Reception.choices)
    occurred_on = django_filters.DateFromToRangeFilter(
        label="Occurred between (`occurred_on_after`, `occurred_on_before`, inclusive)"
    )
    is_draft = django_filters.BooleanFilter()
    search = django_filters.CharFilter(method="filter_search", label="Text in the title or any section")

    class Meta:
        model = Reflection
        fields = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(search_text__icontains=value)) if value else queryset
