from apps.accounts.selectors import org_workers
from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.core.api.fields import ScopedPrimaryKeyRelatedField
from apps.teams.models import Membership, Team
from apps.teams.selectors import teams_visible_to


class TeamSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "description", "setting", "member_count", "created_at", "archived_at", "archived_by"]
        read_only_fields = ["id", "member_count", "created_at", "archived_at", "archived_by"]
        extra_kwargs = {"description": {"max_length": 5000}}
        # Uniqueness per organisation is checked by the service (with the organisation known).
        validators = []


class MembershipSerializer(serializers.ModelSerializer):
    team = ScopedPrimaryKeyRelatedField(scope=teams_visible_to)
    worker = ScopedPrimaryKeyRelatedField(scope=org_workers)
    team_name = serializers.CharField(source="team.name", read_only=True)
    worker_display_name = serializers.CharField(source="worker.display_name", read_only=True)
    worker_kind = serializers.CharField(source="worker.worker_kind", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "team",
            "team_name",
            "worker",
            "worker_display_name",
            "worker_kind",
            "team_role",
            "joined_on",
            "left_on",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {
            "joined_on": {"required": False, "help_text": "Defaults to today."},
            "team_role": {"required": False},
        }
        validators = []


class MembershipUpdateSerializer(serializers.Serializer):
    team_role = serializers.ChoiceField(choices=Membership.TeamRole.choices, required=False)
    joined_on = serializers.DateField(required=False)
    left_on = serializers.DateField(required=False, allow_null=True)
