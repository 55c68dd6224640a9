from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import django_filters
from django.db.models import QuerySet
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.selectors import audit_events_visible_to
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.views import ScopedQuerysetMixin


class AuditEventSerializer(serializers.ModelSerializer):
    # A list page's read: the records shown, and the i-th one's author (see the model).
    target_ids = serializers.ListField(child=serializers.UUIDField(), allow_null=True, read_only=True)
    subject_ids = serializers.ListField(child=serializers.UUIDField(allow_null=True), allow_null=True, read_only=True)
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
            "target_ids",
            "subject",
            "subject_ids",
            "subject_display_name",
            "ip_address",
            "detail",
        ]
        read_only_fields = fields

    def get_actor_display_name(self, event: AuditEvent) -> str:
        return event.actor.display_name if event.actor else "(removed account)"

    def get_subject_display_name(self, event: AuditEvent) -> str | None:
        return event.subject.display_name if event.subject else None


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO date-time within years 1900–9999 in UTC: outside that, PostgreSQL cannot hold
    it, and the answer must be a 400 naming the parameter, not a 500."""

    def filter(self, qs: QuerySet, value: datetime | None) -> QuerySet:
        if value is not None:
            try:
                utc_year = value.astimezone(UTC).year
            except (OverflowError, ValueError):
                utc_year = 0
            if not 1900 <= utc_year <= 9998:
                raise ValidationError({self.field_name_param: ["Give a date-time between 1900 and 9998."]})
            # In UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows (e.g. -23:03).
            value = value.astimezone(UTC)
        return super().filter(qs, value)

    def __init__(self, *args: Any, param: str, **kwargs: Any) -> None:
        self.field_name_param = param
        super().__init__(*args, **kwargs)


class AuditEventFilter(django_filters.FilterSet):
    # The guide's one naming scheme for ranges (docs/api.md): <field>_after / <field>_before,
    # both inclusive (they were since/until, until exclusive). The audit page's form uses them too.
    at_after = BoundedIsoDateTimeFilter(
        field_name="at", lookup_expr="gte", param="at_after", label="At or after (ISO date-time)"
    )
    at_before = BoundedIsoDateTimeFilter(
        field_name="at", lookup_expr="lte", param="at_before", label="At or before (ISO date-time)"
    )

    # A list page's read names its records in target_ids/subject_ids: these find it too.
    target_id = django_filters.UUIDFilter(method="filter_target_id", label="Target id")
    subject = django_filters.UUIDFilter(method="filter_subject", label="Subject (id)")

    class Meta:
        model = AuditEvent
        fields = ["action", "target_type", "actor", "subject", "target_id"]

    # ``value: UUID``: drf-spectacular reads a method filter's type from it (else the schema says nothing).
    def filter_target_id(self, qs: QuerySet[AuditEvent], name: str, value: UUID) -> QuerySet[AuditEvent]:
        return qs.naming_target(value)  # type: ignore[attr-defined]

    def filter_subject(self, qs: QuerySet[AuditEvent], name: str, value: UUID) -> QuerySet[AuditEvent]:
        return qs.about_subject(value)  # type: ignore[attr-defined]


class AuditEventViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The audit trail, read-only: org admins browse their organisation's; everyone else sees
    who has read their own entries. There is no write endpoint: the table is append-only."""

    model = AuditEvent
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    ordering_fields = ("at",)  # ?ordering= (docs/api.md, "Lists")

    def scoped_queryset(self, user: User) -> QuerySet[AuditEvent]:
        return audit_events_visible_to(user).order_by("-at")
