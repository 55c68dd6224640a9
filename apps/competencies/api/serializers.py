from decimal import Decimal
from typing import cast

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework.utils import html

from apps.competencies.models import (
    Assessment,
    Competency,
    Domain,
    Framework,
    OrganisationalStatus,
    SignOff,
    TrainingRecord,
)
from apps.competencies.policies import can_see_details
from apps.competencies.selectors import competencies_visible_to, evidence_visible_to, frameworks_visible_to
from apps.competencies.services import MAX_COMMENT, MAX_NAME, MAX_TRAINING_HOURS
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.decimal_patterns import decimal_pattern
from apps.core.api.fields import ScopedPrimaryKeyRelatedField
from apps.reflections.models import Reflection


def _own_reflections(user):
    return Reflection.objects.filter(organisation_id=user.organisation_id, author_id=user.pk)


# --- frameworks ---------------------------------------------------------------------------


class CompetencySerializer(serializers.ModelSerializer):
    # Plain text, not an enum: "level" is also the assessment's (different) choice set.
    level = serializers.CharField(read_only=True, help_text="foundation, practitioner or advanced")

    class Meta:
        model = Competency
        fields = ["id", "code", "title", "description", "level", "kind"]


class DomainSerializer(serializers.ModelSerializer):
    competencies = CompetencySerializer(many=True, read_only=True)

    class Meta:
        model = Domain
        fields = ["id", "code", "title", "informed_by", "competencies"]


class FrameworkSerializer(serializers.ModelSerializer):
    domains = DomainSerializer(many=True, read_only=True)
    shipped = serializers.BooleanField(source="is_shipped", read_only=True, help_text="Shipped with pspteam.")
    in_use = serializers.SerializerMethodField(help_text="Used by the organisation's roles (chosen by an org admin).")

    class Meta:
        model = Framework
        fields = [
            "id",
            "slug",
            "name",
            "version",
            "source",
            "source_title",
            "source_publisher",
            "source_year",
            "source_url",
            "licence",
            "description",
            "shipped",
            "in_use",
            "domains",
        ]

    def get_in_use(self, framework) -> bool:
        return framework.pk in self.context.get("in_use", ())


class FrameworkChoiceSerializer(serializers.Serializer):
    frameworks = ScopedPrimaryKeyRelatedField(
        scope=frameworks_visible_to,
        many=True,
        allow_empty=False,
        help_text="The frameworks the organisation's roles use (the whole list replaces the previous one).",
    )


class CompetencyRefSerializer(serializers.ModelSerializer):
    domain = serializers.CharField(source="domain.title", read_only=True)
    framework = serializers.UUIDField(source="framework_id", read_only=True)
    level = serializers.CharField(read_only=True, help_text="foundation, practitioner or advanced")

    class Meta:
        model = Competency
        fields = ["id", "code", "title", "level", "domain", "framework"]


# --- assessments ----------------------------------------------------------------------------


class CompetencyEvidenceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField(source="display_title")
    occurred_on = serializers.DateField()
    visibility = serializers.CharField()


class SignOffSerializer(serializers.ModelSerializer):
    reviewer_display_name = serializers.CharField(source="reviewer.display_name", read_only=True, default=None)

    class Meta:
        model = SignOff
        fields = [
            "id",
            "reviewer",
            "reviewer_display_name",
            "reviewer_name",
            "reviewer_role",
            "decided_on",
            "decision",
            "comment",
            "created_at",
        ]
        extra_kwargs = {
            "reviewer_name": {"help_text": "The verifier's name as it was when they decided."},
            "reviewer_role": {"help_text": "What they were to the worker then, e.g. 'peer supervisor'."},
        }


class AssessmentLockSerializer(serializers.Serializer):
    """Who locked a signed-off assessment, as they were at sign-off (names and dates, no text)."""

    verifier_name = serializers.CharField(source="reviewer_name")
    verifier_role = serializers.CharField(source="reviewer_role")
    signed_off_on = serializers.DateField(source="decided_on", allow_null=True)


DETAIL_FIELDS = ("evidence", "evidence_details", "sign_offs")


