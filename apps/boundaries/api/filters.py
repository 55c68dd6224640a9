import django_filters

from apps.boundaries.models import BoundaryNote


class BoundaryNoteFilter(django_filters.FilterSet):
    mine = django_filters.BooleanFilter(method="filter_mine", label="Only my own notes")

    class Meta:
        model = BoundaryNote
        fields = ["status", "category", "risk", "author"]

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        return queryset.filter(author_id=user.pk) if value else queryset.exclude(author_id=user.pk)
