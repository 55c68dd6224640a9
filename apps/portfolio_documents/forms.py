from datetime import timedelta

from django import forms

from apps.accounts.models import User
from apps.core.dates import prose_date
from apps.portfolio_documents.sections import ticked_sections
from apps.portfolio_documents.services import worker_today
from apps.reflections.models import Reflection


class ReflectionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Reflection) -> str:
        return f"{obj.display_title} ({prose_date(obj.occurred_on)})"


class DocumentForm(forms.Form):
    starts_on = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    sections = forms.MultipleChoiceField(
        label="Sections",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick what goes in. Nothing else leaves pspteam in this document.",
    )
    reflections = ReflectionChoiceField(
        queryset=Reflection.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Reflections to include, in full",
        help_text="None unless you pick them, one by one. Private ones too, if you choose: it is your document.",
    )

    def __init__(self, *args, worker: User, reflections, **kwargs):
        today = worker_today(worker)
        kwargs.setdefault("initial", {"starts_on": today - timedelta(days=365), "ends_on": today})
        super().__init__(*args, **kwargs)
        sections = self.fields["sections"]
        assert isinstance(sections, forms.MultipleChoiceField)
        sections.choices = [(s.key, s.title) for s in ticked_sections()]
        picker = self.fields["reflections"]
        assert isinstance(picker, forms.ModelMultipleChoiceField)
        picker.queryset = reflections
        self.section_hints = {s.key: s.hint for s in ticked_sections()}
