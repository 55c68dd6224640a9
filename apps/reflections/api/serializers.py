from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ReadersField, ReadersOutputField, ScopedPrimaryKeyRelatedField
from apps.reflections.frameworks import framework_choices
from apps.reflections.models import Reflection, ReflectionComment
from apps.reflections.selectors import shareable_teams
from apps.reflections.validation import EDITABLE_FIELDS, MAX_COMMENT_LENGTH, validate_comment_body


class ReflectionSerializer(serializers.ModelSerializer):
    """A reflection as its readers see it (the read rule has already been applied)."""

    author_display_name = serializers.CharField(source="author.display_name", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True, default=None)
    acknowledged_by_display_name = serializers.CharField(
        source="acknowledged_by.display_name", read_only=True, allow_null=True, default=None
    )
    sections = serializers.DictField(child=serializers.CharField(), read_only=True)
    comment_count = serializers.IntegerField(read_only=True)
    readers = ReadersOutputField()

    class Meta:
        model = Reflection
        # Everything an author may write is shown back (``validation.EDITABLE_FIELDS``), with
        # who wrote it, names for the ids, the acknowledgement and the timestamps.
        fields = [
            "id",
            "author",
            "author_display_name",
            *EDITABLE_FIELDS,
            "team_name",
            "acknowledged_by",
            "acknowledged_by_display_name",
            "acknowledged_at",
            "comment_count",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReflectionInputSerializer(serializers.Serializer):
    """What an author sends. ``author``, ``organisation`` and acknowledgement come from the server."""

    title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Required unless a draft."
    )
    occurred_on = serializers.DateField(
        required=False, help_text="Required unless a draft (a draft defaults to today)."
    )
    framework = serializers.ChoiceField(choices=[])
    sections = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        help_text="Prompt key → text, keys of the framework only (`free` has the one key `body`). "
        "At least one non-empty text unless a draft. On PATCH, replaces all sections.",
    )
    perspective = serializers.ChoiceField(choices=Reflection.Perspective.choices, required=False, allow_blank=True)
    shared_with_team = serializers.BooleanField(required=False)
    reception = serializers.ChoiceField(choices=Reflection.Reception.choices, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Reflection.Visibility.choices, required=False)
    team = ScopedPrimaryKeyRelatedField(
        scope=shareable_teams,
        pk_field=serializers.UUIDField(),
        required=False,
        allow_null=True,
        help_text="Required iff visibility is `team`: one of your teams.",
    )
    is_draft = serializers.BooleanField(
        required=False, help_text="Create as a draft (only you see it); PATCH false to publish it."
    )
    replies_open = serializers.BooleanField(
        required=False,
        help_text="Colleagues of the team may reply (default true). False keeps earlier replies, shown to you only.",
    )
    readers = ReadersField(
        help_text="Only when shared (`supervisor` or `team`): ids of your current supervisors who read it. "
        "Sharing anew without it names your peer supervisors; a PATCH without it keeps the readers."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Frameworks are data (frameworks.yaml): read the choices when the serializer is built.
        self.fields["framework"].choices = framework_choices()


class CommentSerializer(serializers.ModelSerializer):
    author_display_name = serializers.CharField(source="author.display_name", read_only=True)

    class Meta:
        model = ReflectionComment
        fields = ["id", "reflection", "author", "author_display_name", "body", "created_at"]
        read_only_fields = fields


class ReplySerializer(CommentSerializer):
    """A comment in the thread, saying whether a team colleague wrote it (``team`` set)."""

    is_colleague_reply = serializers.BooleanField(read_only=True)

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "is_colleague_reply"]
        read_only_fields = fields


class HelpedSerializer(serializers.Serializer):
    helped = serializers.BooleanField(help_text="Whether you marked it “this helped me”.")


class TeamReceptionSerializer(serializers.Serializer):
    """How the team received the author's entry: counts only, each null below ``minimum``."""

    minimum = serializers.IntegerField(help_text="VOICE_MIN_GROUP: no count below it is shown.")
    helped = serializers.IntegerField(allow_null=True, help_text="Colleagues who said “this helped me”.")
    repliers = serializers.IntegerField(allow_null=True, help_text="Different colleagues who replied.")


class CommentInputSerializer(serializers.Serializer):
    # The rule is the service's validator (one message on every channel), not a second max_length.
    body = serializers.CharField(
        validators=[validate_comment_body], help_text=f"The comment, at most {MAX_COMMENT_LENGTH} characters."
    )
