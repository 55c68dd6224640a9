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
