from django import forms

from apps.accounts.models import User
from apps.teams.models import Membership


class WorkerForm(forms.Form):
    username = forms.CharField(max_length=150, help_text="Used to sign in. Letters, digits and @/./+/-/_ only.")
    display_name = forms.CharField(max_length=150, label="Name shown to colleagues")
    email = forms.EmailField(required=False, help_text="Without a password, a set-password link is sent here.")
    worker_kind = forms.ChoiceField(choices=User.WorkerKind.choices, label="Kind of worker")
    contracted_hours_per_week = forms.DecimalField(
        min_value=0, max_value=80, decimal_places=1, initial=0, label="Contracted hours per week"
    )
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Optional. Leave empty to e-mail a set-password link instead.",
    )


class MembershipForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, empty_label="Choose a team")
    worker = forms.ModelChoiceField(queryset=None, empty_label="Choose a person", label="Person")
    team_role = forms.ChoiceField(
        choices=Membership.TeamRole.choices, initial=Membership.TeamRole.MEMBER, label="Team role"
    )
    joined_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="Defaults to today."
    )

    def __init__(self, *args, teams, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["worker"].queryset = workers
