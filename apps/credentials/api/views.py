import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import caps
from apps.credentials import policies, services
from apps.credentials.api.serializers import (
    HoursQuerySerializer,
    HoursSummarySerializer,
    PracticeEntrySerializer,
    PracticeEntryWriteSerializer,
    ProfileChoiceWriteSerializer,
    ProfilesSerializer,
)
from apps.credentials.loader import shipped_profiles
from apps.credentials.models import PracticeEntry
from apps.credentials.periods import check_range, period_range
from apps.credentials.selectors import chosen_profile_slugs, hours_summary, practice_entries_of

INVALID = OpenApiResponse(description="Invalid input; the body names the field")


class PracticeEntryFilter(django_filters.FilterSet):
    # <field>_after / <field>_before, inclusive, as every date range of the API (docs/api.md).
    worked_on = django_filters.DateFromToRangeFilter(
        label="Worked between (`worked_on_after`, `worked_on_before`, inclusive)"
    )

    class Meta:
        model = PracticeEntry
        fields = ["category", "worked_on"]


class PracticeEntryViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your practice log: hours of peer work you log yourself. Yours only: nobody else reads it
    (another person's entry does not exist for them)."""

    serializer_class = PracticeEntrySerializer
    filterset_class = PracticeEntryFilter
    ordering_fields = ("worked_on", "created_at")
    model = PracticeEntry
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    write_policies = {
        action: allow_if(
            lambda user, entry: policies.can_write_own(user, entry.worker_id),
            "Only the worker can change their practice log.",
        )
        for action in ("partial_update", "destroy")
    }

    def scoped_queryset(self, user):
        return practice_entries_of(user)

    @extend_schema(request=PracticeEntryWriteSerializer, responses={201: PracticeEntrySerializer, 400: INVALID})
    def create(self, request):
        data = PracticeEntryWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.practice_entry_create(actor=request.user, **data.validated_data)
        return Response(PracticeEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PracticeEntryWriteSerializer, responses={200: PracticeEntrySerializer, 400: INVALID})
    def partial_update(self, request, pk=None):
        entry = self.get_object()
        data = PracticeEntryWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        entry = services.practice_entry_update(actor=request.user, entry=entry, data=dict(data.validated_data))
        return Response(PracticeEntrySerializer(entry).data)

    def destroy(self, request, pk=None):
        services.practice_entry_delete(actor=request.user, entry=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


HOURS_PARAMETERS = [
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        enum=["month", "quarter", "year", "custom"],
        description="This month, quarter or year (in your organisation's time zone), or `custom` with "
        "`date_after` and `date_before`. Default: `year`.",
    ),
    OpenApiParameter("date_after", OpenApiTypes.DATE, description="First day of a custom range (inclusive: counted)."),
    OpenApiParameter("date_before", OpenApiTypes.DATE, description="Last day of a custom range (inclusive: counted)."),
]


class HoursView(APIView):
    """My hours in a period: per category and source, in total, and my progress on the
    credential profiles I track (counted up to the period's end). Numbers only, never a note."""

    @extend_schema(parameters=HOURS_PARAMETERS, responses={200: HoursSummarySerializer, 400: INVALID})
    def get(self, request):
        unknown = sorted(set(request.query_params) - {"period", "date_after", "date_before"})
        if unknown:
            raise ValidationError({name: ["Unknown query parameter."] for name in unknown})
        query = HoursQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = query.validated_data["period"]
        if period == "custom":
            start, end = query.validated_data.get("date_after"), query.validated_data.get("date_before")
            errors = check_range(start, end)
            if errors:
                raise ValidationError({field: [message] for field, message in errors.items()})
        else:
            for name in ("date_after", "date_before"):
                if name in query.validated_data:
                    raise ValidationError({name: ["Only with period=custom."]})
            start, end = period_range(period, caps(request.user).today)
        summary = hours_summary(request.user, start, end)
        body = {
            "period": period,
            "start": summary.start,
            "end": summary.end,
            "total": summary.total,
            "by_source": summary.by_source,
            "by_category": summary.by_category,
            "profiles": summary.profiles,
        }
        return Response(HoursSummarySerializer(body).data)


class ProfilesView(APIView):
    """The credential profiles shipped (each with its public source), and which ones you track."""

    def _body(self, user):
        tracked = set(chosen_profile_slugs(user))
        profiles = [
            {**profile.__dict__, "tracked": slug in tracked, "targets": profile.targets}
            for slug, profile in shipped_profiles().items()
        ]
        return ProfilesSerializer({"profiles": profiles}).data

    @extend_schema(responses={200: ProfilesSerializer})
    def get(self, request):
        return Response(self._body(request.user))

    @extend_schema(request=ProfileChoiceWriteSerializer, responses={200: ProfilesSerializer, 400: INVALID})
    def put(self, request):
        """Choose the profiles you track (the whole set)."""
        data = ProfileChoiceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.profiles_choose(actor=request.user, profiles=data.validated_data["profiles"])
        return Response(self._body(request.user))
