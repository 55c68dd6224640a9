from datetime import timedelta

from django import forms

from apps.voice.models import Feedback
from apps.voice.questions import SCALE, SCALE_LABELS, questions


class FeedbackForm(forms.Form):
    body = forms.CharField(
        label="Your feedback",
        max_length=Feedback.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "Anonymous: your name is not stored with it. Managers see feedback only in batches of several "
            "messages. Please don't name yourself, colleagues or anyone you support."
        ),
    )


class PulseAnswerForm(forms.Form):
    """One radio group per question (rendered as fieldsets by the template)."""

    def __init__(self, *args, question_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions(question_set)
        choices = [(value, f"{value} — {SCALE_LABELS[value]}") for value in SCALE]
        for question in self.questions:
            self.fields[f"q{question.number}"] = forms.TypedChoiceField(
                label=question.text, choices=choices, coerce=int, widget=forms.RadioSelect
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"q{q.number}"] for q in self.questions]

    def rows(self):
        return [(question, self[f"q{question.number}"]) for question in self.questions]


class PulseOpenForm(forms.Form):
    closes_on = forms.DateField(
        label="Open until",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last day answers are accepted. Results are shown after it, if enough people answered.",
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closes_on"].initial = today + timedelta(days=14)


class OwnPasswordForm(forms.Form):
    """A button: e-mail me a link to set my own password (no fields; the address is the account's)."""


class PooledOpenForm(forms.Form):
    """An org admin opens a pooled peer-voice pulse (issue 19, item 3)."""

    teams = forms.ModelMultipleChoiceField(
        label="Teams",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Everyone asked answers once, however many of these teams they are in.",
    )
    whole_organisation = forms.BooleanField(label="The whole organisation (every team)", required=False)
    audience = forms.ChoiceField(
        label="Who is asked",
        choices=[
            ("peers", "Peer workers"),
            ("everyone", "Peer workers and clinicians (peer workers reported apart where the numbers allow)"),
        ],
        initial="peers",
        widget=forms.RadioSelect,
    )
    closes_on = forms.DateField(
        label="Open until",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last day answers are accepted. Each breakdown is shown after it only if the rule allows.",
    )

    def __init__(self, *args, teams, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.fields["closes_on"].initial = today + timedelta(days=14)


class ReadinessOpenForm(forms.Form):
    """A team's managers open its host-readiness pulse for its clinical colleagues (item 4)."""

    team = forms.ModelChoiceField(label="Team", queryset=None)
    closes_on = forms.DateField(
        label="Open until",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last day answers are accepted. Results appear after it, if enough colleagues answered.",
    )

    def __init__(self, *args, teams, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["closes_on"].initial = today + timedelta(days=14)
