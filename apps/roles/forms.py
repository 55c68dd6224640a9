from typing import cast

from django import forms
from django.forms import formset_factory

from apps.accounts.models import User
from apps.roles.extensions import definition_fields
from apps.roles.models import (
    MAX_HOURS,
    MIN_HOURS,
    AssignmentComment,
    Consultation,
    DefinitionComment,
    Duty,
    RoleDefinition,
)
from apps.roles.services import MAX_DUTIES

DUTY_PREFIX = "duties"


class RoleDefinitionForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, empty_label="Choose a team")
    title = forms.CharField(max_length=200, help_text="e.g. Peer Support Worker")
    kind = forms.ChoiceField(choices=RoleDefinition.Kind.choices, label="Kind of role")
    purpose = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this role exists in the team, in a sentence or two.",
    )
    boundaries = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What this role does not do, and where it hands over.",
    )
    hours_per_week = forms.DecimalField(
        min_value=MIN_HOURS, max_value=MAX_HOURS, decimal_places=1, label="Hours per week"
    )
    lived_experience = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Lived-experience expertise it calls on",
        help_text="One a line, in your own words: e.g. “experience of using mental health services”, "
        "“experience of recovery from addiction”.",
    )

    def __init__(self, *args, user: User, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is None:
            del self.fields["team"]  # editing: a definition stays in its team
        else:
            cast(forms.ModelChoiceField, self.fields["team"]).queryset = teams
        # Fields other apps keep (required competencies): checkboxes of what ``user`` may choose.
        for extra in definition_fields():
            self.fields[extra.name] = forms.ModelMultipleChoiceField(
                queryset=extra.choices(user),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=extra.label,
                help_text=extra.help_text,
            )


class DutyForm(forms.Form):
    description = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}), label="Duty")
    category = forms.ChoiceField(choices=[("", "Choose a category"), *Duty.Category.choices])
    position = forms.IntegerField(
        min_value=1,
        max_value=999,
        required=False,
        label="Order",
        widget=forms.NumberInput(attrs={"class": "duty-position", "inputmode": "numeric"}),
    )


class BaseDutyFormSet(forms.BaseFormSet):
    def ordered_duties(self) -> list[dict]:
        """The kept duties in the order their "Order" numbers give (ties and blanks keep their place)."""
        kept = []
        for index, form in enumerate(self.forms):
            # _should_delete_form is Django's own helper, missing from django-stubs.
            if not form.has_changed() or (self.can_delete and self._should_delete_form(form)):  # type: ignore[attr-defined]
                continue
            data = form.cleaned_data
            if not data.get("description"):
                continue
            position = data.get("position")
            kept.append((position if position is not None else 10_000 + index, index, data))
        kept.sort(key=lambda item: (item[0], item[1]))
        return [{"description": d["description"], "category": d["category"]} for _, _, d in kept]


DutyFormSet = formset_factory(
    DutyForm, formset=BaseDutyFormSet, extra=0, can_delete=True, max_num=MAX_DUTIES, validate_max=True
)


def duty_formset(data=None, *, definition=None, extra_rows: int = 0):
    """A duty formset: bound to ``data``, or filled from ``definition``'s duties plus ``extra_rows`` empty rows."""
    if data is not None:
        return DutyFormSet(data, prefix=DUTY_PREFIX)
    initial = []
    if definition is not None:
        initial = [
            {"description": d.description, "category": d.category, "position": d.position}
            for d in definition.duties.all()
        ]
    formset = DutyFormSet(initial=initial, prefix=DUTY_PREFIX)
    formset.extra = extra_rows if initial else max(extra_rows, 2)
    return formset


def with_added_row(post_data):
    """The POSTed formset with one more empty row (the no-JavaScript "Add another duty")."""
    data = post_data.copy()
    key = f"{DUTY_PREFIX}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except ValueError:
        total = 0
    data[key] = str(min(total + 1, MAX_DUTIES))
    return DutyFormSet(data, prefix=DUTY_PREFIX)


class AssignmentForm(forms.Form):
    role_definition = forms.ModelChoiceField(queryset=None, empty_label="Choose a role", label="Role")
    worker = forms.ModelChoiceField(queryset=None, empty_label="Choose a team member", label="Team member")
    starts_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Starts on",
        help_text="Defaults to today.",
    )
    ends_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Ends on",
        help_text="Leave empty if open-ended.",
    )
    hours_per_week = forms.DecimalField(
        required=False,
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        decimal_places=1,
        label="Hours per week",
        help_text="Defaults to the role's hours.",
    )
    confirm_over_allocation = forms.BooleanField(
        required=False, label="Assign anyway, although this goes over their contracted hours"
    )

    def __init__(self, *args, definitions, workers, refresh_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_definition"].queryset = definitions
        self.fields["role_definition"].label_from_instance = lambda d: f"{d.title} (v{d.version}) — {d.team.name}"
        self.fields["worker"].queryset = workers
        if refresh_url:
            # Choosing a role reloads the form (htmx) so that only that team's members are offered;
            # without JavaScript every member of the user's teams is listed and the service checks.
            self.fields["role_definition"].widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change",
                    "hx-target": "#assign-form",
                    "hx-select": "#assign-form",
                    "hx-swap": "outerHTML",
                    "hx-include": "closest form",
                }
            )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date cannot be before the start date.")
        return data


class EndAssignmentForm(forms.Form):
    ends_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Last day")


class AssignmentCommentForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            (AssignmentComment.Kind.QUESTION, "Ask a question"),
            (AssignmentComment.Kind.CHANGE_REQUEST, "Ask for a change to the role before I agree"),
        ],
        initial=AssignmentComment.Kind.QUESTION,
        required=False,
        widget=forms.RadioSelect,
        label="What are you doing?",
    )
    body = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Your question or comment",
        help_text="Your manager is told and answers here. Only you and the team's managers read this.",
    )

    def __init__(self, *args, replying: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if replying:
            del self.fields["kind"]  # a manager answers; asking for a change is the worker's
            self.fields["body"].label = "Your answer"
            self.fields[
                "body"
            ].help_text = "They are told and read it here. Only they and the team's managers read this."

    def clean_kind(self):
        return self.cleaned_data.get("kind") or AssignmentComment.Kind.QUESTION


# --- co-produced role definitions (issue 18, item 3) --------------------------------------------


class ConsultForm(forms.Form):
    workers = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Peer workers to ask",
        help_text="Each is told, can comment and propose changes on this draft, and says for themself "
        "whether they agree. The team's other peer workers can comment too.",
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers"].queryset = workers
        self.fields["workers"].label_from_instance = lambda u: u.display_name


class ConsultationResponseForm(forms.Form):
    response = forms.ChoiceField(
        choices=Consultation.Response.choices, widget=forms.RadioSelect, label="Do you agree with this role?"
    )


class DefinitionCommentForm(forms.Form):
    proposes = forms.ChoiceField(choices=DefinitionComment.Proposes.choices, required=False, label="What is it?")
    body = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Your comment or proposed change",
        help_text="The team's managers read it and accept or decline it with a reason. Other peer workers "
        "do not see it.",
    )


class DecideCommentForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(DefinitionComment.Decision.ACCEPTED, "Accept"), (DefinitionComment.Decision.DECLINED, "Decline")],
        widget=forms.RadioSelect,
        label="Decision",
    )
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason",
        help_text="The person who wrote it reads this on the role's page.",
    )

    def __init__(self, *args, comment_id, **kwargs):
        # Several of these on one page: ids unique per comment, names the same.
        super().__init__(*args, auto_id=f"id_decide_{comment_id}_%s", **kwargs)
        self.comment_id = comment_id
