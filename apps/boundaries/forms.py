from django import forms

from apps.boundaries.models import BoundaryNote

NO_IDENTIFIERS = (
    "Never identify a service user: no names, initials, dates of birth, addresses, "
    "or details that would let someone work out who they are."
)


class BoundaryNoteForm(forms.Form):
    occurred_on = forms.DateField(
        label="When did it happen?", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    category = forms.ChoiceField(label="What kind of boundary situation?", choices=BoundaryNote.Category.choices)
    situation = forms.CharField(
        label="The situation",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=NO_IDENTIFIERS,
    )
    what_i_shared = forms.CharField(
        label="What I shared (of my own lived experience, if anything)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reasoning = forms.CharField(
        label="My reasoning", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    risk = forms.ChoiceField(
        label="How much risk do you see?",
        choices=BoundaryNote.Risk.choices,
        initial=BoundaryNote.Risk.LOW,
        widget=forms.RadioSelect,
    )


class ReviewForm(forms.Form):
    response = forms.CharField(
        label="Your response to the author", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    follow_up_needed = forms.BooleanField(
        label="Follow-up needed (e.g. talk it through in supervision)", required=False
    )


class FollowUpForm(forms.Form):
    body = forms.CharField(
        label="Add a later thought",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your note's text stays as it was reviewed; later thoughts are added here. " + NO_IDENTIFIERS,
    )


class NoteSharingForm(forms.Form):
    """Who reads the note: the ``readers`` field is added by the view (``add_readers_field``)."""
