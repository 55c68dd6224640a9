"""The benchmark's reference view (used only by ``bench/floor.py``): the app's URLs plus a plain DRF
``ListAPIView`` with a ``ModelSerializer`` — the baseline the issue quotes (about 7.5 x its floor)."""

from django.urls import path
from rest_framework import generics, serializers

from apps.reflections.models import Reflection
from pspteam.urls import urlpatterns as app_urlpatterns


class PlainReflectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reflection
        fields = "__all__"


class PlainReflectionList(generics.ListAPIView):
    serializer_class = PlainReflectionSerializer

    def get_queryset(self):
        # ``fields = "__all__"`` includes the many-to-many ``readers``: fetched for the page in one
        # query, as any fair list would, not one query per row.
        return (
            Reflection.objects.filter(
                organisation_id=self.request.user.organisation_id, is_draft=False, visibility="team"
            )
            .prefetch_related("readers")
            .order_by("-occurred_on", "-created_at")
        )


urlpatterns = [path("bench/plain-reflections/", PlainReflectionList.as_view()), *app_urlpatterns]
