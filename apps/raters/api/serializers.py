from apps.competencies.selectors import competencies_visible_to
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ScopedPrimaryKeyRelatedField
from apps.raters.models import Answer, Invitation
from apps.raters.services import MAX_COMPETENCIES


class RaterCompetencySerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    code = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)


class FeedbackAnswerSerializer(serializers.Serializer):
    competency = RaterCompetencySerializer(read_only=True)
    observed = serializers.ChoiceField(choices=Answer.Observed.choices, read_only=True)
    comment = serializers.CharField(read_only=True)


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation as its worker sees it; ``answers`` only on a single invitation's answer
    (reading them is audited), never in the list."""

    state = serializers.ChoiceField(choices=Invitation.State.choices, read_only=True)
    competencies = RaterCompetencySerializer(many=True, read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "rater_name",
            "rater_email",
            "relationship",
            "competencies",
            "state",
            "decision",
            "expires_at",
            "viewed_at",
            "submitted_at",
            "revoked_at",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class InvitationDetailSerializer(InvitationSerializer):
    answers = FeedbackAnswerSerializer(many=True, read_only=True)

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "answers"]
        read_only_fields = fields


class InvitationCreateSerializer(serializers.Serializer):
    rater_name = serializers.CharField(max_length=120)
    rater_email = serializers.EmailField(max_length=254)
    relationship = serializers.ChoiceField(choices=Invitation.Relationship.choices)
    competencies = ScopedPrimaryKeyRelatedField(
        scope=competencies_visible_to,
        many=True,
        allow_empty=False,
        help_text=f"Ids of competencies from your frameworks to ask about (at most {MAX_COMPETENCIES}).",
    )


class DeclineSerializer(serializers.Serializer):
    keep = serializers.BooleanField(help_text="true: keep the answers private to you; false: delete them.")


class RaterAnswerSerializer(serializers.Serializer):
    observed = serializers.ChoiceField(choices=Answer.Observed.choices)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RaterFormSerializer(serializers.Serializer):
    """What a rater's link shows: the worker's display name and the competency titles, nothing else."""

    worker_display_name = serializers.CharField(read_only=True)
    competencies = RaterCompetencySerializer(many=True, read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)
    observed_choices = serializers.ListField(child=serializers.CharField(), read_only=True)


class RaterSubmitSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=RaterAnswerSerializer(),
        allow_empty=False,
        help_text="Competency id -> {observed, comment}: one answer for each competency asked about.",
    )


class RaterThanksSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)
