from apps.boundaries.models import BoundaryNote, FollowUp
from apps.boundaries.wording import CHOOSE_CATEGORY, CHOOSE_TALK_WHEN
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ReadersField, ReadersOutputField

NOTE_META_FIELDS = [
    "id",
    "author",
    "author_display_name",
    "occurred_on",
    "category",
    "risk",
    "status",
    "submitted_at",
    "reviewer",
    "reviewer_display_name",
    "reviewed_at",
    "follow_up_needed",
    "closed_at",
]


class BoundaryNoteListSerializer(serializers.ModelSerializer):
    """A note in a list: what and when, never the text (read one note to see it; that read is audited)."""

    author_display_name = serializers.CharField(source="author.display_name", read_only=True)
    reviewer_display_name = serializers.CharField(
        source="reviewer.display_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = BoundaryNote
        fields = NOTE_META_FIELDS
        read_only_fields = fields


class BoundaryNoteSerializer(BoundaryNoteListSerializer):
    """One note with its text, the supervisor's review and (for the author) who reads it."""

    readers = ReadersOutputField()

    class Meta:
        model = BoundaryNote
        fields = [
            *NOTE_META_FIELDS,
            "situation",
            "what_i_shared",
            "reasoning",
            *BoundaryNote.DISCLOSURE_PLAN_FIELDS,
            "response",
            "readers",
        ]
        read_only_fields = fields


class BoundaryNoteInputSerializer(serializers.Serializer):
    """What the author writes. Never identify a service user."""

    occurred_on = serializers.DateField()
    category = serializers.ChoiceField(
        choices=BoundaryNote.Category.choices,
        error_messages={"required": CHOOSE_CATEGORY},
        help_text="Required, no default: the author chooses.",
    )
    situation = serializers.CharField(max_length=5000, help_text="What happened. Never identify a service user.")
    what_i_shared = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    reasoning = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    risk = serializers.ChoiceField(
        choices=BoundaryNote.Risk.choices,
        error_messages={"required": CHOOSE_TALK_WHEN},
        help_text="How soon the author would like to talk it through: high = soon, medium = this week, "
        "low = whenever suits. Required, no default: the author chooses.",
    )
    # The disclosure plan (optional; as private as the note).
    plan_purpose = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    plan_whose_interest = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    plan_what_and_how_much = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    plan_ask_share_ask = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    plan_support_after = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    readers = ReadersField(
        help_text="Ids of your current supervisors (any kind) who read and review the note; by default your "
        "peer supervisors. PATCH it at any time (reviewed or not) to change who reads it."
    )


class BoundaryNoteReviewSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=5000)
    follow_up_needed = serializers.BooleanField(default=False)


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["id", "note", "body", "created_at"]
        read_only_fields = ["id", "note", "created_at"]
        extra_kwargs = {"body": {"max_length": 5000}}


class StatusCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    submitted = serializers.IntegerField()
    reviewed = serializers.IntegerField()
    closed = serializers.IntegerField()


class NoteStateSerializer(serializers.ModelSerializer):
    author_display_name = serializers.CharField(source="author.display_name")

    class Meta:
        model = BoundaryNote
        fields = ["id", "author", "author_display_name", "status", "submitted_at", "reviewed_at"]
        read_only_fields = fields


class BoundaryNoteSummarySerializer(serializers.Serializer):
    """Counts (and, for team managers, each note's state) — never any text."""

    counts = StatusCountsSerializer()
    notes = NoteStateSerializer(many=True, required=False, help_text="Team managers only: each note's state.")