class AssessmentSerializer(serializers.ModelSerializer):
    """An assessment as the reader may see it. The worker and their supervisors get the
    evidence (only reflections the reader may read) and the decisions with comments; managers
    and org admins get the state only."""

    reader_dependent_fields = DETAIL_FIELDS  # optional in the schema (apps/core/api/schema.py)

    worker_display_name = serializers.CharField(source="worker.display_name", read_only=True)
    competency_detail = CompetencyRefSerializer(source="competency", read_only=True)
    evidence = serializers.SerializerMethodField(help_text="Ids of cited reflections you may read.")
    evidence_details = serializers.SerializerMethodField()
    sign_offs = SignOffSerializer(many=True, read_only=True)
    locked = serializers.BooleanField(
        source="is_locked", read_only=True, help_text="Signed off: never changed; a change is a new assessment."
    )
    lock = AssessmentLockSerializer(read_only=True, allow_null=True, help_text="Who signed it off, and when.")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "worker",
            "worker_display_name",
            "competency",
            "competency_detail",
            "level",
            "state",
            "is_current",
            "locked",
            "lock",
            "evidence",
            "evidence_details",
            "sign_offs",
            "created_at",
        ]
        read_only_fields = fields

    def _visible_evidence(self, assessment):
        if hasattr(assessment, "visible_evidence"):
            return assessment.visible_evidence
        return list(assessment.evidence.filter(pk__in=evidence_visible_to(self.context["request"].user).values("pk")))

    def get_evidence(self, assessment) -> list[str]:
        return [str(r.pk) for r in self._visible_evidence(assessment)]

    def get_evidence_details(self, assessment) -> list[dict]:
        return cast(list[dict], CompetencyEvidenceSerializer(self._visible_evidence(assessment), many=True).data)

    def to_representation(self, assessment):
        data = super().to_representation(assessment)
        if not can_see_details(self.context["request"].user, assessment.worker_id):
            for field in DETAIL_FIELDS:
                data.pop(field, None)
        return data


class AssessmentCreateSerializer(serializers.Serializer):
    competency = ScopedPrimaryKeyRelatedField(scope=competencies_visible_to)
    level = serializers.ChoiceField(choices=Assessment.Level.choices)
    evidence = ScopedPrimaryKeyRelatedField(
        scope=_own_reflections, many=True, required=False, help_text="Ids of your own reflections."
    )


class AssessmentUpdateSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Assessment.Level.choices, required=False)
    evidence = ScopedPrimaryKeyRelatedField(scope=_own_reflections, many=True, required=False)


class SignOffCreateSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=SignOff.Decision.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=MAX_COMMENT)


# --- role requirements ---------------------------------------------------------------------


class RoleRequirementSerializer(serializers.Serializer):
    role_definition = serializers.UUIDField(source="id")
    title = serializers.CharField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    team = serializers.UUIDField(source="team_id")
    competencies = serializers.SerializerMethodField()
    competency_details = serializers.SerializerMethodField()

    def _required(self, definition):
        return self.context["requirements"].get(definition.pk, [])

    def get_competencies(self, definition) -> list[str]:
        return [str(c.pk) for c in self._required(definition)]

    def get_competency_details(self, definition) -> list[dict]:
        return cast(list[dict], CompetencyRefSerializer(self._required(definition), many=True).data)


class RoleRequirementUpdateSerializer(serializers.Serializer):
    competencies = ScopedPrimaryKeyRelatedField(scope=competencies_visible_to, many=True, allow_empty=True)


# --- training records -----------------------------------------------------------------------


