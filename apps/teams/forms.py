"""Forms of team membership (the team page and the People page both add people to teams)."""

from django import forms

from apps.teams.models import Membership


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
