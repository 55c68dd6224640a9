from django import forms

from apps.competencies.certificates import max_bytes
from apps.competencies.models import Assessment, OrganisationalStatus, SignOff
from apps.competencies.services import MAX_COMMENT, MAX_NAME, MAX_NOTE, MAX_TRAINING_HOURS
from apps.core.dates import prose_date


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, reflection):
        seen_by = {
            "private": "only you can see it",
            "supervisor": "your supervisors can see it",
            "team": "your team and supervisors can see it",
        }.get(reflection.visibility, "")
        return f"{reflection.display_title} ({prose_date(reflection.occurred_on)}; {seen_by})"


class AssessmentForm(forms.Form):
    level = forms.ChoiceField(
        choices=Assessment.Level.choices, widget=forms.RadioSelect, label="Where are you with this?"
    )
    evidence = EvidenceChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Reflections you cite as evidence",
        help_text=(
            "Only your own reflections. Citing one does not share it: your supervisor sees it only if the "
            "reflection itself is shared with them."
        ),
    )

    def __init__(self, *args, reflections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = reflections


class SignOffForm(forms.Form):
    decision = forms.ChoiceField(choices=SignOff.Decision.choices, widget=forms.RadioSelect, label="Decision")
    comment = forms.CharField(
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you ask for more evidence. The worker reads it; managers never do.",
    )


class TrainingRecordForm(forms.Form):
    course = forms.CharField(max_length=MAX_NAME)
    provider = forms.CharField(max_length=MAX_NAME, required=False)
    completed_on = forms.DateField(label="Completed on", widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(
        label="Expires on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty if it does not expire. You are reminded 30 days before.",
    )
    hours = forms.DecimalField(
        label="Hours",
        required=False,
        min_value=0,
        max_value=MAX_TRAINING_HOURS,
        decimal_places=1,
        max_digits=5,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        help_text="Optional. How many hours the course took; they count towards your credential hours.",
    )
    certificate = forms.FileField(
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
        help_text=f"Optional. PDF, PNG or JPEG, at most {max_bytes() // (1024 * 1024)} MB.",
    )


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(
        label="Framework file",
        widget=forms.FileInput(attrs={"accept": ".yaml,.yml,.csv"}),
        help_text="A YAML or CSV file in the format of the shipped framework. Loading the same file again changes nothing.",
    )


class RequirementsForm(forms.Form):
    competencies = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Required competencies"
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = competencies


class FrameworkChoiceForm(forms.Form):
    frameworks = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Frameworks your roles use",
        help_text="Role requirements and the evidence map offer only these. Choose at least one.",
    )

    def __init__(self, *args, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frameworks"].queryset = frameworks


class AssessorForm(forms.Form):
    """The worker picks who signs off their competencies among their supervisors."""

    assessor = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Who signs off your competencies?",
        help_text="Only the person you choose can sign off. You can change it at any time; nobody else can.",
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].choices = [
            (str(o["id"]), f"{o['display_name']} ({', '.join(o['kinds'])})") for o in options
        ]


class OrganisationalStatusForm(forms.Form):
    """Where the team (or the organisation) stands on one organisational competence."""

    competency = forms.ChoiceField(label="What the organisation provides")
    status = forms.ChoiceField(
        choices=OrganisationalStatus.Status.choices, widget=forms.RadioSelect, label="Where it stands"
    )
    note = forms.CharField(
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. What is in place or planned. Every peer worker of the team reads it: write about the organisation, never about a person.",
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [(str(c.pk), f"{c.code} {c.title}") for c in competencies]