class TrainingRecordSerializer(serializers.ModelSerializer):
    reader_dependent_fields = ("certificate", "certificate_name")  # optional in the schema (core/api/schema.py)
    worker_display_name = serializers.CharField(source="worker.display_name", read_only=True)
    state = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField(help_text="Download address, for you and your supervisors.")

    class Meta:
        model = TrainingRecord
        fields = [
            "id",
            "worker",
            "worker_display_name",
            "course",
            "provider",
            "completed_on",
            "expires_on",
            "hours",
            "state",
            "certificate",
            "certificate_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_state(self, record) -> str:
        return record.state_on(self.context["today"])

    def get_certificate(self, record) -> str | None:
        if not record.certificate:
            return None
        return reverse("api:training-record-certificate", kwargs={"pk": record.pk})

    def to_representation(self, record):
        data = super().to_representation(record)
        if not can_see_details(self.context["request"].user, record.worker_id):
            data.pop("certificate", None)
            data.pop("certificate_name", None)
        return data


@extend_schema_field(
    {"oneOf": [{"type": "string", "format": "date"}, {"type": "string", "enum": [""]}]},
    component_name=None,
)
class FormDateOrEmptyField(serializers.DateField):
    """A date sent in a multipart form, or empty for none: a form has no ``null`` (one sent
    as the text ``null`` is refused as a bad date), so the schema says "a date or empty", the
    two things a form can carry that the server takes (issue 21: schemathesis found it)."""

    def to_internal_value(self, value):
        return None if value == "" else super().to_internal_value(value)


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "string",
                "format": "decimal",
                "pattern": decimal_pattern(low=Decimal("0"), high=MAX_TRAINING_HOURS, places=1, max_digits=5),
            },
            {"type": "string", "enum": [""]},
        ]
    },
    component_name=None,
)
class FormDecimalOrEmptyField(serializers.DecimalField):
    """Hours sent in a multipart form, or empty for "not known" (a form has no ``null``)."""

    def get_value(self, dictionary):
        # DRF reads an empty form value of an optional field as left out; here it clears the hours.
        if html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)

    def run_validation(self, data=serializers.empty):
        # Empty is "not known": no number to check against the bounds.
        return None if data == "" else super().run_validation(data)


class TrainingRecordWriteSerializer(serializers.Serializer):
    course = serializers.CharField(max_length=MAX_NAME)
    provider = serializers.CharField(max_length=MAX_NAME, required=False, allow_blank=True)
    completed_on = serializers.DateField()
    expires_on = FormDateOrEmptyField(
        required=False, help_text="Empty, or left out, for a course that does not expire."
    )
    hours = FormDecimalOrEmptyField(
        required=False,  # empty or left out: "not known" (a form has no null, so none is declared)
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=MAX_TRAINING_HOURS,
        help_text="How many hours the course took (0 to 500, one decimal place); empty, or left out, when not known.",
    )
    certificate = serializers.FileField(
        required=False, allow_empty_file=False, help_text="PDF, PNG or JPEG, at most 5 MB (multipart)."
    )


# --- issue 18: the assessor a worker chooses; what the organisation provides ---------------------


class AssessorOptionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField())
    is_peer = serializers.BooleanField()


class AssessorSerializer(serializers.Serializer):
    assessor = serializers.UUIDField(allow_null=True, help_text="Who signs off your competencies (null: nobody yet).")
    chosen = serializers.BooleanField(help_text="False: the default (your one peer supervisor), not yet chosen.")
    options = AssessorOptionSerializer(many=True, help_text="Your supervisors today, peer supervisors first.")


class AssessorUpdateSerializer(serializers.Serializer):
    assessor = serializers.UUIDField(
        allow_null=True, help_text="One of your supervisors; null goes back to the default."
    )


class OrganisationalStatusSerializer(serializers.ModelSerializer):
    competency_code = serializers.CharField(source="competency.code", read_only=True)
    recorded_by_name = serializers.SerializerMethodField()

    class Meta:
        model = OrganisationalStatus
        fields = [
            "id",
            "team",
            "competency",
            "competency_code",
            "status",
            "note",
            "is_current",
            "recorded_by_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_recorded_by_name(self, record) -> str:
        return record.recorded_by.display_name if record.recorded_by else ""


class OrganisationalStatusCreateSerializer(serializers.Serializer):
    competency = serializers.UUIDField()
    team = serializers.UUIDField(allow_null=True, required=False, help_text="Omit or null: the whole organisation.")
    status = serializers.ChoiceField(choices=OrganisationalStatus.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
