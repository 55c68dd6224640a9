from django import forms

from apps.credentials.loader import shipped_profiles
from apps.credentials.models import MAX_ENTRY_HOURS, MAX_NOTE, MIN_ENTRY_HOURS, PracticeEntry
from apps.credentials.periods import PERIOD_LABELS
from apps.credentials.validation import NOTE_HELP


class PracticeEntryForm(forms.Form):
    worked_on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        min_value=MIN_ENTRY_HOURS,
        max_value=MAX_ENTRY_HOURS,
        decimal_places=2,
        max_digits=4,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        help_text="In quarters of an hour, up to 24 for one day.",
    )
    category = forms.ChoiceField(label="Kind of work", choices=PracticeEntry.Category.choices)
    note = forms.CharField(required=False, max_length=MAX_NOTE, help_text=NOTE_HELP)


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label="Period", choices=list(PERIOD_LABELS.items()), initial="year", required=False)
    date_after = forms.DateField(label="From (custom)", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_before = forms.DateField(label="To (custom)", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ProfileChoiceForm(forms.Form):
    profiles = forms.MultipleChoiceField(
        label="Credential profiles I track",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Progress bars show how your hours count towards each.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profiles"].choices = [(slug, p.name) for slug, p in shipped_profiles().items()]
