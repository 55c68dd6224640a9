from django import forms

from apps.raters.models import Answer, Invitation
from apps.raters.services import MAX_COMPETENCIES


class CompetencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, competency):
        return f"{competency.code} {competency.title}"


class InvitationForm(forms.Form):
    rater_name = forms.CharField(label="Their name", max_length=120)
    rater_email = forms.EmailField(label="Their e-mail address", max_length=254)
    relationship = forms.ChoiceField(
        label="How do they know your work?", choices=Invitation.Relationship.choices, widget=forms.RadioSelect
    )
    competencies = CompetencyChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="What to ask them about",
        help_text=f"Choose up to {MAX_COMPETENCIES} competencies they have seen you use.",
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = competencies


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", "Add it to my portfolio as evidence"),
            ("keep", "Keep it private to me (not evidence)"),
            ("delete", "Delete the answers"),
        ],
        widget=forms.RadioSelect,
        label="What would you like to do with this feedback?",
    )


OBSERVED_LABEL = "How often have you seen this in their work?"


class RaterForm(forms.Form):
    """One question (and an optional comment) per competency the worker chose."""

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        for competency in self.competencies:
            self.fields[f"observed_{competency.pk}"] = forms.ChoiceField(
                label=OBSERVED_LABEL,
                choices=Answer.Observed.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose how often you have seen this."},
            )
            self.fields[f"comment_{competency.pk}"] = forms.CharField(
                label="A short comment (optional)",
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            )

    def questions(self):
        return [
            (competency, self[f"observed_{competency.pk}"], self[f"comment_{competency.pk}"])
            for competency in self.competencies
        ]

    def answers(self) -> dict:
        return {
            str(c.pk): {
                "observed": self.cleaned_data[f"observed_{c.pk}"],
                "comment": self.cleaned_data[f"comment_{c.pk}"],
            }
            for c in self.competencies
        }
