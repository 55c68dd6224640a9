from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import OptionalEmailField


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=10, required=False, allow_blank=True, help_text="6-digit code, for users with two-factor sign-in"
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField()


class MeTeamSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    team_role = serializers.CharField()


class MePersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()


class MeOrganisationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    time_zone = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    email = OptionalEmailField()
    organisation = MeOrganisationSerializer()
    worker_kind = serializers.CharField()
    status = serializers.CharField()
    stepped_away_until = serializers.DateField(allow_null=True)
    contracted_hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=80)
    is_org_admin = serializers.BooleanField()
    teams = MeTeamSerializer(many=True)
    supervisees = MePersonSerializer(many=True)
