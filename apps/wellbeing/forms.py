from django import forms

from apps.wellbeing.models import CheckIn, SupportContact
from apps.wellbeing.validation import (
    MAX_CONTACT_HOW,
    MAX_CONTACT_NAME,
    MAX_CONTACT_WHEN,
    MAX_MESSAGE_LENGTH,
    MAX_NOTE_LENGTH,
    validate_message,
    validate_note,
)


def _private_text(label: str) -> forms.CharField:
    """A check-in's own words (the note, what's helping): optional, private until shared."""
    return forms.CharField(
        required=False,
        validators=[validate_note],  # the service's rule; the browser stops at the same length
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE_LENGTH}),
        label=label,
        help_text="Private to you unless you choose to share it below.",
    )


class CheckInForm(forms.Form):
    mood = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        choices=[(value, f"{value} — {label}") for value, label in CheckIn.MOOD_LABELS.items()],
        widget=forms.RadioSelect,
        label="How are you today, on a scale? (optional)",
        help_text="A number is one way to say it. Words are just as good: use the boxes below instead if you prefer.",
    )
    helping = _private_text("What's helping, and what would help? (optional)")
    note = _private_text("Anything you want to note (optional)")
    share_with_supervisor = forms.BooleanField(
        required=False,
        label="Share this check-in with my supervisor",
        help_text="Managers and org admins never see check-ins. Only the supervisors you tick below read it.",
    )

    def clean(self):
        data = super().clean()
        if not data.get("share_with_supervisor"):
            # The peer supervisors are ticked for convenience; unshared, nobody is named.
            data.pop("readers", None)
        return data


class CheckInShareForm(forms.Form):
    """Who reads an existing check-in: the ``readers`` field is added by the view
    (``add_readers_field``)."""

    share_with_supervisor = forms.BooleanField(required=False, label="Shared with the supervisors ticked")

    def clean(self):
        data = super().clean()
        if not data.get("share_with_supervisor"):
            data["readers"] = []  # private: nobody is named, whatever was ticked
        return data


class StepAwayForm(forms.Form):
    until = forms.DateField(
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        label="Planned return date",
        help_text="You can change it, or come back earlier, at any time.",
    )
    message = forms.CharField(
        required=False,
        validators=[validate_message],  # the service's rule; the browser stops at the same length
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_MESSAGE_LENGTH}),
        label="Message to your supervisor (optional)",
        help_text=(
            "Only your peer and clinical supervisors of today read this (not line management, nor anyone who "
            "starts supervising you later). Every supervisor is told you stepped away, never why."
        ),
    )


class SupportContactForm(forms.Form):
    """One of the organisation's support contacts (the service checks the same limits)."""

    kind = forms.ChoiceField(choices=SupportContact.Kind.choices, label="Kind of support")
    name = forms.CharField(
        max_length=MAX_CONTACT_NAME, label="Name", help_text="For example: Employee Assistance Programme."
    )
    how_to_reach = forms.CharField(
        max_length=MAX_CONTACT_HOW,
        label="How to reach them",
        help_text="A phone number, e-mail or web address, and anything people need to say or know.",
    )
    when_available = forms.CharField(
        max_length=MAX_CONTACT_WHEN,
        required=False,
        label="When they are available (optional)",
        help_text="For example: any time, day or night; or weekdays 9am to 5pm.",
    )
