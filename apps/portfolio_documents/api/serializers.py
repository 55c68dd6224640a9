from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.portfolio_documents.models import PortfolioDocument
from apps.portfolio_documents.sections import ticked_sections


class PortfolioDocumentSerializer(serializers.ModelSerializer):
    """A document as its owner sees it: never the verification code (printed on the PDF only),
    its last four characters to tell documents apart."""

    downloadable = serializers.BooleanField(read_only=True)
    verification_revoked = serializers.SerializerMethodField()

    class Meta:
        model = PortfolioDocument
        fields = [
            "id",
            "starts_on",
            "ends_on",
            "sections",
            "status",
            "page_count",
            "size",
            "rendered_at",
            "downloadable",
            "file_deleted_at",
            "code_hint",
            "verification_revoked",
            "revoked_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_verification_revoked(self, document: PortfolioDocument) -> bool:
        return document.revoked_at is not None


class PortfolioDocumentCreateSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=[(s.key, s.title) for s in ticked_sections()]),
        required=False,
        default=list,
        max_length=len(ticked_sections()),
    )
    reflections = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=200,
        help_text="Your own published reflections to include in full, one by one.",
    )
