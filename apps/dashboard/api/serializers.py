"""Output shapes of the dashboard API (read-only; they document the schema and drop the
page-only keys). Aggregates only: names, counts, shares, dates and states."""

from apps.core.api import serializers  # DRF's, refusing unknown fields (docs/api.md)
from apps.voice.api.serializers import TrendSerializer  # the voice app's own trend shape


class DashboardPersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class DashboardTallySerializer(serializers.Serializer):
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    outstanding = serializers.IntegerField(help_text="Overdue today and not yet held (counted as late).")
    counted = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="on_time / counted, 0–1; null when nothing was counted.")


class DashboardWeekTallySerializer(DashboardTallySerializer):
    week_start = serializers.DateField(help_text="Monday of the week (organisation's time zone).")


class DashboardSupervisorTallySerializer(DashboardTallySerializer):
    supervisor = DashboardPersonSerializer(help_text="Whose supervision of the team's members this is.")


class DashboardAttentionSerializer(serializers.Serializer):
    agreement_id = serializers.UUIDField()
    worker = DashboardPersonSerializer()
    supervisor = DashboardPersonSerializer()
    kind = serializers.CharField()
    state = serializers.CharField()
    next_due_on = serializers.DateField(allow_null=True)


class DashboardStateCountsSerializer(serializers.Serializer):
    on_track = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    overdue = serializers.IntegerField()
    paused = serializers.IntegerField()


class DashboardSupervisionSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="How “on time” is counted.")
    weeks_counted = serializers.IntegerField()
    window_start = serializers.DateField()
    window_end = serializers.DateField()
    total = DashboardTallySerializer()
    weeks = DashboardWeekTallySerializer(many=True)
    supervisors = DashboardSupervisorTallySerializer(
        many=True, help_text="Supervision of the team's members held on time, per supervisor (never per supervisee)."
    )
    state_counts = DashboardStateCountsSerializer(help_text="Agreements in force today, by the shared state rule.")
    attention = DashboardAttentionSerializer(many=True, help_text="Agreements overdue or due soon, most urgent first.")
    peers_without_peer_supervision = DashboardPersonSerializer(many=True)


class DashboardHoursRowSerializer(serializers.Serializer):
    worker = DashboardPersonSerializer()
    contracted = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0)
    assigned = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0)
    difference = serializers.DecimalField(max_digits=5, decimal_places=1)
    flag = serializers.ChoiceField(choices=["under", "over", "ok"])


class DashboardHoursSerializer(serializers.Serializer):
    workers = DashboardHoursRowSerializer(many=True)
    contracted_total = serializers.DecimalField(max_digits=7, decimal_places=1, min_value=0)
    assigned_total = serializers.DecimalField(max_digits=7, decimal_places=1, min_value=0)
    under_count = serializers.IntegerField()
    over_count = serializers.IntegerField()


class DashboardRolesSerializer(serializers.Serializer):
    overlap_count = serializers.IntegerField()
    roles_compared = serializers.IntegerField()
    report_url = serializers.CharField()


class DashboardRoleDriftSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    category_label = serializers.CharField(help_text="The boundary-note category counted, as the note form names it.")
    shown = serializers.BooleanField(help_text="False when the team is under the minimum group: total is null.")
    total = serializers.IntegerField(
        allow_null=True, help_text="The team's notes of this category in the last `days` days; never per person."
    )


class DashboardBoundaryCountsSerializer(serializers.Serializer):
    shown = serializers.BooleanField(
        help_text="False when fewer than min_group people in the team write boundary notes: the counts are null."
    )
    min_group = serializers.IntegerField(help_text="The smallest group whose counts are shown (VOICE_MIN_GROUP).")
    people_counted = serializers.IntegerField(
        help_text="Team members who write boundary notes (peer workers, and anyone in supervision)."
    )
    withheld_reason = serializers.CharField(allow_blank=True, help_text="Why the counts are not shown, in plain words.")
    submitted = serializers.IntegerField(allow_null=True, help_text="Awaiting review.")
    reviewed = serializers.IntegerField(allow_null=True, help_text="Reviewed, not yet closed.")
    open = serializers.IntegerField(allow_null=True)


class DashboardReceptionCountsSerializer(serializers.Serializer):
    welcomed = serializers.IntegerField()
    negotiated = serializers.IntegerField()
    dismissed = serializers.IntegerField()
    not_yet = serializers.IntegerField()
    not_recorded = serializers.IntegerField()
    total = serializers.IntegerField()


class DashboardReflectionMonthSerializer(DashboardReceptionCountsSerializer):
    month = serializers.DateField(help_text="First day of the month.")


