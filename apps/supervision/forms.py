from datetime import timedelta

from django import forms
from django.db.models import Q

from apps.accounts.models import User
from apps.boundaries.models import BoundaryNote
from apps.boundaries.selectors import boundary_notes_shared_with
from apps.core.capabilities import caps
from apps.supervision.models import Agreement, SupervisionSession
from apps.supervision.selectors import managed_worker_ids
from apps.supervision.values import peer_values

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
            f"{n.author.display_name}: {n.get_category_display()}, {n.occurred_on:%-d %b %Y} ({n.get_status_display().lower()})"
        )
        self.value_fields = []
        for value in peer_values():
            status_name, note_name = f"value_{value['key']}", f"value_{value['key']}_note"
            self.fields[status_name] = forms.ChoiceField(
                choices=[("", "Not discussed"), *SupervisionSession.ValueStatus.choices],
                required=False,
                label=value["label"],
                help_text=value["prompt"],
            )
            self.fields[note_name] = forms.CharField(
                required=False, max_length=1000, label=f"Note on {value['label'].lower()}"
            )
            self.value_fields.append((self[status_name], self[note_name]))

    def values_check(self) -> dict | None:
        check = {}
        for value in peer_values():
            status = self.cleaned_data.get(f"value_{value['key']}")
            if status:
                check[value["key"]] = {
                    "status": status,
                    "note": self.cleaned_data.get(f"value_{value['key']}_note", ""),
                }
        return check or None

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "agreements": list(data["agreements"]),
            "held_on": data["held_on"],
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
