import django_filters
from rest_framework import mixins, serializers, viewsets

from apps.audit.models import AuditEvent
from apps.audit.selectors import audit_events_visible_to
from apps.core.api.views import ScopedQuerysetMixin


class AuditEventSerializer(serializers.ModelSerializer):
    actor_display_name = serializers.SerializerMethodField()
    subject_display_name = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor",
            "actor_display_name",
            "action",
            "target_type",
            "target_id",
            "subject",
            "subject_display_name",
            "ip_address",
            "detail",
        ]
        read_only_fields = fields

    def get_actor_display_name(self, event) -> str:
        return event.actor.display_name if event.actor else "(removed account)"

    def get_subject_display_name(self, event) -> str | None:
        return event.subject.display_name if event.subject else None


class AuditEventFilter(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lt")

    class Meta:
        model = AuditEvent
        fields = ["action", "target_type", "actor", "subject", "target_id"]


class AuditEventViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The audit trail, read-only: org admins browse their organisation's; everyone else sees
    who has read their own entries. There is no write endpoint: the table is append-only."""

    model = AuditEvent
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter

    def scoped_queryset(self, user):
        return audit_events_visible_to(user).order_by("-at")
