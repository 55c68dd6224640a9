from decimal import Decimal

from apps.accounts.models import User
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import OptionalEmailField
from apps.core.capabilities import caps

HOURS_HELP = (
    "Hours a week in their contract, 0.5 to 80; 0 means no contracted hours (bank, sessional or "
    "zero-hours work), so their roles are never flagged as over their hours."
)


class WorkerSerializer(serializers.ModelSerializer):
    email = OptionalEmailField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "display_name",
            "email",
            "worker_kind",
            "status",
            "stepped_away_until",
            "contracted_hours_per_week",
            "is_org_admin",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Stepping away tells the worker's supervisors, never why and no one else: colleagues,
        # managers and org admins as such see them as active, as the pages do (issue 15, item 12).
        request = self.context.get("request")
        if (
            instance.status == User.Status.STEPPED_AWAY
            and request is not None
            and not caps(request.user).is_told_stepped_away(instance.pk)
        ):
            data["status"] = User.Status.ACTIVE
            data["stepped_away_until"] = None
        return data


class TextOnlyField(serializers.CharField):
    """Text, and only text: DRF's field turns a JSON number into text, so ``"password": 12345678``
    was taken though the schema says a string (schemathesis found it)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class WorkerCreateSerializer(serializers.Serializer):
    """Input for ``POST workers/``. ``organisation`` and ``is_org_admin`` are not accepted."""

    # Django's username rule (letters, digits and @ . + - _), stated so the schema carries it.
    username = serializers.RegexField(r"^[\w.@+-]+$", max_length=150)
    display_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    worker_kind = serializers.ChoiceField(choices=User.WorkerKind.choices, default=User.WorkerKind.PEER)
    contracted_hours_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=80,
        default=Decimal(0),
        help_text=HOURS_HELP,
    )
    password = TextOnlyField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=4096,
        trim_whitespace=False,
        style={"input_type": "password"},
    )


class WorkerUpdateSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=150, required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    worker_kind = serializers.ChoiceField(choices=User.WorkerKind.choices, required=False)
    contracted_hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=80, required=False, help_text=HOURS_HELP
    )


class EmailChangeRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class EmailChangeConfirmSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200)


class EmailChangeSerializer(serializers.Serializer):
    """A pending change of the signed-in worker's e-mail address (the token is only in the e-mail)."""

    pending_email = serializers.EmailField(source="new_email")
    expires_at = serializers.DateTimeField()
