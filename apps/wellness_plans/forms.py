from django import forms

from apps.wellness_plans.sections import (
    FIELD_HELP,
    FIELD_LABELS,
    MAX_ADJUSTMENT_WHAT,
    MAX_ADJUSTMENT_WHO,
    MAX_SECTION_LENGTH,
    TEXT_FIELDS,
)


class PlanForm(forms.Form):
    """The plan's own words, every section optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TEXT_FIELDS:
            self.fields[name] = forms.CharField(
                required=False,
                max_length=MAX_SECTION_LENGTH,
                label=FIELD_LABELS[name],
                help_text=FIELD_HELP[name],
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_SECTION_LENGTH}),
            )


class AdjustmentForm(forms.Form):
    what = forms.CharField(required=False, max_length=MAX_ADJUSTMENT_WHAT, label="What we agreed")
    agreed_with = forms.CharField(required=False, max_length=MAX_ADJUSTMENT_WHO, label="Agreed with")
    agreed_on = forms.DateField(
        required=False,
        label="When",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The date you agreed it.",
    )

    def clean(self):
        data = super().clean()
        given = [bool(data.get(f)) for f in ("what", "agreed_with", "agreed_on")]
        if any(given) and not all(given):
            raise forms.ValidationError("Say what was agreed, with whom, and when (or leave the row empty).")
        return data


AdjustmentFormSet = forms.formset_factory(AdjustmentForm, extra=2, max_num=20, absolute_max=20)


def adjustments_of(formset) -> list[dict[str, str]]:
    """The filled rows of a valid formset, as the service takes them."""
    rows = []
    for data in formset.cleaned_data:
        if data and data.get("what"):
            rows.append(
                {
                    "what": data["what"],
                    "agreed_with": data["agreed_with"],
                    "agreed_on": data["agreed_on"].isoformat(),  # machine date
                }
            )
    return rows
