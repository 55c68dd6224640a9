from drf_spectacular.utils import extend_schema_field

from apps.community.models import MAX_BODY, MAX_REASON, MAX_TITLE, Moderator, Post, Thread
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)


class ThreadSerializer(serializers.ModelSerializer):
    author = serializers.UUIDField(source="author_id", read_only=True, allow_null=True)
    author_display_name = serializers.SerializerMethodField()
    post_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Thread
        fields = ["id", "title", "author", "author_display_name", "post_count", "created_at"]
        read_only_fields = fields

    def get_author_display_name(self, thread) -> str:
        return thread.author.display_name if thread.author_id else ""


class ThreadInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=MAX_TITLE)
    body = serializers.CharField(
        max_length=MAX_BODY, required=False, allow_blank=True, default="", help_text="The opening post's text."
    )
    reflection = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="Or: one of your own published reflections to share."
    )


class ReplyInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_BODY, required=False, allow_blank=True, default="")
    reflection = serializers.UUIDField(required=False, allow_null=True, default=None)


class SharedSectionSerializer(serializers.Serializer):
    prompt = serializers.CharField()
    text = serializers.CharField()


class SharedReflectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    framework = serializers.CharField()
    sections = serializers.SerializerMethodField()

    @extend_schema_field(SharedSectionSerializer(many=True))
    def get_sections(self, shared) -> list[dict]:
        return [{"prompt": label, "text": text} for label, text in shared.sections]


class PostSerializer(serializers.ModelSerializer):
    """``text`` and ``shared_reflection`` are null when the post is hidden from the reader."""

    author = serializers.UUIDField(source="author_id", read_only=True)
    author_display_name = serializers.CharField(source="author.display_name", read_only=True)
    thread = serializers.UUIDField(source="thread_id", read_only=True)
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    hidden_reason = serializers.SerializerMethodField()
    text = serializers.CharField(read_only=True, allow_null=True)
    shared_reflection = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "thread",
            "author",
            "author_display_name",
            "text",
            "shared_reflection",
            "hidden",
            "hidden_reason",
            "created_at",
        ]
        read_only_fields = fields

    def get_hidden_reason(self, post) -> str:
        return post.hidden_reason if post.reason_shown else ""

    @extend_schema_field(SharedReflectionSerializer(allow_null=True))
    def get_shared_reflection(self, post) -> dict | None:
        return SharedReflectionSerializer(post.shared).data if post.shared is not None else None


class HideInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_REASON, help_text="The author reads it; nobody else.")


class PreferenceSerializer(serializers.Serializer):
    digest = serializers.BooleanField(help_text="A weekly count of new posts (no content), in-app and by e-mail.")


class ModeratorSerializer(serializers.ModelSerializer):
    worker = serializers.UUIDField(source="worker_id", read_only=True)
    worker_display_name = serializers.CharField(source="worker.display_name", read_only=True)

    class Meta:
        model = Moderator
        fields = ["id", "worker", "worker_display_name", "created_at"]
        read_only_fields = fields


class ModeratorInputSerializer(serializers.Serializer):
    worker = serializers.UUIDField(help_text="A peer worker of your organisation.")
