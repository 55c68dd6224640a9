import django_filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.views import ScopedQuerysetMixin
from apps.notifications import selectors
from apps.notifications.api.serializers import NotificationSerializer
from apps.notifications.models import Notification
from apps.notifications.selectors import notifications_of, with_people
from apps.notifications.services import notification_mark_all_read, notification_mark_read


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["kind"]


class NotificationViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in user's own notifications."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ("created_at",)  # ?ordering= (docs/api.md, "Lists")

    model = Notification

    def scoped_queryset(self, user):
        return with_people(notifications_of(user)).order_by("-created_at")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = notification_mark_read(actor=request.user, notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        request=None,
        responses=inline_serializer("NotificationsMarkedRead", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all of the signed-in user's unread notifications read."""
        return Response({"marked": notification_mark_all_read(actor=request.user)})

    @extend_schema(responses=inline_serializer("NotificationsUnread", {"unread": serializers.IntegerField()}))
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        """How many of the signed-in user's notifications are unread (one query)."""
        return Response({"unread": selectors.unread_count(request.user)})
