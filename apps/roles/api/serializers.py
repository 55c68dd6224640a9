"""Thin serializers: output shapes, and input shapes where they differ (no nested writes
beyond the spec's ``duties`` list, which the service replaces as a whole)."""

from drf_spectacular.utils import extend_schema_field

from apps.accounts.selectors import org_workers
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ScopedPrimaryKeyRelatedField
from apps.roles.extensions import definition_fields
from apps.roles.models import (
    LIVED_EXPERIENCE_ITEM_MAX,
    LIVED_EXPERIENCE_MAX,
    MAX_HOURS,
    MIN_HOURS,
    Assignment,
    AssignmentComment,
    Consultation,
    DefinitionComment,
    Duty,
    RoleDefinition,
)
from apps.roles.overlaps import ASSIGNMENT_KINDS, DEFINITION_KINDS
from apps.roles.selectors import role_definitions_visible_to
from apps.teams.selectors import teams_visible_to


class DutySerializer(serializers.ModelSerializer):
    class Meta:
        model = Duty
        fields = ["id", "position", "description", "category"]
        read_only_fields = ["id", "position"]


class DutyInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    category = serializers.ChoiceField(choices=Duty.Category.choices)


def _extension_fields(*, read_only: bool) -> dict[str, serializers.Field]:
    """The fields other apps keep (``apps.roles.extensions``): lists of ids, in and out."""
    return {
        field.name: serializers.ListField(
            child=serializers.UUIDField(), read_only=read_only, required=False, help_text=f"{field.help_text} (ids)"
        )
        for field in definition_fields()
    }


class ConsultationSerializer(serializers.ModelSerializer):
    """A peer worker asked about this version, and their own answer (empty: not answered yet)."""

    worker_display_name = serializers.CharField(source="worker.display_name", read_only=True)

    class Meta:
        model = Consultation
        fields = ["worker", "worker_display_name", "response", "responded_at", "created_at"]
        read_only_fields = fields


