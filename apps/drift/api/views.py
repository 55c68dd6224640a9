from drf_spectacular.utils import extend_schema
from rest_framework import generics

from apps.drift import selectors
from apps.drift.api.serializers import DriftSnapshotSerializer


class MySnapshotsView(generics.ListAPIView):
    """Your own role-drift snapshots, newest first: how the hours of the roles you hold divided
    between peer-distinct, shared and clinical-only duties each day. Only ever your own."""

    serializer_class = DriftSnapshotSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.my_snapshots(self.request.user)

    @extend_schema(summary="My role's shape over time")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
