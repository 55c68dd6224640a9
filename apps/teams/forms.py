"""Forms of teams and team membership (the team page and the People page both add people to teams)."""

from django import forms

from apps.teams.models import Membership, Team
from apps.teams.services import MAX_DESCRIPTION


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


class TeamForm(forms.Form):
    """Name, setting and description of a team (creating it, or changing it later); the
    services check the rest (a name unique in the organisation, an archived team unchanged)."""

    name = forms.CharField(max_length=200, label="Team name")
    setting = forms.ChoiceField(
        choices=Team.Setting.choices,
        initial=Team.Setting.COMMUNITY,
        help_text="Where the team mostly works.",
    )
    description = forms.CharField(
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="About this team",
        help_text="Optional: a few words on what the team does. Everyone in the team sees it on the team page.",
    )