class RoleDefinitionSerializer(serializers.ModelSerializer):
    """A role definition version. Fields of this app go in ``Meta.fields``; fields other apps
    keep (``required_competencies``) come from ``extensions`` and are read from the queryset's
    annotations (``extensions.with_definition_fields``), so they cost no query."""

    team_name = serializers.CharField(source="team.name", read_only=True)
    duties = DutySerializer(many=True, read_only=True)
    lived_experience = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="The lived-experience expertise the role calls on."
    )
    consultations = ConsultationSerializer(
        many=True, read_only=True, help_text="The peer workers asked about this version and what each said."
    )
    peer_consultation = serializers.SerializerMethodField(
        help_text="consulted: at least one peer worker was asked about this version; none: defined without peer "
        "consultation."
    )

    class Meta:
        model = RoleDefinition
        fields = [
            "id",
            "team",
            "team_name",
            "lineage",
            "version",
            "status",
            "title",
            "kind",
            "purpose",
            "duties",
            "lived_experience",
            "boundaries",
            "hours_per_week",
            "peer_consultation",
            "consultations",
            "published_at",
            "retired_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_fields(self) -> dict[str, serializers.Field]:
        return {**super().get_fields(), **_extension_fields(read_only=True)}

    @extend_schema_field(serializers.ChoiceField(choices=["consulted", "none"]))
    def get_peer_consultation(self, obj) -> str:
        return "consulted" if obj.consultations.all() else "none"


class RoleDefinitionInputSerializer(serializers.Serializer):
    """What a client sends to create a definition (or, all optional, to PATCH one)."""

    team = ScopedPrimaryKeyRelatedField(
        scope=teams_visible_to, help_text="Create only; a definition stays in its team."
    )
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=RoleDefinition.Kind.choices)
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    duties = DutyInputSerializer(many=True, required=False, help_text="The full ordered list; replaces the duties.")
    boundaries = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=MIN_HOURS, max_value=MAX_HOURS)
    lived_experience = serializers.ListField(
        child=serializers.CharField(max_length=LIVED_EXPERIENCE_ITEM_MAX, allow_blank=True),
        required=False,
        max_length=LIVED_EXPERIENCE_MAX,
        help_text="The lived-experience expertise the role calls on: short phrases; replaces the list.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        # Checked by the service that keeps the field (unknown ids: 400 naming it).
        return {**super().get_fields(), **_extension_fields(read_only=False)}

    def validate_duties(self, value):
        # The number of duties is the service's rule (services.clean_duties: 400 naming duties).
        return [dict(d) for d in value]


class RoleDefinitionUpdateSerializer(RoleDefinitionInputSerializer):
    """PATCH: any of the create fields except ``team`` (a definition stays in its team)."""

    # DRF drops a declared field that a subclass sets to None; the stubs do not know it.
    team = None  # type: ignore[assignment]


class AssignmentSerializer(serializers.ModelSerializer):
    worker_display_name = serializers.CharField(source="worker.display_name", read_only=True)
    role_title = serializers.CharField(source="role_definition.title", read_only=True)
    role_version = serializers.IntegerField(source="role_definition.version", read_only=True)
    role_kind = serializers.CharField(source="role_definition.kind", read_only=True)
    role_status = serializers.CharField(source="role_definition.status", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    is_active = serializers.SerializerMethodField()
    agreement = serializers.SerializerMethodField(
        help_text="proposed until the worker agrees (only they can: acknowledge/), then agreed."
    )
    contracted_hours_per_week = serializers.SerializerMethodField()
    assigned_hours_total = serializers.SerializerMethodField(
        help_text="The most hours the worker holds on any one day from today on, over all their assignments."
    )
    over_allocated = serializers.SerializerMethodField(
        help_text="True when assigned_hours_total exceeds the worker's contracted hours."
    )

    class Meta:
        model = Assignment
        fields = [
            "id",
            "worker",
            "worker_display_name",
            "role_definition",
            "role_title",
            "role_version",
            "role_kind",
            "role_status",
            "team",
            "team_name",
            "starts_on",
            "ends_on",
            "hours_per_week",
            "is_active",
            "agreement",
            "acknowledged_at",
            "created_by",
            "created_at",
            "contracted_hours_per_week",
            "assigned_hours_total",
            "over_allocated",
        ]
        read_only_fields = fields

    def _hours(self, obj):
        return self.context["hours"][obj.worker_id]

    def get_is_active(self, obj) -> bool:
        return obj.is_active_on(self.context["today"])

    @extend_schema_field(serializers.ChoiceField(choices=["proposed", "agreed"]))
    def get_agreement(self, obj) -> str:
        return "agreed" if obj.acknowledged_at else "proposed"

    @extend_schema_field(serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=80))
    def get_contracted_hours_per_week(self, obj) -> str:
        return str(self._hours(obj)["contracted_hours_per_week"])

    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0))
    def get_assigned_hours_total(self, obj) -> str:
        return str(self._hours(obj)["assigned_hours_total"])

    def get_over_allocated(self, obj) -> bool:
        return self._hours(obj)["over_allocated"]


class AssignmentCommentSerializer(serializers.ModelSerializer):
    author_display_name = serializers.CharField(source="author.display_name", read_only=True, default=None)

    class Meta:
        model = AssignmentComment
        fields = ["id", "author", "author_display_name", "kind", "body", "created_at"]
        read_only_fields = ["id", "author", "author_display_name", "created_at"]
        extra_kwargs = {"kind": {"required": False}}


class DefinitionCommentSerializer(serializers.ModelSerializer):
    """A comment or proposed change on a draft; the author is always the signed-in user."""

    author_display_name = serializers.CharField(source="author.display_name", read_only=True, default=None)
    decided_by_display_name = serializers.CharField(source="decided_by.display_name", read_only=True, default=None)

    class Meta:
        model = DefinitionComment
        fields = [
            "id",
            "role_definition",
            "author",
            "author_display_name",
            "proposes",
            "body",
            "decision",
            "decision_reason",
            "decided_by",
            "decided_by_display_name",
            "decided_at",
            "created_at",
        ]
        read_only_fields = [f for f in fields if f not in ("proposes", "body")]
        extra_kwargs = {"proposes": {"required": False}}


