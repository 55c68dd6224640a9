from django import forms
from django.conf import settings

from apps.imports import columns as cols
from apps.imports.models import Kind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.PEOPLE, label="What the file holds"
    )
    file = forms.FileField(
        label="File (CSV or Excel .xlsx)",
        help_text="The first row holds the column headings. CSV in UTF-8 or Windows-1252; at most 50 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"This file is {upload.size / 1_000_000:.1f} MB; the most we take is {limit // 1_000_000} MB. "
                "Split it into smaller files."
            )
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError("Upload a CSV file (.csv) or an Excel workbook (.xlsx).")
        return upload


class ColumnsForm(forms.Form):
    """One choice per field: which of the file's columns holds it (or none)."""

    def __init__(self, *args, kind: str, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— not in this file —")] + [(h, h) for h in headers if h]
        for f in cols.FIELDS[kind]:
            self.fields[f.name] = forms.ChoiceField(choices=choices, required=False, label=f.heading, help_text=f.help)
