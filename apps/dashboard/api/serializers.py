"""Output shapes of the dashboard API (read-only; they document the schema and drop the
page-only keys). Aggregates only: names, counts, shares, dates and states."""

from rest_framework import serializers


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class TallySerializer(serializers.Serializer):
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    outstanding = serializers.IntegerField(help_text="Overdue today and not yet held (counted as late).")
    excused = serializers.IntegerField(help_text="Late sessions not counted: the supervisee had stepped away.")
    counted = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="on_time / counted, 0–1; null when nothing was counted.")


class WeekTallySerializer(TallySerializer):
    week_start = serializers.DateField(help_text="Monday of the week (organisation's time zone).")


class WorkerTallySerializer(TallySerializer):
    worker = PersonSerializer()


class AttentionSerializer(serializers.Serializer):
    agreement_id = serializers.UUIDField()
    worker = PersonSerializer()
    supervisor = PersonSerializer()
    kind = serializers.CharField()
    state = serializers.CharField()
    next_due_on = serializers.DateField(allow_null=True)


class StateCountsSerializer(serializers.Serializer):
    on_track = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    overdue = serializers.IntegerField()
    paused = serializers.IntegerField()


class SupervisionSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="How “on time” is counted.")
    weeks_counted = serializers.IntegerField()
    window_start = serializers.DateField()
    window_end = serializers.DateField()
    total = TallySerializer()
    weeks = WeekTallySerializer(many=True)
    workers = WorkerTallySerializer(many=True)
    state_counts = StateCountsSerializer(help_text="Agreements in force today, by the shared state rule.")
    attention = AttentionSerializer(many=True, help_text="Agreements overdue, due soon or paused, most urgent first.")
    peers_without_peer_supervision = PersonSerializer(many=True)


class HoursRowSerializer(serializers.Serializer):
    worker = PersonSerializer()
    contracted = serializers.DecimalField(max_digits=5, decimal_places=1)
    assigned = serializers.DecimalField(max_digits=5, decimal_places=1)
    difference = serializers.DecimalField(max_digits=5, decimal_places=1)
    flag = serializers.ChoiceField(choices=["under", "over", "ok"])


class HoursSerializer(serializers.Serializer):
    workers = HoursRowSerializer(many=True)
    contracted_total = serializers.DecimalField(max_digits=7, decimal_places=1)
    assigned_total = serializers.DecimalField(max_digits=7, decimal_places=1)
    under_count = serializers.IntegerField()
    over_count = serializers.IntegerField()


class RolesSerializer(serializers.Serializer):
    overlap_count = serializers.IntegerField()
    roles_compared = serializers.IntegerField()
    report_url = serializers.CharField()


class DriftRowSerializer(serializers.Serializer):
    worker = PersonSerializer()
    count = serializers.IntegerField()


class RoleDriftSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    workers = DriftRowSerializer(many=True)
    total = serializers.IntegerField()


class BoundaryCountsSerializer(serializers.Serializer):
    submitted = serializers.IntegerField(help_text="Awaiting review.")
    reviewed = serializers.IntegerField(help_text="Reviewed, not yet closed.")
    open = serializers.IntegerField()


class ReceptionCountsSerializer(serializers.Serializer):
    welcomed = serializers.IntegerField()
    negotiated = serializers.IntegerField()
    dismissed = serializers.IntegerField()
    not_yet = serializers.IntegerField()
    not_recorded = serializers.IntegerField()
    total = serializers.IntegerField()


class ReflectionMonthSerializer(ReceptionCountsSerializer):
    month = serializers.DateField(help_text="First day of the month.")


class ReflectionsSerializer(serializers.Serializer):
    months_counted = serializers.IntegerField()
    months = ReflectionMonthSerializer(many=True)
    totals = ReceptionCountsSerializer()


class CompetencyRowSerializer(serializers.Serializer):
    worker = PersonSerializer()
    required = serializers.IntegerField()
    signed_off = serializers.IntegerField()
    awaiting = serializers.IntegerField()
    more_evidence = serializers.IntegerField()
    not_assessed = serializers.IntegerField()
    assessed_beyond_roles = serializers.IntegerField()


class TrainingExpiringSerializer(serializers.Serializer):
    worker = PersonSerializer()
    course = serializers.CharField()
    expires_on = serializers.DateField()
    days_left = serializers.IntegerField()


class CompetenciesSerializer(serializers.Serializer):
    workers = CompetencyRowSerializer(many=True)
    required_total = serializers.IntegerField()
    signed_off_total = serializers.IntegerField()
    training_expiring = TrainingExpiringSerializer(many=True)
    training_expired_count = serializers.IntegerField()
    expiring_within_days = serializers.IntegerField()


class TrendSeriesSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField()
    data = serializers.ListField(child=serializers.FloatField())


class VoiceTrendSerializer(serializers.Serializer):
    labels = serializers.ListField(child=serializers.CharField())
    series = TrendSeriesSerializer(many=True)


class VoiceLatestSerializer(serializers.Serializer):
    closes_on = serializers.DateField()
    responses = serializers.IntegerField()
    mean = serializers.FloatField()


class VoiceSerializer(serializers.Serializer):
    min_group = serializers.IntegerField()
    trend = VoiceTrendSerializer()
    latest = VoiceLatestSerializer(allow_null=True)
    pulses_with_results = serializers.IntegerField()


class TeamRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class TeamDashboardSerializer(serializers.Serializer):
    team = TeamRefSerializer()
    today = serializers.DateField(help_text="The organisation's local date the figures are for.")
    member_count = serializers.IntegerField()
    peer_count = serializers.IntegerField()
    supervision = SupervisionSerializer()
    hours = HoursSerializer()
    roles = RolesSerializer()
    role_drift = RoleDriftSerializer()
    boundary_notes = BoundaryCountsSerializer()
    reflections = ReflectionsSerializer()
    competencies = CompetenciesSerializer()
    voice = VoiceSerializer()


class OrganisationDashboardSerializer(serializers.Serializer):
    today = serializers.DateField()
    teams = TeamDashboardSerializer(many=True)