class DashboardReflectionsSerializer(serializers.Serializer):
    months_counted = serializers.IntegerField()
    months = DashboardReflectionMonthSerializer(many=True)
    totals = DashboardReceptionCountsSerializer()


class DashboardCompetencyRowSerializer(serializers.Serializer):
    worker = DashboardPersonSerializer()
    required = serializers.IntegerField()  # type: ignore[assignment]  # the API's field name; Field.required is a flag
    signed_off = serializers.IntegerField()
    awaiting = serializers.IntegerField()
    more_evidence = serializers.IntegerField()
    not_assessed = serializers.IntegerField()
    assessed_beyond_roles = serializers.IntegerField()


class DashboardTrainingExpiringSerializer(serializers.Serializer):
    worker = DashboardPersonSerializer()
    course = serializers.CharField()
    expires_on = serializers.DateField()
    days_left = serializers.IntegerField()


class DashboardCompetenciesSerializer(serializers.Serializer):
    workers = DashboardCompetencyRowSerializer(many=True)
    required_total = serializers.IntegerField()
    signed_off_total = serializers.IntegerField()
    training_expiring = DashboardTrainingExpiringSerializer(many=True)
    training_expired_count = serializers.IntegerField()
    expiring_within_days = serializers.IntegerField()


class DashboardVoiceLatestSerializer(serializers.Serializer):
    closes_on = serializers.DateField()
    responses = serializers.IntegerField()
    mean = serializers.FloatField()


class DashboardVoiceSerializer(serializers.Serializer):
    min_group = serializers.IntegerField()
    trend = TrendSerializer()
    latest = DashboardVoiceLatestSerializer(allow_null=True)
    pulses_with_results = serializers.IntegerField()


class DashboardReadinessMeanSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    mean = serializers.FloatField()


class DashboardReadinessPeriodSerializer(serializers.Serializer):
    closes_on = serializers.DateField()
    responses = serializers.IntegerField()
    overall = serializers.FloatField(help_text="The mean of the five statements' means, 1–5.")
    means = DashboardReadinessMeanSerializer(many=True)


class DashboardReadinessSerializer(serializers.Serializer):
    readable = serializers.BooleanField()
    min_group = serializers.IntegerField()
    periods = DashboardReadinessPeriodSerializer(
        many=True, help_text="Released readiness pulses only, oldest first; withheld ones are absent."
    )


class DashboardTeamRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class TeamDashboardSerializer(serializers.Serializer):
    team = DashboardTeamRefSerializer()
    today = serializers.DateField(help_text="The organisation's local date the figures are for.")
    member_count = serializers.IntegerField()
    peer_count = serializers.IntegerField()
    supervision = DashboardSupervisionSerializer()
    hours = DashboardHoursSerializer()
    roles = DashboardRolesSerializer()
    role_drift = DashboardRoleDriftSerializer()
    boundary_notes = DashboardBoundaryCountsSerializer()
    reflections = DashboardReflectionsSerializer()
    competencies = DashboardCompetenciesSerializer()
    voice = DashboardVoiceSerializer()
    readiness = DashboardReadinessSerializer(help_text="Host-team readiness over time (issue 19, item 4).")


class DriftFigureSerializer(serializers.Serializer):
    shown = serializers.BooleanField(help_text="False when the group counted has fewer than min_group people.")
    value = serializers.FloatField(allow_null=True, help_text="Null when not shown (or nothing to count).")
    message = serializers.CharField()


class DriftPeriodSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="A quarter, e.g. 2026 Q4.")
    peer_share = DriftFigureSerializer(help_text="Peer-distinct percent of peer workers' duty hours.")
    clinical_absorbing = DriftFigureSerializer(help_text="Peer-distinct percent of clinical staff's duty hours.")
    drift_findings = DriftFigureSerializer()
    non_peer_work_notes = DriftFigureSerializer()
    values_concerns = DriftFigureSerializer()
    fidelity_average = DriftFigureSerializer()


class DriftFigureLabelSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label


class DriftIndicatorsSerializer(serializers.Serializer):
    min_group = serializers.IntegerField()
    threshold = serializers.IntegerField(help_text="The peer-distinct percent under which a finding is made.")
    figures = DriftFigureLabelSerializer(many=True)
    periods = DriftPeriodSerializer(many=True)


class TeamDashboardWithIndicatorsSerializer(TeamDashboardSerializer):
    drift_indicators = DriftIndicatorsSerializer()


class OrganisationDashboardSerializer(serializers.Serializer):
    today = serializers.DateField()
    teams = TeamDashboardSerializer(many=True)
