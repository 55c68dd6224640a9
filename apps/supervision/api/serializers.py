from drf_spectacular.utils import extend_schema_field

from apps.accounts.selectors import org_workers
from apps.boundaries.selectors import boundary_notes_visible_to
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ScopedPrimaryKeyRelatedField
from apps.supervision.models import Agreement, SupervisionSession
from apps.supervision.policies import session_parts_shown_to, supervisor_overloaded
from apps.supervision.selectors import agreements_visible_to, state_of
from apps.supervision.state import State
from apps.supervision.values import ANSWERS as VALUE_ANSWERS
from apps.supervision.values import LEGACY_STATUSES, MAX_CHANGE_LENGTH, peer_value_keys


class AgreementSerializer(serializers.ModelSerializer):
    supervisee_display_name = serializers.CharField(source="supervisee.display_name", read_only=True)
    supervisor_display_name = serializers.CharField(source="supervisor.display_name", read_only=True)
    supervisor_has_lived_experience = serializers.BooleanField(read_only=True)
    state = serializers.SerializerMethodField()
    supervisor_overloaded = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "supervisee",
            "supervisee_display_name",
            "supervisor",
            "supervisor_display_name",
            "supervisor_has_lived_experience",
            "kind",
            "frequency_days",
            "starts_on",
            "ends_on",
            "next_due_on",
            "state",
            "supervisor_overloaded",
            "last_requested_at",
            "request_handled_at",
            "status",
            "awaiting_consent_of",
            "terms",
            "supervisee_accepted_at",
            "supervisor_accepted_at",
            "declined_at",
            "ended_at",
            "created_at",
        ]
        read_only_fields = fields

    awaiting_consent_of = serializers.SerializerMethodField()
    terms = serializers.CharField(
        read_only=True,
        help_text="A fingerprint of the kind, frequency and dates. Send it with accept so that the "
        "acceptance applies only to the terms the person read.",
    )

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=["supervisee", "supervisor"])))
    def get_awaiting_consent_of(self, obj) -> list:
        """Whose acceptance a proposed agreement still waits for (empty otherwise)."""
        if obj.status != Agreement.Status.PROPOSED:
            return []
        waiting = []
        if obj.supervisee_accepted_at is None:
            waiting.append("supervisee")
        if obj.supervisor_accepted_at is None:
            waiting.append("supervisor")
        return waiting

    @extend_schema_field(serializers.ChoiceField(choices=State.choices))
    def get_state(self, obj) -> str:
        return state_of(obj, self.context["request"].user)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_supervisor_overloaded(self, obj):
        """True when the supervisor has more than MAX_SUPERVISEES people. Shown to the
        supervisee's managers, org admins and the supervisor; ``null`` for others."""
        return supervisor_overloaded(self.context["request"].user, obj)


class ScopeItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    # The API field is called "label"; the stubs see the Serializer's own Field.label attribute.
    label = serializers.CharField()  # type: ignore[assignment]
    description = serializers.CharField()
    count = serializers.IntegerField(help_text="How many of your entries of this kind exist today.")


class ConsentScopeSerializer(serializers.Serializer):
    agreement = serializers.UUIDField()
    supervisor_display_name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Agreement.Kind.choices)
    items = ScopeItemSerializer(many=True, help_text="What the supervisor will be able to read once active.")


class AgreementAcceptSerializer(serializers.Serializer):
    terms = serializers.CharField(
        required=False,
        max_length=64,
        help_text="The agreement's `terms` as the person read them; when the proposal changed since, "
        "nothing is accepted (400 naming `terms`).",
    )


class AgreementCreateSerializer(serializers.Serializer):
    supervisee = ScopedPrimaryKeyRelatedField(scope=org_workers)
    supervisor = ScopedPrimaryKeyRelatedField(scope=org_workers)
    kind = serializers.ChoiceField(choices=Agreement.Kind.choices)
    frequency_days = serializers.IntegerField(min_value=1, max_value=365)
    starts_on = serializers.DateField(required=False, help_text="Defaults to today.")
    ends_on = serializers.DateField(required=False, allow_null=True)