class AssignmentCommentInputSerializer(serializers.Serializer):
    """The author is always the signed-in user: naming anyone else is refused (400 naming it)."""

    body = serializers.CharField(max_length=2000)
    kind = serializers.ChoiceField(
        choices=AssignmentComment.Kind.choices,
        required=False,
        help_text="change_request: the worker asks for a change before agreeing (the worker only).",
    )


class DefinitionCommentInputSerializer(serializers.Serializer):
    """The author is always the signed-in user: naming anyone else is refused (400 naming it)."""

    body = serializers.CharField(max_length=2000)
    proposes = serializers.ChoiceField(choices=DefinitionComment.Proposes.choices, required=False, allow_blank=True)


class DecideCommentSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[DefinitionComment.Decision.ACCEPTED, DefinitionComment.Decision.DECLINED]
    )
    reason = serializers.CharField(max_length=1000, help_text="Read by the person who wrote the comment.")


class ConsultInputSerializer(serializers.Serializer):
    workers = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, max_length=100, help_text="Peer workers of the role's team."
    )


class ConsultationResponseSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=Consultation.Response.choices, help_text="Your own view only.")


class AssignmentInputSerializer(serializers.Serializer):
    worker = ScopedPrimaryKeyRelatedField(scope=org_workers)
    # Scoped to what the user can read: a readable role they may not assign is a 403 from the service.
    role_definition = ScopedPrimaryKeyRelatedField(
        scope=role_definitions_visible_to, help_text="A published version of a role in a team you manage."
    )
    starts_on = serializers.DateField(required=False, help_text="Defaults to today.")
    ends_on = serializers.DateField(required=False, allow_null=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        required=False,
        help_text="Defaults to the role's hours per week.",
    )


class AssignmentUpdateSerializer(serializers.Serializer):
    ends_on = serializers.DateField(required=False, allow_null=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=MIN_HOURS, max_value=MAX_HOURS, required=False
    )


class OverlapRoleSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    version = serializers.IntegerField()
    kind = serializers.CharField()


class OverlapDutySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    position = serializers.IntegerField()
    description = serializers.CharField()
    category = serializers.CharField()


class OverlapSimilaritySerializer(serializers.Serializer):
    jaccard = serializers.FloatField()
    ratio = serializers.FloatField()
    shared_terms = serializers.ListField(child=serializers.CharField(), source="shared_sorted")


class OverlapFindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(DEFINITION_KINDS))
    severity = serializers.ChoiceField(choices=["attention", "info"])
    peer_role = OverlapRoleSerializer(allow_null=True)
    peer_duty = OverlapDutySerializer(allow_null=True)
    clinical_role = OverlapRoleSerializer(allow_null=True)
    clinical_duty = OverlapDutySerializer(allow_null=True)
    similarity = OverlapSimilaritySerializer(allow_null=True)
    advice = serializers.CharField()


class OverlapWorkerSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()


class OverlapAssignmentFindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(ASSIGNMENT_KINDS))
    severity = serializers.ChoiceField(choices=["attention"])
    assignment = serializers.UUIDField()
    worker = OverlapWorkerSerializer()
    role = OverlapRoleSerializer()
    # The assignment's own hours, within the bounds every assignment is kept in (issue 21, finding 7).
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=MIN_HOURS, max_value=MAX_HOURS)
    advice = serializers.CharField()


class RoleOverlapReportSerializer(serializers.Serializer):
    team = serializers.UUIDField()
    team_name = serializers.CharField()
    roles_compared = serializers.IntegerField()
    count = serializers.IntegerField(help_text="How many findings among the role definitions.")
    findings = OverlapFindingSerializer(many=True)
    assignment_count = serializers.IntegerField(
        help_text="How many current assignments blur peer and clinical work (a peer worker in a clinical role, "
        "or a clinical worker in a peer role)."
    )
    assignment_findings = OverlapAssignmentFindingSerializer(many=True)
    rule = serializers.CharField()
