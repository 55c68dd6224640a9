from django import forms

from apps.fidelity.principles import (
    ANSWER_CHOICES,
    MAX_INTERVAL_DAYS,
    MAX_NOTE_LENGTH,
    MIN_INTERVAL_DAYS,
    PRINCIPLES,
)


class CheckForm(forms.Form):
    """One answer and an optional private note per principle, then who reads it."""

    share_with_supervisor = forms.BooleanField(
        required=False,
        label="Share this check with my supervisors ticked below",
        help_text="Private to you unless you tick this. Managers never see your answers or notes.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for p in PRINCIPLES:
            self.fields[f"answer_{p.key}"] = forms.ChoiceField(
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                label=p.label,
                help_text=p.statement,
                error_messages={"required": "Choose an answer (“not applicable” and “rather not say” are fine)."},
            )
            self.fields[f"note_{p.key}"] = forms.CharField(
                required=False,
                max_length=MAX_NOTE_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=f"Private note on “{p.label}” (optional)",
            )

    def clean(self):
        data = super().clean()
        if not data.get("share_with_supervisor"):
            # The peer supervisors are ticked for convenience; unshared, nobody is named.
            data.pop("readers", None)
        return data

    def principle_rows(self):
        return [(p, self[f"answer_{p.key}"], self[f"note_{p.key}"]) for p in PRINCIPLES]

    def answers(self) -> dict:
        return {
            p.key: {"answer": self.cleaned_data[f"answer_{p.key}"], "note": self.cleaned_data.get(f"note_{p.key}", "")}
            for p in PRINCIPLES
        }


class CheckShareForm(forms.Form):
    share_with_supervisor = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if not data.get("share_with_supervisor"):
            data["readers"] = []  # private: nobody is named, whatever was ticked
        return data


class SettingsForm(forms.Form):
    interval_days = forms.IntegerField(
        min_value=MIN_INTERVAL_DAYS,
        max_value=MAX_INTERVAL_DAYS,
        label="Invite peer workers to the check every (days)",
        help_text=f"91 days is about a quarter. Between {MIN_INTERVAL_DAYS} and {MAX_INTERVAL_DAYS}.",
    )
