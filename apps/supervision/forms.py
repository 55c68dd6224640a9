from datetime import timedelta

from django import forms
from django.db.models import Q

from apps.accounts.models import User
from apps.boundaries.models import BoundaryNote
from apps.boundaries.selectors import boundary_notes_shared_with
from apps.core.capabilities import caps
from apps.core.dates import prose_date
from apps.supervision.models import Agreement, SupervisionSession
from apps.supervision.selectors import managed_worker_ids
from apps.supervision.values import ANSWERS as VALUE_ANSWERS
from apps.supervision.values import IN_THE_WAY, LIVED_WELL, MAX_CHANGE_LENGTH, NOT_DISCUSSED, peer_values

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class TaggedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes carrying ``data-<name>`` = an attribute of each option's object, so that
    static/js/supervision.js can show only the notes of the people being supervised."""

    def __init__(self, *args, data_name: str, attribute: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_name, self.attribute = data_name, attribute

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"][f"data-{self.data_name}"] = str(getattr(instance, self.attribute))
        return option


class AgreementForm(forms.Form):
    supervisee = forms.ModelChoiceField(queryset=None, empty_label="Choose a person", label="Supervisee")
    supervisor = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a supervisor",
        label="Supervisor",
        help_text="Peer supervision by someone with lived experience keeps peer practice distinct.",
    )
    kind = forms.ChoiceField(choices=Agreement.Kind.choices, label="Kind of supervision")
    frequency_days = forms.IntegerField(min_value=1, max_value=365, initial=28, label="Every how many days")
    starts_on = forms.DateField(widget=DATE, required=False, help_text="Defaults to today.")
    ends_on = forms.DateField(widget=DATE, required=False, label="Ends on (optional)")

    def __init__(self, *args, supervisees, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisee"].queryset = supervisees
        self.fields["supervisor"].queryset = supervisors
        self.fields["supervisor"].label_from_instance = lambda u: (
            f"{u.display_name} ({'lived experience' if u.is_peer else u.get_worker_kind_display().lower()})"
        )


class AgreementEditForm(forms.Form):
    frequency_days = forms.IntegerField(min_value=1, max_value=365, label="Every how many days")
    starts_on = forms.DateField(widget=DATE)
    ends_on = forms.DateField(
        widget=DATE, required=False, label="Ends on", help_text="Set a date to end the agreement."
    )


class SessionForm(forms.Form):
    agreements = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=TaggedCheckboxes(data_name="supervisee", attribute="supervisee_id"),
        label="Who was supervised",
        help_text="Tick several people for a group session.",
    )
    held_on = forms.DateField(widget=DATE, label="Held on")
    duration_minutes = forms.IntegerField(min_value=5, max_value=480, initial=60, label="Duration (minutes)")
    functions = forms.MultipleChoiceField(
        choices=SupervisionSession.Function.choices,
        widget=forms.CheckboxSelectMultiple,
        label="What the session was for",
    )
    topics = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Never identify a service user.",
    )
    boundary_notes = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=TaggedCheckboxes(data_name="author", attribute="author_id"),
        label="Boundary notes discussed",
    )
    agreed_actions = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        today = caps(user).today
        self.fields["agreements"].queryset = agreements
        self.fields["agreements"].label_from_instance = lambda a: (
            f"{a.supervisee.display_name} — {a.get_kind_display()}"
        )
        recent = today - timedelta(days=180)
        self.fields["boundary_notes"].queryset = (
            # Only notes the supervisee shared with this supervisor (issue 13).
            boundary_notes_shared_with(user)
            .filter(~Q(status=BoundaryNote.Status.CLOSED) | Q(submitted_at__date__gte=recent))
            .select_related("author")
            .order_by("author__display_name", "-submitted_at")
        )
        self.fields["boundary_notes"].label_from_instance = lambda n: (
            f"{n.author.display_name}: {n.get_category_display()}, {prose_date(n.occurred_on)} ({n.get_status_display().lower()})"
        )
        # The peer-values check (issue 18, item 4): agreed together, about the organisation.
        self.value_fields = []
        for value in peer_values():
            name = f"value_{value['key']}"
            self.fields[name] = forms.ChoiceField(
                choices=[
                    (NOT_DISCUSSED, VALUE_ANSWERS[NOT_DISCUSSED]),
                    (LIVED_WELL, VALUE_ANSWERS[LIVED_WELL]),
                    (IN_THE_WAY, VALUE_ANSWERS[IN_THE_WAY]),
                ],
                required=False,
                initial=NOT_DISCUSSED,
                # Three answers side by side, each labelled (the template's choice group).
                widget=forms.RadioSelect,
                label=value["label"],
                help_text=value["prompt"],
            )
            self.value_fields.append(self[name])
        self.fields["organisation_could_change"] = forms.CharField(
            required=False,
            max_length=MAX_CHANGE_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
            label="What the organisation could change (optional)",
            help_text="Read by the people in this session only; managers see only how many sessions named a "
            "value as getting in the way, never this text.",
        )
        self.fields["values_agreed_together"] = forms.BooleanField(
            required=False,
            label="We agreed these answers together in the session",
            help_text="Needed when you record the values check: it is a shared view, not one person's about the other.",
        )

    def values_check(self) -> dict | None:
        answers = {}
        for value in peer_values():
            answer = self.cleaned_data.get(f"value_{value['key']}") or NOT_DISCUSSED
            if answer != NOT_DISCUSSED:
                answers[value["key"]] = answer
        change = self.cleaned_data.get("organisation_could_change", "")
        if not answers and not change.strip():
            return None
        return {
            "answers": answers,
            "organisation_could_change": change,
            "agreed_together": bool(self.cleaned_data.get("values_agreed_together")),
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"agreements": list(data["agreements"]), "held_on": data["held_on"], **self.record_kwargs()}

    def record_kwargs(self) -> dict:
        """What was recorded, for ``session_record`` (with the agreements and date)."""
        data = self.cleaned_data
        return {
            "duration_minutes": data["duration_minutes"],
            "functions": list(data["functions"]),
            "topics": data["topics"],
            "values_check": self.values_check(),
            "boundary_notes": list(data["boundary_notes"]),
            "agreed_actions": data["agreed_actions"],
        }


def supervisee_choices(user):
    """People a manager may set up supervision for: active members of the teams they manage."""
    qs = User.objects.filter(organisation_id=user.organisation_id).exclude(status=User.Status.LEFT)
    if caps(user).is_org_admin:
        return qs.order_by("display_name")
    return qs.filter(pk__in=managed_worker_ids(user)).order_by("display_name")


def supervisor_choices(user):
    return (
        User.objects.filter(organisation_id=user.organisation_id, is_active=True)
        .exclude(status=User.Status.LEFT)
        .order_by("display_name")
    )


TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
PLACE_HELP = "A room or an address. It goes into everyone's calendar: nothing about what you will talk about."


class PlannedChangeForm(forms.Form):
    """When and where a planned session is (the people are fixed once planned)."""

    date = forms.DateField(widget=DATE, label="Date")
    time = forms.TimeField(widget=TIME, label="Start time", help_text="In your organisation's time zone.")
    duration_minutes = forms.IntegerField(min_value=5, max_value=480, initial=60, label="Duration (minutes)")
    location = forms.CharField(required=False, max_length=200, label="Where", help_text=PLACE_HELP)
    video_url = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        label="Video link (optional)",
        help_text="Instead of, or as well as, a place.",
    )


class PlannedSessionForm(PlannedChangeForm):
    agreements = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Who the session is with",
        help_text="Only people you have a supervision agreement with. Tick several for a group session.",
    )
    field_order = ["agreements", "date", "time", "duration_minutes", "location", "video_url"]

    def __init__(self, *args, user, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreements"].queryset = agreements
        self.fields["agreements"].label_from_instance = lambda a: (
            f"{a.supervisee.display_name} — {a.get_kind_display()}"
            if a.supervisor_id == user.pk
            else f"{a.supervisor.display_name} (my supervisor) — {a.get_kind_display()}"
        )


class HeldForm(SessionForm):
    """Marking a planned session held: the usual session record, its people and date taken
    from the plan."""

    def __init__(self, *args, user, planned, **kwargs):
        super().__init__(*args, user=user, agreements=planned.agreements.all(), **kwargs)
        del self.fields["agreements"], self.fields["held_on"]

    def service_kwargs(self) -> dict:
        return self.record_kwargs()
