from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from apps.competencies.models import Competency, Domain, Framework
from apps.core.dates import prose_date
from apps.portfolio.evidence import EVIDENCE_KINDS, EvidenceKind


class CompetencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, competency: Competency) -> str:
        return f"{competency.code} {competency.title} — {competency.framework.name}"


class RecordLinkForm(forms.Form):
    """ "Link as evidence" on a record's own page: the record is fixed, the worker picks a competency."""

    competency = CompetencyChoiceField(queryset=Competency.objects.none(), label="Competency it is evidence for")
    kind = forms.CharField(widget=forms.HiddenInput, max_length=40)
    object_id = forms.UUIDField(widget=forms.HiddenInput)
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)

    def __init__(self, *args: Any, competencies: QuerySet[Competency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["competency"]).queryset = competencies


class EvidenceChoiceForm(forms.Form):
    """From the map: the competency is fixed, the worker picks one of their records."""

    record = forms.ChoiceField(label="Your record", help_text="Linking shares nothing: who can read it stays the same.")

    def __init__(self, *args: Any, records: list[tuple[EvidenceKind, list[Any]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for kind, rows in records:
            if rows:
                groups.append(
                    (
                        kind.label,
                        [(f"{kind.key}:{row.pk}", f"{kind.describe(row)} · {_date(kind, row)}") for row in rows],
                    )
                )
        cast(forms.ChoiceField, self.fields["record"]).choices = [("", "Choose…"), *groups]

    def clean_record(self) -> tuple[str, str]:
        key, _, object_id = self.cleaned_data["record"].partition(":")
        if key not in EVIDENCE_KINDS or not object_id:
            raise forms.ValidationError("Choose one of your records.")
        return key, object_id


def _date(kind: EvidenceKind, row: Any) -> str:
    day = kind.dated(row)
    return prose_date(day) if day else "no date"


class MapFilterForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=Framework.objects.none(), required=False, empty_label=None)
    domain = forms.ModelChoiceField(queryset=Domain.objects.none(), required=False, empty_label="All domains")

    def __init__(self, *args: Any, frameworks: QuerySet[Framework], domains: QuerySet[Domain], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["framework"]).queryset = frameworks
        cast(forms.ModelChoiceField, self.fields["domain"]).queryset = domains
