import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.competencies import policies, services
from apps.competencies.api.serializers import (
    AssessmentCreateSerializer,
    AssessmentSerializer,
    AssessmentUpdateSerializer,
    AssessorSerializer,
    AssessorUpdateSerializer,
    FrameworkChoiceSerializer,
    FrameworkSerializer,
    OrganisationalStatusCreateSerializer,
    OrganisationalStatusSerializer,
    RoleRequirementSerializer,
    RoleRequirementUpdateSerializer,
    SignOffCreateSerializer,
    TrainingRecordSerializer,
    TrainingRecordWriteSerializer,
)
from apps.competencies.certificates import SIGNATURES, certificate_response
from apps.competencies.models import Assessment, Competency, Framework, OrganisationalStatus, TrainingRecord
from apps.competencies.selectors import (
    assessments_visible_to,
    assessor_options,
    assessor_state,
    effective_requirement_sets,
    frameworks_in_use,
    frameworks_with_competencies,
    get_certificate_for,
    organisational_statuses_visible_to,
    organisational_teams_visible_to,
    role_definitions_visible_to,
    training_records_visible_to,
    with_details_for,
)
from apps.core.api.parsers import UPLOAD_PARSER_CLASSES
from apps.core.api.permissions import allow_if
from apps.core.api.views import ScopedQuerysetMixin
from apps.core.capabilities import caps, require
from apps.roles.models import RoleDefinition


class FrameworkViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Competency frameworks: the one shipped with pspteam and the organisation's own."""

    serializer_class = FrameworkSerializer
    model = Framework

    def scoped_queryset(self, user):
        return frameworks_with_competencies(user).order_by("name")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self.request, "user", None) is not None and self.request.user.is_authenticated:
            context["in_use"] = set(frameworks_in_use(self.request.user).values_list("pk", flat=True))
        return context


INVALID = OpenApiResponse(description="Invalid input; the body names the field")
FORBIDDEN = OpenApiResponse(description="Only an org admin chooses the frameworks")


class FrameworkChoiceView(APIView):
    """Which frameworks the organisation's roles use (issue 17): everyone reads it; an org admin
    replaces the list. Without a choice, the framework shipped with pspteam and the
    organisation's own are in use."""

    def _answer(self, request):
        ids = frameworks_in_use(request.user).order_by("name").values_list("pk", flat=True)
        return Response({"frameworks": [str(i) for i in ids]})

    @extend_schema(responses={200: FrameworkChoiceSerializer})
    def get(self, request):
        return self._answer(request)

    @extend_schema(
        request=FrameworkChoiceSerializer, responses={200: FrameworkChoiceSerializer, 400: INVALID, 403: FORBIDDEN}
    )
    def put(self, request):
        # Refused before the body is judged: a worker's malformed list is a 403, not a 400.
        require(caps(request.user).is_org_admin, "Only an org admin chooses the frameworks the roles use.")
        data = FrameworkChoiceSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.framework_choice_set(actor=request.user, frameworks=data.validated_data["frameworks"])
        return self._answer(request)


class AssessmentFilter(django_filters.FilterSet):
    current = django_filters.BooleanFilter(field_name="is_current", label="Only current assessments")

    class Meta:
        model = Assessment
        fields = ["worker", "competency", "state", "level"]


def _refuse_fixed_fields(data, fields):
    refused = {f: ["This field cannot be changed."] for f in fields if f in data}
    if refused:
        raise ValidationError(refused)


class AssessmentViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Self-assessments: your own, your supervisees' (with evidence you may read), and for
    managers and org admins the states of their people (never evidence)."""

    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ("created_at", "updated_at")  # ?ordering= (docs/api.md, "Lists")
    model = Assessment
    # Asked before the body is read (apps/core/api/permissions.py); the services ask again.
    write_policies = {
        "partial_update": allow_if(
            lambda user, assessment: policies.can_write(user, assessment.worker_id),
            "Only the worker can change their self-assessment.",
        ),
        # An own-wellbeing item passes here so that the service refuses it by name (400 on
        # ``competency``); only the worker ever sees one (the selector), so only they get that far.
        "sign_off": allow_if(
            lambda user, assessment: (
                assessment.competency.kind == Competency.Kind.WELLBEING
                or policies.can_sign_off(user, assessment.worker_id)
            ),
            "Only the worker's supervisor can sign this off.",
        ),
    }

    def scoped_queryset(self, user):
        return with_details_for(assessments_visible_to(user), user).order_by("-created_at")

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentSerializer})
    def create(self, request):
        data = AssessmentCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        assessment = services.assessment_create(actor=request.user, **data.validated_data)
        return Response(self._fresh(assessment), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AssessmentUpdateSerializer,
        responses={
            200: AssessmentSerializer,
            409: OpenApiResponse(description="Signed off and locked: start a new assessment (POST) instead."),
        },
    )
    def partial_update(self, request, pk=None):
        """Change the level or evidence while no supervisor has decided. A signed-off assessment
        is locked (409, naming who signed it off and when); a new assessment records a change."""
        assessment = self.get_object()
        if assessment.is_locked:
            return Response({"detail": services.locked_message(assessment)}, status=status.HTTP_409_CONFLICT)
        _refuse_fixed_fields(request.data, ("competency", "worker", "state"))
        data = AssessmentUpdateSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        assessment = services.assessment_update(
            actor=request.user, assessment=assessment, data=dict(data.validated_data)
        )
        return Response(self._fresh(assessment))

    @extend_schema(request=SignOffCreateSerializer, responses={201: AssessmentSerializer})
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        """A supervisor of the worker signs the assessment off or asks for more evidence."""
        assessment = self.get_object()
        data = SignOffCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_sign_off(actor=request.user, assessment=assessment, **data.validated_data)
        return Response(self._fresh(assessment), status=status.HTTP_201_CREATED)

    def _fresh(self, assessment):
        fresh = with_details_for(assessments_visible_to(self.request.user), self.request.user).get(pk=assessment.pk)
        return AssessmentSerializer(fresh, context=self.get_serializer_context()).data


class RoleRequirementFilter(django_filters.FilterSet):
    team = django_filters.UUIDFilter(field_name="team_id")


class RoleRequirementViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The competencies each role definition (version) requires, addressed by the role
    definition's id. A version without its own list inherits its predecessor's."""

    serializer_class = RoleRequirementSerializer
    filterset_class = RoleRequirementFilter
    lookup_value_regex = "[^/]+"
    write_policies = {
        "update": allow_if(
            lambda user, definition: policies.can_manage_role_requirements(user, definition.team_id),
            "Only this team's managers or an org admin can change what a role requires.",
        ),
    }

    @property
    def model(self):
        return RoleDefinition

    def scoped_queryset(self, user):
        return role_definitions_visible_to(user).order_by("title", "-version")

    def _data(self, definitions, many):
        requirements = effective_requirement_sets(definitions if many else [definitions])
        context = {**self.get_serializer_context(), "requirements": requirements}
        return RoleRequirementSerializer(definitions, many=many, context=context).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._data(page, True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._data(self.get_object(), False))

    @extend_schema(request=RoleRequirementUpdateSerializer, responses={200: RoleRequirementSerializer})
    def update(self, request, pk=None):
        """Replace the competencies this version requires (its team's managers, org admins)."""
        definition = self.get_object()
        data = RoleRequirementUpdateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        services.role_requirements_set(
            actor=request.user,
            role_definition=definition,
            competencies=data.validated_data["competencies"],
        )
        return Response(self._data(definition, False))


class TrainingRecordFilter(django_filters.FilterSet):
    class Meta:
        model = TrainingRecord
        fields = ["worker"]


class TrainingRecordViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Training records: your own (write), your supervisees' (read, with certificates), and for
    managers and org admins their people's courses and states (no certificates)."""

    serializer_class = TrainingRecordSerializer
    filterset_class = TrainingRecordFilter
    ordering_fields = ("completed_on", "expires_on", "course")  # ?ordering= (docs/api.md, "Lists")
    model = TrainingRecord
    parser_classes = UPLOAD_PARSER_CLASSES  # writes carry the certificate file: multipart only
    write_policies = {
        "partial_update": allow_if(
            lambda user, record: policies.can_write(user, record.worker_id),
            "Only the worker can change their training record.",
        ),
    }

    def scoped_queryset(self, user):
        return training_records_visible_to(user).select_related("worker").order_by("-completed_on", "course")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["today"] = caps(self.request.user).today
        return context

    @extend_schema(
        request={"multipart/form-data": TrainingRecordWriteSerializer}, responses={201: TrainingRecordSerializer}
    )
    def create(self, request):
        data = TrainingRecordWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.training_record_create(actor=request.user, **data.validated_data)
        return Response(TrainingRecordSerializer(record, context=self.get_serializer_context()).data, status=201)

    @extend_schema(
        request={"multipart/form-data": TrainingRecordWriteSerializer}, responses={200: TrainingRecordSerializer}
    )
    def partial_update(self, request, pk=None):
        record = self.get_object()
        _refuse_fixed_fields(request.data, ("worker",))
        data = TrainingRecordWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        record = services.training_record_update(actor=request.user, record=record, data=dict(data.validated_data))
        return Response(TrainingRecordSerializer(record, context=self.get_serializer_context()).data)

    @extend_schema(
        responses={
            # The type the upload was checked to be (certificates.SIGNATURES); octet-stream only
            # for a record stored without one.
            **{(200, content_type): OpenApiTypes.BINARY for _, content_type, _ in SIGNATURES},
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            403: OpenApiResponse(),
            404: OpenApiResponse(),
        }
    )
    @action(detail=True, methods=["get"])
    def certificate(self, request, pk=None):
        """The certificate file, for the worker and their supervisors (the read is audited)."""
        return certificate_response(get_certificate_for(request.user, pk))


# --- issue 18 -----------------------------------------------------------------------------------


class AssessorView(APIView):
    """Who signs off your competencies: the supervisor you chose (or, until you choose, your one
    peer supervisor who does not manage you). Only you read or change it."""

    def _answer(self, request):
        today = caps(request.user).today
        assessor_id, chosen, supervisors = assessor_state(request.user.pk, today)
        options = assessor_options(supervisors)
        return Response(AssessorSerializer({"assessor": assessor_id, "chosen": chosen, "options": options}).data)

    @extend_schema(responses={200: AssessorSerializer})
    def get(self, request):
        return self._answer(request)

    @extend_schema(request=AssessorUpdateSerializer, responses={200: AssessorSerializer, 400: INVALID})
    def put(self, request):
        data = AssessorUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessor_choose(actor=request.user, assessor=data.validated_data["assessor"])
        return self._answer(request)


class OrganisationalStatusFilter(django_filters.FilterSet):
    current = django_filters.BooleanFilter(field_name="is_current", label="Only current records")
    organisation_wide = django_filters.BooleanFilter(
        field_name="team", lookup_expr="isnull", label="Only the organisation-wide records"
    )

    class Meta:
        model = OrganisationalStatus
        fields = ["team", "competency", "status"]


class OrganisationalStatusViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """What the organisation provides (organisational competences): records for the whole
    organisation and for the teams you belong to or manage, newest first. A team's managers
    record for their team; org admins for any team and for the organisation (``team`` null)."""

    serializer_class = OrganisationalStatusSerializer
    filterset_class = OrganisationalStatusFilter
    ordering_fields = ("created_at",)  # ?ordering= (docs/api.md, "Lists"); newest first by default
    model = OrganisationalStatus
    write_policies = {
        "create": allow_if(
            policies.can_record_any_organisational,
            "Only a team's managers or an org admin can record what the organisation provides.",
        ),
    }

    def scoped_queryset(self, user):
        return (
            organisational_statuses_visible_to(user)
            .select_related("competency", "recorded_by")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(request=OrganisationalStatusCreateSerializer, responses={201: OrganisationalStatusSerializer})
    def create(self, request):
        data = OrganisationalStatusCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        team_id = values.pop("team", None)
        team = None
        if team_id is not None:
            team = organisational_teams_visible_to(request.user).filter(pk=team_id).first()
            if team is None:
                raise ValidationError({"team": ["This team does not exist."]})
        record = services.organisational_status_record(actor=request.user, team=team, **values)
        fresh = self.get_queryset().get(pk=record.pk)
        return Response(OrganisationalStatusSerializer(fresh).data, status=status.HTTP_201_CREATED)