class AgreementUpdateSerializer(serializers.Serializer):
    frequency_days = serializers.IntegerField(min_value=1, max_value=365, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False, allow_null=True, help_text="Set to end the agreement.")


class ValuesCheckSerializer(serializers.Serializer):
    """The peer-values check (issue 18, item 4), agreed together in the session: how far the
    organisation and the team let each value be lived. Not a mark of the supervisee."""

    answers = serializers.DictField(
        child=serializers.ChoiceField(choices=list(VALUE_ANSWERS.items())),
        required=False,
        help_text="Value key (apps/supervision/data/peer_values.json: "
        + ", ".join(peer_value_keys())
        + ") → lived_well, in_the_way or not_discussed; a value left out was not discussed.",
    )
    organisation_could_change = serializers.CharField(
        max_length=MAX_CHANGE_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Optional. Read by the people in the session only; never by managers.",
    )
    agreed_together = serializers.BooleanField(
        required=False, default=False, help_text="Must be true: the check is agreed together in the session."
    )


class LegacyValueEntrySerializer(serializers.Serializer):
    """One answer of the earlier check (before issue 18): the supervisor's, about the supervisee."""

    status = serializers.ChoiceField(choices=list(LEGACY_STATUSES.items()))
    note = serializers.CharField(allow_blank=True)


class SessionSerializer(serializers.ModelSerializer):
    agreements = serializers.SerializerMethodField()
    supervisees = serializers.SerializerMethodField()
    boundary_notes = serializers.SerializerMethodField()
    recorded_by_display_name = serializers.CharField(
        source="recorded_by.display_name", read_only=True, default=None, allow_null=True
    )
    values_check = ValuesCheckSerializer(allow_null=True, read_only=True)
    legacy_values_check = serializers.DictField(
        child=LegacyValueEntrySerializer(),
        allow_null=True,
        read_only=True,
        help_text="Sessions recorded before the check was reframed (issue 18): the supervisor's own "
        "upheld / concern per earlier value, kept as recorded; not a joint answer.",
    )
    functions = serializers.ListField(
        child=serializers.ChoiceField(choices=SupervisionSession.Function.choices), read_only=True
    )

    class Meta:
        model = SupervisionSession
        fields = [
            "id",
            "agreements",
            "supervisees",
            *SupervisionSession.EDITABLE_FIELDS,
            "legacy_values_check",
            "recorded_by",
            "recorded_by_display_name",
            "created_at",
        ]
        read_only_fields = fields

    # In a group session each supervisee sees only their own agreement and notes (the policy).
    def _parts(self, obj):
        return session_parts_shown_to(self.context["request"].user, obj)

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_agreements(self, obj):
        return [a.pk for a in self._parts(obj)[0]]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_supervisees(self, obj):
        return [a.supervisee.display_name for a in self._parts(obj)[0]]

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_boundary_notes(self, obj):
        return [n.pk for n in self._parts(obj)[1]]


class SessionInputSerializer(serializers.Serializer):
    agreements = ScopedPrimaryKeyRelatedField(
        scope=agreements_visible_to, many=True, allow_empty=False, help_text="One, or several for a group session."
    )
    held_on = serializers.DateField()
    duration_minutes = serializers.IntegerField(min_value=5, max_value=480)
    topics = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    functions = serializers.ListField(
        child=serializers.ChoiceField(choices=SupervisionSession.Function.choices), allow_empty=False
    )
    values_check = ValuesCheckSerializer(
        required=False,
        allow_null=True,
        help_text="Agreed together in the session, about the organisation and the team (issue 18).",
    )
    boundary_notes = ScopedPrimaryKeyRelatedField(
        scope=boundary_notes_visible_to, many=True, required=False, help_text="Notes of the people this session covers."
    )
    agreed_actions = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
